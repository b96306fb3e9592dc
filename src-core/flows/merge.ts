// Merged view for exporters: one entry per (source, destination, protocol) with coalesced ports.
import type { PortRange } from '../catalog/types';
import { compareStrings } from '../util/compare';
import { coalescePorts } from './ports';
import type { Flow, MergedFlow } from './types';

/**
 * Groups non-local flows by (from, to, protocol) and coalesces their ports. Sorted by source
 * node id, destination node id, then protocol; flows inside a group keep engine order.
 */
export function mergeFlows(flows: readonly Flow[]): readonly MergedFlow[] {
  // Every exporter merges the whole plan (tens of thousands of flows), so grouping avoids a key
  // string per flow: node ids and protocols get small ordinals, and a group is found by number.
  const ordinals = new Map<string, number>();
  const ids: string[] = [];
  const ordinal = (id: string): number => {
    let n = ordinals.get(id);
    if (n === undefined) {
      n = ids.length;
      ordinals.set(id, n);
      ids.push(id);
    }
    return n;
  };
  const protocolOrdinals = new Map<string, number>();
  const protocols: string[] = [];
  /** Per source ordinal: (destination ordinal × protocol count bound + protocol ordinal) → group. */
  const bySource: Map<number, Flow[]>[] = [];
  const PROTOCOL_SLOTS = 16;
  for (const flow of flows) {
    if (flow.local) continue;
    const from = ordinal(flow.from);
    const to = ordinal(flow.to);
    let p = protocolOrdinals.get(flow.protocol);
    if (p === undefined) {
      p = protocols.length;
      protocolOrdinals.set(flow.protocol, p);
      protocols.push(flow.protocol);
    }
    if (p >= PROTOCOL_SLOTS) return mergeBySortedKeys(flows);
    const groups = (bySource[from] ??= new Map());
    const key = to * PROTOCOL_SLOTS + p;
    const group = groups.get(key);
    if (group) group.push(flow);
    else groups.set(key, [flow]);
  }
  // Ranks of ids and protocols in sorted order; (from, to, protocol) is unique per group, so
  // ordering by the ranks is exactly the order of one sort by the three strings.
  const idRank = rankOf(ids);
  const protocolRank = rankOf(protocols);
  const sources = [...ids.keys()]
    .filter((i) => bySource[i])
    .sort((a, b) => idRank[a]! - idRank[b]!);
  const merged: MergedFlow[] = [];
  for (const source of sources) {
    const groups = bySource[source]!;
    const keys = [...groups.keys()];
    if (keys.length > 1) {
      keys.sort(
        (a, b) =>
          idRank[Math.floor(a / PROTOCOL_SLOTS)]! - idRank[Math.floor(b / PROTOCOL_SLOTS)]! ||
          protocolRank[a % PROTOCOL_SLOTS]! - protocolRank[b % PROTOCOL_SLOTS]!,
      );
    }
    for (const key of keys) {
      const group = groups.get(key)!;
      const first = group[0]!;
      merged.push({
        from: first.from,
        to: first.to,
        protocol: first.protocol,
        ports: portsOf(group),
        flows: group,
      });
    }
  }
  return merged;
}

/** rank[i] = position of values[i] in sorted order (values are distinct). */
function rankOf(values: readonly string[]): number[] {
  const order = [...values.keys()].sort((a, b) => compareStrings(values[a]!, values[b]!));
  const rank = new Array<number>(values.length);
  order.forEach((v, i) => (rank[v] = i));
  return rank;
}

/** Fallback for plans with an unexpected number of protocols: group by a string key. */
function mergeBySortedKeys(flows: readonly Flow[]): readonly MergedFlow[] {
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
      ports: portsOf(group),
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

/** The group's ports coalesced; a single flow needs no sorting (same result as coalescePorts). */
function portsOf(group: readonly Flow[]): PortRange[] {
  if (group.length === 1) {
    const r = group[0]!.ports;
    return [{ start: r.start, end: r.end }];
  }
  return coalescePorts(group.map((f) => f.ports));
}
