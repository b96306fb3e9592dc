// The built-in catalog editions: one explicit table, each edition validated on its first use.
import vbr12Pve from '../../resources/catalogs/vbr12-pve.json';
import vbr13Pve from '../../resources/catalogs/vbr13-pve.json';
import type { Catalog } from './types';
import { parseCatalog } from './schema';

/**
 * Raw data of every built-in edition, oldest first. Registering an edition = one import above
 * and one row here; no other code changes.
 */
const EDITION_DATA: readonly unknown[] = [vbr12Pve, vbr13Pve];

/** Edition id of raw data, read before validation (validation then checks it is a string). */
function editionOf(data: unknown): string {
  return String((data as { edition?: unknown }).edition);
}

/**
 * Validated editions, by index in EDITION_DATA. Each edition is validated on its first use, so
 * a command on a plan of one edition does not pay for validating the others.
 */
const validated: (Catalog | undefined)[] = [];

function load(index: number): Catalog {
  let catalog = validated[index];
  if (!catalog) {
    const data = EDITION_DATA[index];
    catalog = Object.freeze(parseCatalog(data, `#${index} (${editionOf(data)})`));
    validated[index] = catalog;
  }
  return catalog;
}

/** Every built-in catalog edition, in registration order. */
export function listCatalogs(): readonly Catalog[] {
  return EDITION_DATA.map((_, i) => load(i));
}

/** Ids of the built-in editions. */
export function catalogEditions(): readonly string[] {
  return listCatalogs().map((c) => c.edition);
}

/** The catalog of an edition, or null when it is not built in. */
export function findCatalog(edition: string): Catalog | null {
  const index = EDITION_DATA.findIndex((data) => editionOf(data) === edition);
  return index < 0 ? null : load(index);
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
