// Merged view for exporters: one entry per (source, destination, protocol) with coalesced ports.
import { compareStrings } from '../util/compare';
import { coalescePorts } from './ports';
import type { Flow, MergedFlow } from './types';

/**
 * Groups non-local flows by (from, to, protocol) and coalesces their ports. Sorted by source
 * node id, destination node id, then protocol; flows inside a group keep engine order.
 */
export function mergeFlows(flows: readonly Flow[]): readonly MergedFlow[] {
  const groups = new Map<string, Flow[]>();
  for (const flow of flows) {
    if (flow.local) continue;
    const key = `${flow.from}\n${flow.to}\n${flow.protocol}`;
    const group = groups.get(key);
    if (group) group.push(flow);
    else groups.set(key, [flow]);
  }
  const merged: MergedFlow[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    merged.push({
      from: first.from,
      to: first.to,
      protocol: first.protocol,
      ports: coalescePorts(group.map((f) => f.ports)),
      flows: group,
    });
  }
  return merged.sort(
    (a, b) =>
      compareStrings(a.from, b.from) ||
      compareStrings(a.to, b.to) ||
      compareStrings(a.protocol, b.protocol),
  );
}
