// Group nodes: one node standing for many hosts (address ranges, networks, named members).
import type { PlanNode } from './types';
import { entryBounds, parseAddressEntry } from '../util/ip';

/**
 * A group node stands for many hosts: it has a `members` list (even empty, which is how the
 * user says "this node is a group") or an address range. Its networks are intended, so they
 * are not warned about as "a whole network".
 */
export function isGroupNode(node: Pick<PlanNode, 'addresses' | 'members'>): boolean {
  return (
    Array.isArray(node.members) ||
    (node.addresses ?? []).some((a) => typeof a === 'string' && a.includes('-'))
  );
}

/**
 * How many hosts a node stands for: 1 for a plain node; for a group, the distinct addresses its
 * ranges, networks and members cover (at least 1), overlaps counted once. IPv4 networks shorter
 * than /31 lose their network and broadcast addresses. Saturates at Number.MAX_SAFE_INTEGER.
 */
export function hostCount(node: Pick<PlanNode, 'addresses' | 'members'>): number {
  if (!isGroupNode(node)) return 1;
  const spans: { kind: string; first: bigint; last: bigint }[] = [];
  const texts = [...(node.addresses ?? []), ...(node.members ?? []).map((m) => m.address)];
  for (const text of texts) {
    const e = typeof text === 'string' ? parseAddressEntry(text) : null;
    if (!e) continue;
    let { first, last } = entryBounds(e);
    if (e.form === 'address' && e.kind === 'ipv4' && e.prefix < 31) {
      first += 1n;
      last -= 1n;
    }
    spans.push({ kind: e.kind, first, last });
  }
  spans.sort((a, b) =>
    a.kind !== b.kind
      ? a.kind < b.kind
        ? -1
        : 1
      : a.first < b.first
        ? -1
        : a.first > b.first
          ? 1
          : 0,
  );
  let total = 0n;
  let current: { kind: string; first: bigint; last: bigint } | null = null;
  for (const s of spans) {
    if (current && current.kind === s.kind && s.first <= current.last + 1n) {
      if (s.last > current.last) current.last = s.last;
      continue;
    }
    if (current) total += current.last - current.first + 1n;
    current = { ...s };
  }
  if (current) total += current.last - current.first + 1n;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Math.max(1, Number(total > max ? max : total));
}
