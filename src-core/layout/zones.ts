// Zone membership from addresses: which zone a node belongs to by its addresses, and re-deriving it
// for the nodes that follow their address after an edit.
import type { Plan, PlanNode, PlanZone } from '../plan/types';
import { networkContains, parseAddress, parseCidr } from '../util/ip';

/**
 * The zone whose networks hold the node's addresses, when exactly one zone holds any of them;
 * null when none does, when two zones claim them (nested or overlapping networks) or the node has
 * no parseable address. Never guesses: an ambiguous address keeps whatever zone the node has.
 */
export function zoneForAddresses(
  addresses: readonly string[],
  zones: readonly PlanZone[],
): string | null {
  const found = new Set<string>();
  for (const text of addresses) {
    const a = parseAddress(text);
    if (!a) continue;
    for (const z of zones) {
      if (
        z.cidrs.some((c) => {
          const net = parseCidr(c);
          return net !== null && networkContains(net, a);
        })
      ) {
        found.add(z.id);
      }
    }
  }
  if (found.size !== 1) return null;
  return [...found][0] ?? null;
}

/** True when the node's zone follows its address (the user has not chosen one by hand). */
export function followsAddress(node: PlanNode): boolean {
  return node.zonePinned !== true;
}

/**
 * The zone a node should be in after an edit: the address-derived zone for a node that follows its
 * address and has one, otherwise the zone it has.
 */
export function derivedZone(node: PlanNode, zones: readonly PlanZone[]): string | null {
  const current = node.zone ?? null;
  if (!followsAddress(node)) return current;
  return zoneForAddresses(node.addresses, zones) ?? current;
}

/** Ids of the nodes whose zone an address rule changes, with the zone each gets. */
export function rezonedNodes(plan: Plan): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const n of plan.nodes) {
    const z = derivedZone(n, plan.zones);
    if (z !== (n.zone ?? null)) out.set(n.id, z);
  }
  return out;
}
