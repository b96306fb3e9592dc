// Policy builder: flows → least-privilege rule sets per enforcement point over named address and service groups.
import { nodeOs } from '../catalog/options';
import type { Catalog, CatalogRule, PortRange, Protocol, SourceRef } from '../catalog/types';
import { coalescePorts, formatPorts } from '../flows/ports';
import type { Flow, FlowResult } from '../flows/types';
import type { Plan, PlanNode } from '../plan/types';
import { appendAll, sortStable } from '../util/arrays';
import { compareStrings } from '../util/compare';
import { type NumericRun, mergeRuns, parseRun, toAddressRun } from './addresses';
import { NameTable, candidateNames, fitName } from './names';
import type {
  AddressGroup,
  AddressRun,
  EnforcementPoint,
  IpFamily,
  Policy,
  PolicyOptions,
  PolicyRule,
  PolicyScope,
  RuleSet,
  ServiceGroup,
  UnresolvedFlow,
} from './types';

/** What the builder knows about one node. */
interface NodeEntry {
  /** Rank in id order: node lists sort by it, so output never depends on plan order. */
  readonly ord: number;
  readonly node: PlanNode;
  /** Zone id, '' when in no zone. */
  readonly zone: string;
  /**
   * Number of the node's partition (zone, type and extra roles): only nodes of one partition
   * share an address group.
   */
  readonly partition: number;
  /** Merged runs of each family. */
  readonly runs: Readonly<Record<IpFamily, readonly NumericRun[]>>;
  /** The families the node has addresses of, as {@link familyBit}s. */
  readonly families: number;
  /** IPv4 runs as plain numbers with their texts, for merging groups without bigints. */
  readonly spans4: readonly Span[];
  /** `runs` as texts, made once: a node is in many groups, alone or with others. */
  readonly addressRuns: Readonly<Record<IpFamily, readonly AddressRun[]>>;
  /** An internet endpoint (update repository / CDN): it has no host firewall of ours. */
  readonly internet: boolean;
}

/** The flows one (source, destination, protocol) needs at one enforcement point and family. */
interface PairNeed {
  readonly from: NodeEntry;
  readonly to: NodeEntry;
  readonly protocol: Protocol;
  /** Families both nodes have addresses of ({@link familyBit}s). */
  readonly families: number;
  readonly flows: Flow[];
  /**
   * The pair's service atoms, made on first use (both families need the same). Every field is
   * set from the start, `undefined` until known: objects of one shape keep the hot loops fast.
   */
  atoms: readonly Atom[] | undefined;
}

/**
 * One coalesced port range of a pair: its source, service candidate and the flows it serves.
 * It is also what the pair's destination needs from that source (see groupRows).
 */
type Atom = Need;

/** One service atom a source needs into a destination: the service and the flows behind it. */
interface Need {
  readonly from: NodeEntry;
  readonly service: ServiceCandidate;
  readonly flows: readonly Flow[];
}

/** A service group before it has a name. */
interface ServiceCandidate {
  readonly key: string;
  readonly protocol: Protocol;
  readonly range: PortRange;
  /** Catalog service id when every flow of the atom belongs to that one service. */
  readonly service: string | undefined;
  /** True when a node's port override made these ports (the catalog's own keep the plain name). */
  readonly overridden: boolean;
  /** Rank in order of first use, for numeric keys. */
  readonly ordinal: number;
  /** The named group, once made. */
  group: ServiceGroup | undefined;
}

/** An address group before it has a name: one family, nodes of one partition. */
interface AddressCandidate {
  readonly key: string;
  readonly family: IpFamily;
  /** Sorted by ord. */
  readonly nodes: readonly NodeEntry[];
  /** The named group, once made. */
  group: AddressGroup | undefined;
}

/** A rule before names: source and destination candidates, a service candidate, its flows. */
interface Row {
  readonly family: IpFamily;
  readonly source: AddressCandidate;
  readonly destination: AddressCandidate;
  readonly service: ServiceCandidate;
  readonly flows: readonly Flow[];
}

/**
 * One enforcement point while it is built: the flows it carries, in flow order, as parallel
 * lists (no object per flow), then its rows. Its pairs live only while its rows are made, so
 * a large plan's intermediate objects die young instead of all surviving to the end.
 */
interface PointAcc {
  readonly point: EnforcementPoint;
  flows: Flow[];
  /** Numeric (source, destination, protocol) key of each flow (see computePolicy). */
  keys: number[];
  froms: NodeEntry[];
  tos: NodeEntry[];
  rows: Row[];
}

function addFlow(acc: PointAcc, key: number, from: NodeEntry, to: NodeEntry, flow: Flow): void {
  acc.flows.push(flow);
  acc.keys.push(key);
  acc.froms.push(from);
  acc.tos.push(to);
}

/** The point's flows by (source, destination, protocol), in order of first flow. */
function pairsOf(acc: PointAcc): PairNeed[] {
  const pairs = new Map<number, PairNeed>();
  const list: PairNeed[] = [];
  const { flows, keys, froms, tos } = acc;
  for (let i = 0; i < flows.length; i++) {
    const flow = flows[i]!;
    const pair = pairs.get(keys[i]!);
    if (pair) pair.flows.push(flow);
    else {
      const from = froms[i]!;
      const to = tos[i]!;
      const families = from.families & to.families;
      const created: PairNeed = {
        from,
        to,
        families,
        protocol: flow.protocol,
        flows: [flow],
        atoms: undefined,
      };
      pairs.set(keys[i]!, created);
      list.push(created);
    }
  }
  return list;
}

/** True when both nodes have an address of one family (else no rule can carry their flows). */
function shareFamily(a: NodeEntry, b: NodeEntry): boolean {
  return (a.families & b.families) !== 0;
}

/** One bit per family, so "has addresses of the family" is one test on the pair itself. */
function familyBit(family: IpFamily): number {
  return family === 4 ? 1 : 2;
}

const FAMILIES: readonly IpFamily[] = [4, 6];

/**
 * The rule sets of a plan: one per network firewall between two zones a flow crosses
 * (`net:<from>><to>`, '' for nodes in no zone) and one per host firewall receiving flows
 * (`host:<id>`, inbound rows only; internet endpoints have none). Local flows never appear.
 *
 * Least privilege by construction: destinations share an address group only when they receive
 * exactly the same (source, service) set, and sources share one only when they send the same
 * service to that whole destination group, so every row's cross product is needed. Groups never
 * mix zones, component types or IP families. Deterministic: independent of the order of the
 * plan's arrays and of the flows.
 */
export function buildPolicy(
  plan: Plan,
  catalog: Catalog,
  result: FlowResult,
  options: PolicyOptions = {},
): Policy {
  const policy = wholePolicy(plan, catalog, result);
  return options.scope && options.scope.kind !== 'all'
    ? scopePolicy(policy, options.scope, plan)
    : policy;
}

/**
 * The whole plan's policy, built once per flow result: the report, its preview and every
 * network-firewall export of one result share it (the result object changes on every edit).
 */
const cache = new WeakMap<FlowResult, { plan: Plan; catalog: Catalog; policy: Policy }>();

function wholePolicy(plan: Plan, catalog: Catalog, result: FlowResult): Policy {
  const hit = cache.get(result);
  if (hit && hit.plan === plan && hit.catalog === catalog) return hit.policy;
  const policy = computePolicy(plan, catalog, result);
  cache.set(result, { plan, catalog, policy });
  return policy;
}

function computePolicy(plan: Plan, catalog: Catalog, result: FlowResult): Policy {
  const nodes = describeNodes(plan, catalog);
  const rules = new Map<string, CatalogRule>();
  for (const r of catalog.rules) if (!rules.has(r.id)) rules.set(r.id, r);

  const points: PointAcc[] = [];
  const networkPoints = new Map<string, Map<string, PointAcc>>();
  const hostPoints: (PointAcc | undefined)[] = [];
  const newPoint = (point: EnforcementPoint): PointAcc => {
    const acc: PointAcc = { point, flows: [], keys: [], froms: [], tos: [], rows: [] };
    points.push(acc);
    return acc;
  };
  const unresolved: UnresolvedFlow[] = [];
  const count = nodes.size;
  for (const flow of result.flows) {
    if (flow.local || flow.from === flow.to) continue;
    const from = nodes.get(flow.from);
    const to = nodes.get(flow.to);
    if (!from || !to) continue;
    if (!shareFamily(from, to)) {
      unresolved.push({ flow: flow.id, from: flow.from, to: flow.to, reason: whyNoRule(from, to) });
      continue;
    }
    // Pairs are keyed by one number: (source rank × node count + destination rank) × 2 + protocol.
    const key = (from.ord * count + to.ord) * 2 + (flow.protocol === 'udp' ? 1 : 0);
    if (from.zone !== to.zone) {
      let byTo = networkPoints.get(from.zone);
      if (!byTo) networkPoints.set(from.zone, (byTo = new Map()));
      let acc = byTo.get(to.zone);
      if (!acc) {
        const id = `net:${from.zone}>${to.zone}`;
        byTo.set(
          to.zone,
          (acc = newPoint({ kind: 'network', id, fromZone: from.zone, toZone: to.zone })),
        );
      }
      addFlow(acc, key, from, to, flow);
    }
    if (!to.internet) {
      const acc = (hostPoints[to.ord] ??= newPoint({
        kind: 'host',
        id: `host:${to.node.id}`,
        node: to.node.id,
      }));
      addFlow(acc, key, from, to, flow);
    }
  }

  const services = new ServiceTable();
  const groups = new Map<string, AddressCandidate>();
  for (const acc of points) {
    const pairs = pairsOf(acc);
    acc.flows = [];
    acc.keys = [];
    acc.froms = [];
    acc.tos = [];
    for (const family of FAMILIES) {
      appendAll(acc.rows, groupRows(family, pairs, rules, services, groups));
    }
  }

  const names = allocateNames(groups, services.all, catalog);
  const addressGroups: AddressGroup[] = [];
  const serviceGroups: ServiceGroup[] = [];
  const labels = labelsOf(plan, catalog);
  const ruleSets: RuleSet[] = [];
  for (const acc of points) {
    // Groups are made once, on first use, and kept on their candidate.
    const named = (g: AddressCandidate): AddressGroup => {
      if (!g.group) addressGroups.push((g.group = addressGroup(g, names.get(g)!, labels)));
      return g.group;
    };
    const policyRules = acc.rows.map((row): PolicyRule => {
      const source = named(row.source).name;
      const destination = named(row.destination).name;
      const s = row.service;
      if (!s.group) serviceGroups.push((s.group = serviceGroup(s, names.get(s)!, labels)));
      return policyRule(row, source, destination, s.group.name);
    });
    sortStable(policyRules, compareRules);
    ruleSets.push({ point: acc.point, rules: policyRules });
  }
  ruleSets.sort(comparePoints);
  unresolved.sort((a, b) => compareStrings(a.flow, b.flow));

  return {
    addressGroups: addressGroups.sort((a, b) => compareStrings(a.name, b.name)),
    serviceGroups: serviceGroups.sort((a, b) => compareStrings(a.name, b.name)),
    ruleSets,
    unresolved,
  };
}

/** Node entries by id (first occurrence of a duplicated id wins, as in the flow engine). */
function describeNodes(plan: Plan, catalog: Catalog): Map<string, NodeEntry> {
  const unique = new Map<string, PlanNode>();
  for (const node of plan.nodes) if (!unique.has(node.id)) unique.set(node.id, node);
  const ids = [...unique.keys()].sort(compareStrings);
  // A zone the plan does not define is no zone (validation warns), as in the change request.
  const zones = new Set(plan.zones.map((z) => z.id));
  const entries = new Map<string, NodeEntry>();
  const partitions = new Map<string, number>();
  const partitionOf = (text: string): number => {
    let part = partitions.get(text);
    if (part === undefined) partitions.set(text, (part = partitions.size));
    return part;
  };
  ids.forEach((id, ord) => {
    const node = unique.get(id)!;
    const parsed: NumericRun[] = [];
    // A group node's named members are hosts of it like its addresses and ranges.
    const members = (node.members ?? []).map((m) => m?.address);
    for (const text of members.length ? [...node.addresses, ...members] : node.addresses) {
      const run = typeof text === 'string' ? parseRun(text) : null;
      if (run) parsed.push(run);
    }
    const merged = mergeRuns(parsed);
    const zone = typeof node.zone === 'string' && zones.has(node.zone) ? node.zone : '';
    const extra = sortStable([...(node.extraRoles ?? [])], compareStrings).join(',');
    const runs4 = merged.filter((r) => r.family === 4);
    const runs6 = merged.filter((r) => r.family === 6);
    const texts4 = runs4.map(toAddressRun);
    entries.set(id, {
      ord,
      node,
      zone,
      partition: partitionOf(`${zone}\n${node.type}\n${extra}`),
      runs: { 4: runs4, 6: runs6 },
      families: (runs4.length ? familyBit(4) : 0) | (runs6.length ? familyBit(6) : 0),
      addressRuns: { 4: texts4, 6: runs6.map(toAddressRun) },
      spans4: runs4.map((r, i) => ({ lo: Number(r.lo), hi: Number(r.hi), text: texts4[i]! })),
      internet: nodeOs(catalog, node) === 'internet',
    });
  });
  return entries;
}

function label(e: NodeEntry): string {
  return e.node.name ? `${e.node.name} (${e.node.id})` : e.node.id;
}

function whyNoRule(from: NodeEntry, to: NodeEntry): string {
  const missing = (e: NodeEntry) =>
    `${label(e)} has no usable IP address${e.node.hostname ? ' (host name only)' : ''}`;
  if (from.runs[4].length + from.runs[6].length === 0) return missing(from);
  if (to.runs[4].length + to.runs[6].length === 0) return missing(to);
  const only = (e: NodeEntry) => (e.runs[4].length > 0 ? 'IPv4' : 'IPv6');
  return `${label(from)} has only ${only(from)} and ${label(to)} only ${only(to)} addresses`;
}

/**
 * The rows of one enforcement point and family, service by service: destinations share a group
 * when exactly the same sources need the service into each of them, and those sources are then
 * split by partition. Each row's cross product is therefore exactly needed.
 */
function groupRows(
  family: IpFamily,
  pairs: readonly PairNeed[],
  rules: ReadonlyMap<string, CatalogRule>,
  services: ServiceTable,
  groups: Map<string, AddressCandidate>,
): Row[] {
  // Maps find entries, arrays beside them keep the order: iterating a Map allocates per step,
  // and a large plan makes tens of thousands of these small tables. Loops are indexed for the
  // same reason (a for-of allocates per step until the function is optimized).
  // (destination rank × SERVICE_SLOTS + service ordinal) → the sources that need it, with flows.
  const bit = familyBit(family);
  const inbound = new Map<number, Inbound>();
  const inboundList: Inbound[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const pair = pairs[p]!;
    if ((pair.families & bit) === 0) continue;
    const needs = (pair.atoms ??= atoms(pair, rules, services));
    for (let a = 0; a < needs.length; a++) {
      const need = needs[a]!;
      const { service } = need;
      const key = pair.to.ord * SERVICE_SLOTS + service.ordinal;
      const entry = inbound.get(key);
      if (entry) entry.needs.push(need);
      else {
        const created: Inbound = { to: pair.to, service, needs: [need] };
        inbound.set(key, created);
        inboundList.push(created);
      }
    }
  }
  if (!inboundList.length) return [];

  // Destinations with the same service, partition and set of sources share a group.
  const byProfile = new Map<string, Profile>();
  const profiles: Profile[] = [];
  for (let e = 0; e < inboundList.length; e++) {
    const { to, service, needs } = inboundList[e]!;
    sortStable(needs, (a, b) => a.from.ord - b.from.ord);
    // `service|partition|source ranks`, made by one join (no concatenation to flatten).
    const parts: (string | number)[] = needs.map((n) => n.from.ord);
    parts[0] = `${service.ordinal}|${to.partition}|${parts[0]}`;
    const key = parts.join(',');
    const same = byProfile.get(key);
    if (same) {
      same.dsts.push(to);
      same.entries.push(needs);
    } else {
      const created: Profile = { service, entries: [needs], dsts: [to] };
      byProfile.set(key, created);
      profiles.push(created);
    }
  }

  const rows: Row[] = [];
  for (let p = 0; p < profiles.length; p++) {
    const { service, entries, dsts } = profiles[p]!;
    // Destinations in rank order, each with its (rank-ordered) needs.
    const order =
      dsts.length === 1
        ? ONLY_FIRST
        : sortStable(
            dsts.map((_, i) => i),
            (a, b) => dsts[a]!.ord - dsts[b]!.ord,
          );
    const destination = intern(
      groups,
      family,
      dsts.length === 1 ? dsts : order.map((i) => dsts[i]!),
    );
    // Every destination has the same sources in the same order: slice them by partition.
    const first = entries[0]!;
    const part = first[0]!.from.partition;
    let k = 1;
    while (k < first.length && first[k]!.from.partition === part) k++;
    if (k === first.length) {
      // One partition (the usual case): one row of all the sources.
      const flows: Flow[] = [];
      for (let o = 0; o < order.length; o++) {
        const needs = entries[order[o]!]!;
        for (let n = 0; n < needs.length; n++) {
          const add = needs[n]!.flows;
          for (let f = 0; f < add.length; f++) flows.push(add[f]!);
        }
      }
      const srcs = first.map((n) => n.from);
      rows.push({ family, source: intern(groups, family, srcs), destination, service, flows });
      continue;
    }
    const slices = new Map<number, number[]>();
    const sliceList: number[][] = [];
    for (let k = 0; k < first.length; k++) {
      const part = first[k]!.from.partition;
      const slice = slices.get(part);
      if (slice) slice.push(k);
      else {
        const created = [k];
        slices.set(part, created);
        sliceList.push(created);
      }
    }
    for (const positions of sliceList) {
      const flows: Flow[] = [];
      for (const i of order) {
        const needs = entries[i]!;
        for (const k of positions) for (const f of needs[k]!.flows) flows.push(f);
      }
      const srcs = positions.map((k) => first[k]!.from);
      rows.push({ family, source: intern(groups, family, srcs), destination, service, flows });
    }
  }
  return rows;
}

/** The order of a single destination. */
const ONLY_FIRST: readonly number[] = [0];

/** The sources that need one service into one destination. */
interface Inbound {
  readonly to: NodeEntry;
  readonly service: ServiceCandidate;
  readonly needs: Need[];
}

/** Destinations that need one service from exactly the same sources, each with its needs. */
interface Profile {
  readonly service: ServiceCandidate;
  readonly entries: Need[][];
  readonly dsts: NodeEntry[];
}

/** Bound that keeps the numeric keys exact: fewer than 2^21 services (rank × slots < 2^53). */
const SERVICE_SLOTS = 2 ** 21;

/**
 * The pair's ports coalesced into ranges, each with the flows it serves and its service
 * candidate (from `services`).
 */
function atoms(
  pair: PairNeed,
  rules: ReadonlyMap<string, CatalogRule>,
  services: ServiceTable,
): Atom[] {
  const { from, protocol, flows } = pair;
  // Most pairs carry one flow, or flows of one port range: one atom, no splitting.
  if (flows.length === 1) return [atom(services, rules, from, protocol, flows[0]!.ports, flows)];
  const ranges = coalescePorts(flows.map((f) => f.ports));
  if (ranges.length === 1) return [atom(services, rules, from, protocol, ranges[0]!, flows)];
  const flowsOf: Flow[][] = ranges.map(() => []);
  for (const flow of flows) {
    // Coalesced ranges are disjoint and sorted: the first ending at or after the flow's end
    // is the one that holds it.
    let i = 0;
    while (ranges[i]!.end < flow.ports.end) i++;
    flowsOf[i]!.push(flow);
  }
  return ranges.map((range, i) => atom(services, rules, from, protocol, range, flowsOf[i]!));
}

/** One atom: its service is the catalog service every flow's rule names, if they all name one. */
function atom(
  services: ServiceTable,
  rules: ReadonlyMap<string, CatalogRule>,
  from: NodeEntry,
  protocol: Protocol,
  range: PortRange,
  flows: readonly Flow[],
): Atom {
  let only = rules.get(flows[0]!.rule)?.service;
  let overridden = false;
  for (const f of flows) {
    if (only !== undefined && rules.get(f.rule)?.service !== only) only = undefined;
    if (f.override !== undefined) overridden = true;
  }
  return { from, service: services.get(protocol, range, only, overridden), flows };
}

/**
 * The service candidates, one per (protocol, ports, catalog service, overridden), numbered in
 * order of first use. Found by a number made of the ports rather than by a text key built per
 * atom (tens of thousands of strings for a large plan).
 */
class ServiceTable {
  readonly all: ServiceCandidate[] = [];
  readonly #byNumber = new Map<number, ServiceCandidate[]>();

  get(
    protocol: Protocol,
    range: PortRange,
    service: string | undefined,
    overridden: boolean,
  ): ServiceCandidate {
    const udp = protocol === 'udp' ? 1 : 0;
    const n = ((range.start * 65536 + range.end) * 2 + udp) * 2 + (overridden ? 1 : 0);
    let list = this.#byNumber.get(n);
    if (!list) this.#byNumber.set(n, (list = []));
    for (const c of list) {
      // The whole content is compared: the number only narrows the search.
      const same =
        c.service === service &&
        c.protocol === protocol &&
        c.range.start === range.start &&
        c.range.end === range.end &&
        c.overridden === overridden;
      if (same) return c;
    }
    const c: ServiceCandidate = {
      key: `${protocol}|${range.start}|${range.end}|${service ?? ''}|${overridden ? 'o' : ''}`,
      protocol,
      range: { start: range.start, end: range.end },
      service,
      overridden,
      ordinal: this.all.length,
      group: undefined,
    };
    list.push(c);
    this.all.push(c);
    return c;
  }
}

/** The one address candidate of a (family, node set). */
function intern(
  groups: Map<string, AddressCandidate>,
  family: IpFamily,
  nodes: readonly NodeEntry[],
): AddressCandidate {
  // `4|1,2,3` made by one join (no concatenation to flatten before hashing).
  const parts: (string | number)[] = nodes.map((n) => n.ord);
  parts[0] = `${family}|${parts[0]}`;
  const key = parts.join(',');
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { key, family, nodes: [...nodes], group: undefined }));
  return group;
}

/** English plural of a label's last word ("Guest interaction proxy" → "…proxies"). */
export function plural(text: string): string {
  if (/[^aeiou]y$/i.test(text)) return `${text.slice(0, -1)}ies`;
  if (/(s|x|sh|ch)$/i.test(text)) return `${text}es`;
  return `${text}s`;
}

/**
 * Names for every candidate, from one table. Hosts are named after the node (name, else id);
 * groups after type and zone (`WORKERS_PVE`); IPv6 groups end in `_V6`; services after the
 * catalog service (`DATA_MOVER`) or protocol and ports (`TCP_443`, `TCP_2500_3300`). Candidates
 * are allocated in an order fixed by their content, so colliding texts get `_2`, `_3`…
 * deterministically (the larger group keeps the plain name).
 */
function allocateNames(
  groups: ReadonlyMap<string, AddressCandidate>,
  services: readonly ServiceCandidate[],
  catalog: Catalog,
): Map<AddressCandidate | ServiceCandidate, string> {
  interface Wish {
    readonly candidate: AddressCandidate | ServiceCandidate;
    readonly key: string;
    readonly preferred: readonly string[];
    readonly fallback: string;
    readonly order: readonly (string | number)[];
  }
  const wishes: Wish[] = [];
  const types = new Map(catalog.componentTypes.map((t) => [t.id, t]));
  for (const g of groups.values()) {
    const v6 = g.family === 6 ? ' v6' : '';
    const first = g.nodes[0]!;
    const preferred =
      g.nodes.length === 1
        ? [`${first.node.name}${v6}`, `${first.node.id}${v6}`]
        : [
            `${plural(first.node.type)} ${first.zone}${v6}`,
            `${plural(types.get(first.node.type)?.label ?? first.node.type)} ${first.zone}${v6}`,
          ];
    wishes.push({
      candidate: g,
      key: g.key,
      preferred,
      fallback: g.nodes.length === 1 ? 'H' : 'G',
      order: [1, -g.nodes.length, g.key],
    });
  }
  for (const s of services) {
    const ports = formatPorts(s.range).replace('-', '_');
    const numbered = `${s.protocol} ${ports}`;
    wishes.push({
      candidate: s,
      key: s.key,
      preferred: s.service ? [s.service, `${s.service} ${numbered}`] : [numbered],
      fallback: 'S',
      // Services first: a node named "TCP 22" must not take the name of the service.
      order: [0, s.overridden ? 1 : 0, s.key],
    });
  }
  const table = new NameTable();
  // Each text cleaned once: groups of one type and zone share their preferred texts.
  const cleaned = new Map<string, string>();
  const keyed = wishes.map((w) => ({
    w,
    base: fitName(w.preferred[0] ?? '', w.fallback, cleaned),
    candidates: candidateNames(w.preferred, w.fallback, cleaned),
  }));
  keyed.sort(
    (a, b) =>
      compareStrings(a.base, b.base) ||
      (a.w.order[0] as number) - (b.w.order[0] as number) ||
      (a.w.order[1] as number) - (b.w.order[1] as number) ||
      compareStrings(a.w.order[2] as string, b.w.order[2] as string),
  );
  const names = new Map<AddressCandidate | ServiceCandidate, string>();
  for (const { w, candidates } of keyed) names.set(w.candidate, table.allocateFrom(candidates));
  return names;
}

/** Display texts of zones, types, roles and services, looked up by id. */
interface Labels {
  readonly zones: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, string>;
  readonly roles: ReadonlyMap<string, string>;
  readonly services: ReadonlyMap<string, string>;
}

function labelsOf(plan: Plan, catalog: Catalog): Labels {
  return {
    zones: new Map(plan.zones.map((z) => [z.id, z.name])),
    types: new Map(catalog.componentTypes.map((t) => [t.id, t.label])),
    roles: new Map(catalog.roles.map((r) => [r.id, r.label])),
    services: new Map(catalog.services.map((s) => [s.id, s.label])),
  };
}

function addressGroup(g: AddressCandidate, name: string, labels: Labels): AddressGroup {
  const first = g.nodes[0]!;
  const runs = groupRuns(g);
  let description: string;
  if (g.nodes.length === 1) {
    description = label(first);
  } else {
    const extra = first.node.extraRoles ?? [];
    const withRoles = extra.length
      ? ` with ${[...extra]
          .sort(compareStrings)
          .map((r) => labels.roles.get(r) ?? r)
          .join(', ')}`
      : '';
    const where = first.zone
      ? `in zone ${labels.zones.get(first.zone) ?? first.zone}`
      : 'in no zone';
    const type = labels.types.get(first.node.type) ?? first.node.type;
    description = `${g.nodes.length} ${plural(type)}${withRoles} ${where}`;
  }
  return {
    name,
    family: g.family,
    nodes: g.nodes.map((n) => n.node.id),
    runs,
    zone: first.zone,
    description,
  };
}

/**
 * The group's merged runs as texts: what `mergeRuns` of its nodes' runs gives, but a run that
 * merges with no other keeps its node's text (made once per node, not once per group).
 */
function groupRuns(g: AddressCandidate): AddressRun[] {
  const f = g.family;
  if (g.nodes.length === 1) return [...g.nodes[0]!.addressRuns[f]];
  if (f === 4) return groupRuns4(g.nodes);
  const items: { run: NumericRun; text: AddressRun }[] = [];
  for (const n of g.nodes) {
    const texts = n.addressRuns[f];
    n.runs[f].forEach((run, i) => items.push({ run, text: texts[i]! }));
  }
  // As mergeRuns: by start (one family here), touching or overlapping runs joined.
  sortStable(items, (a, b) => (a.run.lo < b.run.lo ? -1 : a.run.lo > b.run.lo ? 1 : 0));
  const out: AddressRun[] = [];
  let i = 0;
  while (i < items.length) {
    const start = items[i]!;
    let hi = start.run.hi;
    let j = i + 1;
    while (j < items.length && items[j]!.run.lo <= hi + 1n) {
      if (items[j]!.run.hi > hi) hi = items[j]!.run.hi;
      j++;
    }
    out.push(j === i + 1 ? start.text : toAddressRun({ family: f, lo: start.run.lo, hi }));
    i = j;
  }
  return out;
}

/** An IPv4 run in plain numbers (exact: below 2^32) and its text. */
interface Span {
  readonly lo: number;
  readonly hi: number;
  readonly text: AddressRun;
}

/** {@link groupRuns} of IPv4 groups, in numbers: most groups of a large plan are IPv4. */
function groupRuns4(nodes: readonly NodeEntry[]): AddressRun[] {
  const spans: Span[] = [];
  for (const n of nodes) appendAll(spans, n.spans4);
  sortStable(spans, (a, b) => a.lo - b.lo);
  const out: AddressRun[] = [];
  let i = 0;
  while (i < spans.length) {
    const start = spans[i]!;
    let hi = start.hi;
    let j = i + 1;
    while (j < spans.length && spans[j]!.lo <= hi + 1) {
      if (spans[j]!.hi > hi) hi = spans[j]!.hi;
      j++;
    }
    out.push(
      j === i + 1 ? start.text : toAddressRun({ family: 4, lo: BigInt(start.lo), hi: BigInt(hi) }),
    );
    i = j;
  }
  return out;
}

function serviceGroup(s: ServiceCandidate, name: string, labels: Labels): ServiceGroup {
  const ports = `${s.protocol} ${formatPorts(s.range)}`;
  const label = s.service ? (labels.services.get(s.service) ?? s.service) : undefined;
  return {
    name,
    protocol: s.protocol,
    ports: [{ start: s.range.start, end: s.range.end }],
    description: label ? `${label} (${ports})` : ports,
  };
}

function policyRule(row: Row, source: string, destination: string, service: string): PolicyRule {
  const purposes = new Distinct<string>();
  // A flow lies in one atom of one pair, hence in one row per point and family: no duplicates.
  const flows: string[] = [];
  const rules = new Distinct<string>();
  /** The first flow's source reference of each rule, in the order of `rules`. */
  const refs: SourceRef[] = [];
  const rowFlows = row.flows;
  for (let i = 0; i < rowFlows.length; i++) {
    const f = rowFlows[i]!;
    purposes.add(f.purpose);
    flows.push(f.id);
    if (rules.add(f.rule)) refs.push(f.source);
  }
  const sources = new Distinct<string>();
  const distinctRefs = refs.filter((src) =>
    sources.add(`${src.document}\n${src.table}\n${src.row}`),
  );
  return {
    id: `${source}>${destination}:${service}`,
    source,
    destination,
    service,
    family: row.family,
    protocol: row.service.protocol,
    ports: [{ start: row.service.range.start, end: row.service.range.end }],
    purposes: sortStable(purposes.items, compareStrings),
    flows: sortStable(flows, compareStrings),
    rules: sortStable(rules.items, compareStrings),
    sources: sortStable(
      distinctRefs,
      (a, b) =>
        compareStrings(a.document, b.document) || compareStrings(a.table, b.table) || a.row - b.row,
    ),
  };
}

/**
 * Distinct values in order of first addition. A list searched in place while short (a rule has
 * a few purposes and catalog rules; a Set per rule was most of its cost), a Set once long.
 */
class Distinct<T> {
  readonly items: T[] = [];
  #set: Set<T> | undefined;

  /** Adds `value`; false when it was there already. */
  add(value: T): boolean {
    if (this.#set) {
      if (this.#set.has(value)) return false;
      this.#set.add(value);
    } else {
      if (this.items.includes(value)) return false;
      if (this.items.length >= 8) this.#set = new Set([...this.items, value]);
    }
    this.items.push(value);
    return true;
  }
}

function compareRules(a: PolicyRule, b: PolicyRule): number {
  return (
    a.family - b.family ||
    compareStrings(a.source, b.source) ||
    compareStrings(a.destination, b.destination) ||
    compareStrings(a.protocol, b.protocol) ||
    a.ports[0]!.start - b.ports[0]!.start ||
    compareStrings(a.service, b.service)
  );
}

function comparePoints(a: RuleSet, b: RuleSet): number {
  if (a.point.kind !== b.point.kind) return a.point.kind === 'network' ? -1 : 1;
  return compareStrings(a.point.id, b.point.id);
}

/** Keeps whole rule sets the scope selects, and the groups they reference. */
function scopePolicy(policy: Policy, scope: PolicyScope, plan: Plan): Policy {
  let keep: (set: RuleSet) => boolean;
  if (scope.kind === 'points') {
    const ids = new Set(scope.points);
    keep = (set) => ids.has(set.point.id);
  } else if (scope.kind === 'zone') {
    const inZone = new Set(plan.nodes.filter((n) => n.zone === scope.zone).map((n) => n.id));
    keep = (set) =>
      set.point.kind === 'network'
        ? set.point.fromZone === scope.zone || set.point.toZone === scope.zone
        : inZone.has(set.point.node);
  } else if (scope.kind === 'nodes') {
    const ids = new Set(scope.nodes);
    const touching = new Set(
      policy.addressGroups.filter((g) => g.nodes.some((n) => ids.has(n))).map((g) => g.name),
    );
    keep = (set) =>
      set.point.kind === 'host'
        ? ids.has(set.point.node)
        : set.rules.some((r) => touching.has(r.source) || touching.has(r.destination));
  } else {
    keep = () => true;
  }
  const ruleSets = policy.ruleSets.filter(keep);
  const addresses = new Set<string>();
  const serviceNames = new Set<string>();
  for (const set of ruleSets) {
    for (const r of set.rules) {
      addresses.add(r.source);
      addresses.add(r.destination);
      serviceNames.add(r.service);
    }
  }
  // Unresolved flows have no enforcement point; they stay when one end is a node of the scope.
  const scoped =
    scope.kind === 'nodes'
      ? new Set(scope.nodes)
      : scope.kind === 'zone'
        ? new Set(plan.nodes.filter((n) => n.zone === scope.zone).map((n) => n.id))
        : new Set<string>();
  return {
    addressGroups: policy.addressGroups.filter((g) => addresses.has(g.name)),
    serviceGroups: policy.serviceGroups.filter((g) => serviceNames.has(g.name)),
    ruleSets,
    unresolved: policy.unresolved.filter((u) => scoped.has(u.from) || scoped.has(u.to)),
  };
}
