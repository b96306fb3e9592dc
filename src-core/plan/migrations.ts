// Plan format migrations: one function per version step, applied in order on load.
import { PLAN_FORMAT_VERSION } from './types';

/** Turns a document of version `n` into one of version `n + 1`. Input is untrusted. */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Version 0 is the pre-release draft shape: edges instead of connections
 * (`{id, source, target}`), one `address` string per node, `x`/`y` on the node, `roles` for
 * extra roles, and no catalog (only `vbr12-pve` existed). Fields version 1 does not know
 * are kept.
 */
function fromVersion0(doc: Record<string, unknown>): Record<string, unknown> {
  const { edges, ...rest } = doc;
  const nodes = Array.isArray(doc.nodes)
    ? doc.nodes.map((n: unknown) => {
        if (!isRecord(n)) return n;
        const { address, x, y, roles, ...node } = n;
        return {
          ...node,
          addresses: node.addresses ?? (typeof address === 'string' ? [address] : []),
          extraRoles: node.extraRoles ?? roles ?? [],
          position: node.position ?? { x: x ?? 0, y: y ?? 0 },
        };
      })
    : doc.nodes;
  const connections = Array.isArray(edges)
    ? edges.map((e: unknown) => {
        if (!isRecord(e)) return e;
        const { source, target, ...edge } = e;
        return { ...edge, from: source, to: target };
      })
    : (doc.connections ?? []);
  return {
    ...rest,
    version: 1,
    catalog: doc.catalog ?? 'vbr12-pve',
    options: doc.options ?? {},
    zones: doc.zones ?? [],
    nodes,
    connections,
  };
}

/**
 * Migrations by the version they start from. Adding version N+1: bump PLAN_FORMAT_VERSION in
 * types.ts, change the schema, add `N: fromVersionN` here and a test with a version-N file.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  0: fromVersion0,
};

/** Oldest version this build can read. */
export const OLDEST_PLAN_VERSION = 0;

/** Applies every step from `version` up to the current one. */
export function migrate(doc: Record<string, unknown>, version: number): Record<string, unknown> {
  let current = doc;
  for (let v = version; v < PLAN_FORMAT_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from plan format version ${v}`);
    current = step(current);
  }
  return current;
}
