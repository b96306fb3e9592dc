// Test oracle: what flows need and what a policy permits, as exact sets of (point, family, source, destination, protocol, port) cells.
import type { Catalog } from '../../catalog/types';
import type { FlowResult } from '../../flows/types';
import type { Plan } from '../../plan/types';
import { parseAddress } from '../../util/ip';
import type { IpFamily, Policy } from '../types';

/** An inclusive interval of addresses or ports. */
interface Interval {
  readonly lo: bigint;
  readonly hi: bigint;
}

/**
 * Elementary intervals of a set of intervals: cut at every start and every end + 1, so any of
 * the intervals is exactly a union of elementary ones. Cells then compare sets of any size
 * (a /64, a 16 000-port range) by a handful of keys.
 */
class Refinement {
  readonly #cuts: bigint[];

  constructor(intervals: Iterable<Interval>) {
    const cuts = new Set<bigint>();
    for (const i of intervals) {
      cuts.add(i.lo);
      cuts.add(i.hi + 1n);
    }
    this.#cuts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Indexes of the elementary intervals making up `i` (its ends must be cuts). */
  pieces(i: Interval): number[] {
    const start = this.#cuts.indexOf(i.lo);
    const end = this.#cuts.indexOf(i.hi + 1n);
    if (start < 0 || end < 0) throw new Error(`interval ${i.lo}-${i.hi} is not on the cuts`);
    const out: number[] = [];
    for (let k = start; k < end; k++) out.push(k);
    return out;
  }
}

/** Address intervals of an address text, by this oracle's own reading (not the policy's). */
export function oracleIntervals(text: string): { family: IpFamily; interval: Interval } | null {
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const a = oracleIntervals(text.slice(0, dash));
    const b = oracleIntervals(text.slice(dash + 1));
    if (!a || !b || a.family !== b.family || a.interval.lo !== a.interval.hi) return null;
    if (b.interval.lo !== b.interval.hi || a.interval.lo > b.interval.lo) return null;
    return { family: a.family, interval: { lo: a.interval.lo, hi: b.interval.lo } };
  }
  const p = parseAddress(text.trim());
  if (!p) return null;
  const bits = p.kind === 'ipv4' ? 32 : 128;
  let n = 0n;
  for (const b of p.address.toByteArray()) n = n * 256n + BigInt(b);
  const span = 2n ** BigInt(bits - p.prefix);
  const lo = n - (n % span);
  return { family: p.kind === 'ipv4' ? 4 : 6, interval: { lo, hi: lo + span - 1n } };
}

function parseText(text: string): bigint {
  const r = oracleIntervals(text);
  if (!r || r.interval.lo !== r.interval.hi) throw new Error(`not an address: ${text}`);
  return r.interval.lo;
}

/** The two sets the least-privilege property compares. */
export interface CellSets {
  readonly needed: ReadonlySet<string>;
  readonly permitted: ReadonlySet<string>;
}

/**
 * Needed: every non-local flow between two known nodes, at the network point of its zone pair
 * (when the zones differ) and at its destination's host point (unless an update repository),
 * for each family both ends have, over every address of each end and every port. Permitted:
 * every rule's cross product over its groups' runs and service ports. Both as cells of one
 * common refinement.
 */
export function cellSets(
  plan: Plan,
  catalog: Catalog,
  result: FlowResult,
  policy: Policy,
): CellSets {
  const nodes = new Map<string, Plan['nodes'][number]>();
  for (const n of plan.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const internet = new Set(
    catalog.componentTypes.filter((t) => t.defaultOs === 'internet').map((t) => t.id),
  );
  const addressesOf = new Map<string, { family: IpFamily; interval: Interval }[]>();
  for (const [id, n] of nodes) {
    addressesOf.set(
      id,
      // A group node's members are its hosts as much as its addresses are.
      [...n.addresses, ...(n.members ?? []).map((m) => m.address)].flatMap((a) => {
        const r = typeof a === 'string' ? oracleIntervals(a) : null;
        return r ? [r] : [];
      }),
    );
  }
  const groups = new Map(policy.addressGroups.map((g) => [g.name, g]));
  const services = new Map(policy.serviceGroups.map((s) => [s.name, s]));

  const allAddresses: Record<IpFamily, Interval[]> = { 4: [], 6: [] };
  for (const list of addressesOf.values()) {
    for (const a of list) allAddresses[a.family].push(a.interval);
  }
  for (const g of policy.addressGroups) {
    for (const r of g.runs)
      allAddresses[r.family].push({ lo: parseText(r.first), hi: parseText(r.last) });
  }
  const ports: Interval[] = [];
  for (const f of result.flows) ports.push({ lo: BigInt(f.ports.start), hi: BigInt(f.ports.end) });
  for (const s of policy.serviceGroups) {
    for (const p of s.ports) ports.push({ lo: BigInt(p.start), hi: BigInt(p.end) });
  }
  const addr: Record<IpFamily, Refinement> = {
    4: new Refinement(allAddresses[4]),
    6: new Refinement(allAddresses[6]),
  };
  const port = new Refinement(ports);

  const cells = (
    out: Set<string>,
    point: string,
    family: IpFamily,
    src: Interval,
    dst: Interval,
    protocol: string,
    p: Interval,
  ) => {
    for (const s of addr[family].pieces(src)) {
      for (const d of addr[family].pieces(dst)) {
        for (const q of port.pieces(p)) out.add(`${point}|${family}|${s}|${d}|${protocol}|${q}`);
      }
    }
  };

  const needed = new Set<string>();
  for (const f of result.flows) {
    if (f.local || f.from === f.to) continue;
    const from = nodes.get(f.from);
    const to = nodes.get(f.to);
    if (!from || !to) continue;
    const points: string[] = [];
    const zoneOf = (z: unknown) =>
      typeof z === 'string' && plan.zones.some((x) => x.id === z) ? z : '';
    const fz = zoneOf(from.zone);
    const tz = zoneOf(to.zone);
    if (fz !== tz) points.push(`net:${fz}>${tz}`);
    if (!internet.has(to.type)) points.push(`host:${to.id}`);
    const p = { lo: BigInt(f.ports.start), hi: BigInt(f.ports.end) };
    for (const point of points) {
      for (const a of addressesOf.get(f.from)!) {
        for (const b of addressesOf.get(f.to)!) {
          if (a.family === b.family)
            cells(needed, point, a.family, a.interval, b.interval, f.protocol, p);
        }
      }
    }
  }

  const permitted = new Set<string>();
  for (const set of policy.ruleSets) {
    for (const rule of set.rules) {
      const src = groups.get(rule.source)!;
      const dst = groups.get(rule.destination)!;
      const svc = services.get(rule.service)!;
      for (const a of src.runs) {
        for (const b of dst.runs) {
          for (const p of svc.ports) {
            cells(
              permitted,
              set.point.id,
              rule.family,
              { lo: parseText(a.first), hi: parseText(a.last) },
              { lo: parseText(b.first), hi: parseText(b.last) },
              svc.protocol,
              { lo: BigInt(p.start), hi: BigInt(p.end) },
            );
          }
        }
      }
    }
  }
  return { needed, permitted };
}
