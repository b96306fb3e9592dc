// Group nodes: one node standing for many hosts (address ranges, networks, named members).
import type { PlanNode } from './types';
import { entrySize, parseAddressEntry } from '../util/ip';

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
 * How many hosts a node stands for: 1 for a plain node; for a group, its members when it lists
 * any, else the hosts its ranges and networks cover (at least 1). IPv4 networks shorter than
 * /31 lose their network and broadcast addresses. Saturates at Number.MAX_SAFE_INTEGER.
 */
export function hostCount(node: Pick<PlanNode, 'addresses' | 'members'>): number {
  if (!isGroupNode(node)) return 1;
  const members = node.members ?? [];
  if (members.length > 0) return members.length;
  let total = 0n;
  for (const text of node.addresses ?? []) {
    const e = parseAddressEntry(text);
    if (!e) continue;
    let size = entrySize(e);
    if (e.form === 'address' && e.kind === 'ipv4' && e.prefix < 31) size -= 2n;
    total += size;
  }
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Math.max(1, Number(total > max ? max : total));
}
