// The nodes "Connect to…" offers: every other node, filtered by a search over name, hostname,
// address and type, with the ones already connected marked (they cannot be chosen again).
import type { ComponentType } from '../../../src-core/catalog/types';
import type { Plan } from '../../../src-core/plan/types';
import { compareStrings } from '../../../src-core/util/compare';

/** One row of the list. */
export interface ConnectCandidate {
  readonly id: string;
  readonly name: string;
  readonly typeLabel: string;
  /** First address or hostname, for telling same-named nodes apart. */
  readonly detail: string;
  /** Already connected to the node the dialog is for. */
  readonly connected: boolean;
}

/**
 * Other nodes matching `query` (every whitespace-separated word must occur, case-insensitively, in
 * the name, hostname, an address or the type label), sorted by name then id: connectable ones
 * first, already connected ones after them.
 */
export function connectCandidates(
  plan: Plan,
  from: string,
  query: string,
  types: ReadonlyMap<string, ComponentType>,
): ConnectCandidate[] {
  const linked = new Set<string>();
  for (const c of plan.connections) {
    if (c.from === from) linked.add(c.to);
    else if (c.to === from) linked.add(c.from);
  }
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: ConnectCandidate[] = [];
  for (const n of plan.nodes) {
    if (n.id === from) continue;
    const typeLabel = types.get(n.type)?.label ?? n.type;
    const haystack = [n.name, n.hostname ?? '', ...n.addresses, typeLabel].join(' ').toLowerCase();
    if (!words.every((w) => haystack.includes(w))) continue;
    out.push({
      id: n.id,
      name: n.name,
      typeLabel,
      detail: n.addresses[0] ?? n.hostname ?? '',
      connected: linked.has(n.id),
    });
  }
  return out.sort(
    (a, b) =>
      Number(a.connected) - Number(b.connected) ||
      compareStrings(a.name, b.name) ||
      compareStrings(a.id, b.id),
  );
}
