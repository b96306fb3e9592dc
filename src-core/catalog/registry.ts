// The built-in catalog editions: one explicit table, validated on first use.
import vbr12Pve from '../../resources/catalogs/vbr12-pve.json';
import vbr13Pve from '../../resources/catalogs/vbr13-pve.json';
import type { Catalog } from './types';
import { parseCatalog } from './schema';

/**
 * Raw data of every built-in edition, oldest first. Registering an edition = one import above
 * and one row here; no other code changes.
 */
const EDITION_DATA: readonly unknown[] = [vbr12Pve, vbr13Pve];

let loaded: readonly Catalog[] | null = null;

function load(): readonly Catalog[] {
  if (!loaded) {
    loaded = EDITION_DATA.map((data, i) => {
      const label = `#${i} (${String((data as { edition?: unknown }).edition)})`;
      return Object.freeze(parseCatalog(data, label));
    });
  }
  return loaded;
}

/** Every built-in catalog edition, in registration order. */
export function listCatalogs(): readonly Catalog[] {
  return load();
}

/** Ids of the built-in editions. */
export function catalogEditions(): readonly string[] {
  return load().map((c) => c.edition);
}

/** The catalog of an edition, or null when it is not built in. */
export function findCatalog(edition: string): Catalog | null {
  return load().find((c) => c.edition === edition) ?? null;
}

/** The catalog of an edition; throws for an unknown edition. */
export function getCatalog(edition: string): Catalog {
  const catalog = findCatalog(edition);
  if (!catalog) {
    throw new Error(
      `Unknown catalog edition "${edition}" (known: ${catalogEditions().join(', ')})`,
    );
  }
  return catalog;
}
