// What the five network-firewall exporters share: the rule sets in scope, CIDRs of address runs, stable names, deltas.
import ipaddr from 'ipaddr.js';
import type { Protocol, PortRange } from '../catalog/types';
import type {
  AddressGroup,
  AddressRun,
  IpFamily,
  Policy,
  PolicyRule,
  RuleSet,
  ServiceGroup,
} from '../policy/types';
import { compareStrings } from '../util/compare';
import { buildPolicy } from '../policy/build';
import type { FlowResult } from '../flows/types';
import type { Exporter, ExportInput, ExportResult, ExportScope, ExportWarning } from './exporter';
import { shortHash } from './escape/text';
import { WarningList } from './model';
import { appendAll } from '../util/arrays';

/** A network enforcement point (one firewall between two zones) as the exporters render it. */
export interface NetworkPoint {
  /** Policy id, `net:<from>><to>`. */
  readonly id: string;
  readonly fromZone: string;
  readonly toZone: string;
  /** Zone names for comments (raw plan text: escape for the target). */
  readonly fromName: string;
  readonly toName: string;
  /** The point's rules, in policy order, each with its stable name. */
  readonly rules: readonly NamedRule[];
}

/** A policy rule with the name every platform uses for it (see {@link ruleName}). */
export interface NamedRule {
  readonly rule: PolicyRule;
  /** Stable across plan versions while its source, destination and service groups stay. */
  readonly name: string;
}

/** Plan facts the headers print. */
export interface NetworkMeta {
  readonly planName: string;
  readonly edition: string;
  readonly catalogTitle: string;
  /** Zone id → name. */
  readonly zones: ReadonlyMap<string, string>;
  readonly timestamp?: string;
}

/** The network part of a policy, limited to a scope: what one network-firewall export renders. */
export interface NetworkView {
  readonly meta: NetworkMeta;
  readonly scopeText: string;
  /** Network points in scope with at least one rule, sorted by id. */
  readonly points: readonly NetworkPoint[];
  /** Address groups the points' rules use, by name, sorted. */
  readonly addresses: ReadonlyMap<string, AddressGroup>;
  /** Service groups the points' rules use, by name, sorted. */
  readonly services: ReadonlyMap<string, ServiceGroup>;
  readonly warnings: WarningList;
}

function scopeFilter(
  scope: ExportScope,
  policy: Policy,
  zones: ReadonlyMap<string, string>,
  warnings: WarningList,
): {
  text: string;
  point: (rs: RuleSet) => boolean;
  rule: (r: PolicyRule) => boolean;
} {
  const all = () => true;
  if (scope.kind === 'point') {
    if (!policy.ruleSets.some((rs) => rs.point.id === scope.point)) {
      warnings.add(`Scope: the plan has no enforcement point "${scope.point}".`, []);
    }
    return { text: `point ${scope.point}`, point: (rs) => rs.point.id === scope.point, rule: all };
  }
  if (scope.kind === 'zone') {
    if (!zones.has(scope.zone)) {
      warnings.add(`Scope: the plan has no zone "${scope.zone}"; no firewall is covered.`, []);
    }
    return {
      text: `zone ${scope.zone}`,
      point: (rs) =>
        rs.point.kind === 'network' &&
        (rs.point.fromZone === scope.zone || rs.point.toZone === scope.zone),
      rule: all,
    };
  }
  if (scope.kind === 'nodes') {
    const ids = new Set(scope.nodes);
    const groups = new Map(policy.addressGroups.map((g) => [g.name, g]));
    const touches = (name: string) => groups.get(name)?.nodes.some((n) => ids.has(n)) ?? false;
    return {
      text: `nodes ${[...ids].sort(compareStrings).join(',')}`,
      // As the policy layer scopes: whole rule sets, those with a row naming a chosen node. A
      // firewall's list is never cut, so binding it cannot drop the other hosts' flows.
      point: (rs) => rs.rules.some((r) => touches(r.source) || touches(r.destination)),
      rule: all,
    };
  }
  return { text: 'all', point: all, rule: all };
}

/** Zone text for device names: '' (nodes in no zone) becomes `unzoned`. */
export function zoneToken(zone: string): string {
  return zone === '' ? 'unzoned' : zone;
}

/** The network rule sets of `policy` in `scope`, with every group they use and stable rule names. */
export function networkView(
  policy: Policy,
  meta: NetworkMeta,
  scope: ExportScope = { kind: 'all' },
): NetworkView {
  const warnings = new WarningList();
  const filter = scopeFilter(scope, policy, meta.zones, warnings);
  const addressByName = new Map(policy.addressGroups.map((g) => [g.name, g]));
  const serviceByName = new Map(policy.serviceGroups.map((g) => [g.name, g]));
  const addresses = new Map<string, AddressGroup>();
  const services = new Map<string, ServiceGroup>();
  const points: NetworkPoint[] = [];
  // PAN-OS and Capirca want rule names unique across the whole rulebase, not per zone pair.
  const names = new Set<string>();
  for (const rs of policy.ruleSets) {
    const p = rs.point;
    if (p.kind !== 'network' || !filter.point(rs)) continue;
    const rules: NamedRule[] = [];
    for (const rule of rs.rules) {
      if (!filter.rule(rule)) continue;
      const src = addressByName.get(rule.source);
      const dst = addressByName.get(rule.destination);
      const svc = serviceByName.get(rule.service);
      if (!src || !dst || !svc) {
        // A policy that names a group it does not define is a bug upstream; never guess members.
        warnings.add(
          `Enforcement point ${p.id}: rule ${rule.id} names a group the policy does not define; it is left out.`,
          [],
        );
        continue;
      }
      addresses.set(src.name, src);
      addresses.set(dst.name, dst);
      services.set(svc.name, svc);
      rules.push({ rule, name: uniqueName(ruleName(p.id, rule), names) });
    }
    if (!rules.length) continue;
    points.push({
      id: p.id,
      fromZone: p.fromZone,
      toZone: p.toZone,
      fromName: meta.zones.get(p.fromZone) ?? (p.fromZone || '(no zone)'),
      toName: meta.zones.get(p.toZone) ?? (p.toZone || '(no zone)'),
      rules,
    });
  }
  points.sort((a, b) => compareStrings(a.id, b.id));
  return {
    meta,
    scopeText: filter.text,
    points,
    addresses: sortedMap(addresses),
    services: sortedMap(services),
    warnings,
  };
}

/** Map entries by key (indexing, not destructuring: these sorts run over every object of a plan). */
function byKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return compareStrings(a[0], b[0]);
}

function sortedMap<V>(map: ReadonlyMap<string, V>): ReadonlyMap<string, V> {
  return new Map([...map].sort(byKey));
}

/**
 * The name of a rule on every platform: the start of its service group's name and a hash of
 * (point, family, source group, destination group, service group). It is what stays when a
 * plan changes around the rule, so a delta export can remove exactly what an earlier one
 * added; it fits every platform's limit (FortiOS policy names: 35; Capirca terms become
 * iptables chains `I_<term>`: 28), and uses only `[A-Za-z0-9_-]`.
 */
export function ruleName(pointId: string, rule: PolicyRule): string {
  const key = `${pointId}|${rule.family}|${rule.source}|${rule.destination}|${rule.service}`;
  return `${ruleStem(rule.service)}-${shortHash(key)}`;
}

/** Stems by service group name: a policy has a handful of services and thousands of rules. */
const stems = new Map<string, string>();

function ruleStem(service: string): string {
  let stem = stems.get(service);
  if (stem === undefined) {
    if (stems.size >= 10_000) stems.clear();
    const clean = service.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z]+/, '');
    stem = (clean || 'rule').slice(0, 11).replace(/[-_]+$/, '');
    stems.set(service, stem);
  }
  return stem;
}

/** `name`, or `name-2`, `name-3`… when taken (a hash collision: deterministic in policy order). */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}-${i}`;
  taken.add(candidate);
  return candidate;
}

/** One CIDR block: canonical network address and prefix length. */
export interface Cidr {
  readonly family: IpFamily;
  readonly address: string;
  readonly prefix: number;
}

/** Address text → integer (IPv4 32 bit, IPv6 128 bit). */
export function addressToBigInt(text: string): bigint {
  // Canonical dotted quads (what runs hold) without ipaddr's general parser.
  const quad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const [a, b, c, d] = [quad[1], quad[2], quad[3], quad[4]].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (a <= 255 && b <= 255 && c <= 255 && d <= 255)
      return BigInt(((a * 256 + b) * 256 + c) * 256 + d);
  }
  const bytes = ipaddr.parse(text).toByteArray();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * The number of a dotted quad as addressToBigInt's pattern takes it (four groups of one to three
 * digits, each at most 255); null for any other text. By hand: a regex match and its groups per
 * run end were the CIDR split's main cost.
 */
function quadNumber(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null;
      part = part * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (part > 255) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) return null;
  return value * 256 + part;
}

/** Dotted quad of a 32-bit number (ipaddr's IPv4 text: the octets in decimal). */
function quadText(v: number): string {
  return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

/** Integer → canonical address text of the family. */
export function bigIntToAddress(n: bigint, family: IpFamily): string {
  if (family === 4) return quadText(Number(n & 0xffffffffn));
  const bytes: number[] = new Array<number>(16);
  let v = n;
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return (ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toRFC5952String();
}

/** The smallest list of CIDR blocks covering exactly first…last (the usual range split). */
export function runCidrs(run: AddressRun): Cidr[] {
  if (run.family === 4) return runCidrs4(run);
  const bits = 128;
  let lo = addressToBigInt(run.first);
  const hi = addressToBigInt(run.last);
  const out: Cidr[] = [];
  while (lo <= hi) {
    // Largest block aligned at lo that does not pass hi.
    let size = 0;
    while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n) {
      if (lo + (1n << BigInt(size + 1)) - 1n > hi) break;
      size++;
    }
    out.push({ family: run.family, address: bigIntToAddress(lo, run.family), prefix: bits - size });
    lo += 1n << BigInt(size);
  }
  return out;
}

/**
 * {@link runCidrs} of an IPv4 run in plain numbers (exact below 2^53): a large plan has tens of
 * thousands of runs, and bigint arithmetic allocates at every step.
 */
function runCidrs4(run: AddressRun): Cidr[] {
  let lo = quadNumber(run.first) ?? Number(addressToBigInt(run.first));
  const hi = quadNumber(run.last) ?? Number(addressToBigInt(run.last));
  const out: Cidr[] = [];
  while (lo <= hi) {
    // Largest block aligned at lo that does not pass hi.
    let size = 0;
    while (size < 32) {
      const block = 2 ** (size + 1);
      if (lo % block !== 0 || lo + block - 1 > hi) break;
      size++;
    }
    out.push({ family: 4, address: quadText(lo), prefix: 32 - size });
    lo += 2 ** size;
  }
  return out;
}

/** CIDR blocks per group object: every platform (and the ASA's several passes) asks again. */
const cidrCache = new WeakMap<AddressGroup, readonly Cidr[]>();

/** Every CIDR of a group, in run order. */
export function groupCidrs(g: AddressGroup): readonly Cidr[] {
  let cidrs = cidrCache.get(g);
  if (!cidrs) {
    cidrs = g.runs.flatMap(runCidrs);
    cidrCache.set(g, cidrs);
  }
  return cidrs;
}

/** `192.0.2.0/24`, `2001:db8::1/128`. */
export function cidrText(c: Cidr): string {
  return `${c.address}/${c.prefix}`;
}

/** True when the block is a single host. */
export function isHostCidr(c: Cidr): boolean {
  return c.prefix === (c.family === 4 ? 32 : 128);
}

/** Dotted netmask of an IPv4 prefix (ASA, FortiOS). */
export function netmask(prefix: number): string {
  return NETMASKS[prefix] ?? maskText(prefix);
}

function maskText(prefix: number): string {
  const n = prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n);
  return bigIntToAddress(n, 4);
}

/** The 33 masks, made once: every IPv4 object line of ASA and FortiOS prints one. */
const NETMASKS: readonly string[] = Array.from({ length: 33 }, (_, p) => maskText(p));

/**
 * A member object's name from its content (`h-192.0.2.10`, `n-192.0.2.0_24`, `h-2001-db8--1`):
 * the same block always has the same name, in every plan version, so deltas can add and remove
 * members by name. Injective: canonical addresses hold no `-` or `_`.
 */
export function cidrObjectName(c: Cidr): string {
  // Only IPv6 text holds `:`; IPv4 objects (nearly all) skip the replace.
  const address = c.family === 4 ? c.address : c.address.replace(/:/g, '-');
  return isHostCidr(c) ? `h-${address}` : `n-${address}_${c.prefix}`;
}

/** A port-range object's name from its content: `tcp-22`, `udp-2500-3300`. */
export function portObjectName(protocol: Protocol, r: PortRange): string {
  return r.start === r.end ? `${protocol}-${r.start}` : `${protocol}-${r.start}-${r.end}`;
}

/** One rule's comment text: purposes, then the catalog rule ids (what a remark must carry). */
export function ruleComment(r: NamedRule): string {
  return `${r.name}: ${r.rule.purposes.join(', ')} (rules ${r.rule.rules.join(', ')})`;
}

/** Header lines (plain text; each exporter writes them in its comment syntax). */
export function networkHeader(
  view: NetworkView,
  format: string,
  extra: readonly string[] = [],
): string[] {
  const { meta } = view;
  const lines = [
    `Portolan export: ${format}`,
    `Plan: ${meta.planName}`,
    `Catalog edition: ${meta.edition} (${meta.catalogTitle})`,
    `Options: scope=${view.scopeText}`,
    `Enforcement points: ${view.points.length ? view.points.map((p) => p.id).join(', ') : '(none in scope)'}`,
  ];
  if (meta.timestamp) lines.push(`Generated: ${meta.timestamp}`);
  appendAll(lines, ["Generated from the plan's rule sets; review before applying.", ...extra]);
  return lines;
}

/** What changed between two views of the same platform, by name. */
export interface KeyDiff<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  /** In both, as [old, new]. */
  readonly kept: readonly (readonly [T, T])[];
}

/** Splits two keyed lists into added, removed and kept (sorted by key). */
export function diffBy<T>(
  old: readonly T[],
  current: readonly T[],
  key: (t: T) => string,
): KeyDiff<T> {
  const before = new Map(old.map((t) => [key(t), t]));
  const after = new Map(current.map((t) => [key(t), t]));
  const sorted = (m: Map<string, T>) => [...m].sort(byKey);
  return {
    added: sorted(after)
      .filter(([k]) => !before.has(k))
      .map(([, t]) => t),
    removed: sorted(before)
      .filter(([k]) => !after.has(k))
      .map(([, t]) => t),
    kept: sorted(after)
      .filter(([k]) => before.has(k))
      .map(([k, t]) => [before.get(k)!, t] as const),
  };
}

/** Set difference helpers for member lists. */
export function added(old: readonly string[], current: readonly string[]): string[] {
  const before = new Set(old);
  return current.filter((x) => !before.has(x));
}

/** Every rule of a view with its point, in render order. */
export function allRules(view: NetworkView): { point: NetworkPoint; named: NamedRule }[] {
  return view.points.flatMap((point) => point.rules.map((named) => ({ point, named })));
}

/** Header lines of a delta file: both plans named. */
export function deltaHeader(
  baseline: NetworkView,
  current: NetworkView,
  format: string,
  extra: readonly string[] = [],
): string[] {
  return networkHeader(current, `${format} (delta)`, [
    `Baseline: ${baseline.meta.planName} (${baseline.meta.edition}); this file changes a device configured from the baseline's export into the current plan's.`,
    'Order: new objects, new rules, then removals; so nothing the current plan needs is ever missing.',
    ...extra,
  ]);
}

/** A group as a device holds it: its name on the platform and its members' names. */
export interface DeviceGroup<G> {
  readonly name: string;
  readonly group: G;
  readonly members: readonly string[];
}

/**
 * A view as a platform with member objects holds it (FortiOS, PAN-OS, Junos): one object per
 * CIDR and per port range, named from their content, and groups of them. `name` maps a
 * policy name to the platform's (escaping it).
 */
export interface DeviceModel {
  readonly addressObjects: ReadonlyMap<string, Cidr>;
  readonly addressGroups: ReadonlyMap<string, DeviceGroup<AddressGroup>>;
  readonly portObjects: ReadonlyMap<string, { protocol: Protocol; range: PortRange }>;
  readonly serviceGroups: ReadonlyMap<string, DeviceGroup<ServiceGroup>>;
  readonly rules: readonly { point: NetworkPoint; named: NamedRule }[];
}

export function deviceModel(view: NetworkView, name: (raw: string) => string): DeviceModel {
  const addressObjects = new Map<string, Cidr>();
  const addressGroups = new Map<string, DeviceGroup<AddressGroup>>();
  for (const g of view.addresses.values()) {
    const members = groupCidrs(g).map((c) => {
      const n = name(cidrObjectName(c));
      addressObjects.set(n, c);
      return n;
    });
    addressGroups.set(name(g.name), { name: name(g.name), group: g, members });
  }
  const portObjects = new Map<string, { protocol: Protocol; range: PortRange }>();
  const serviceGroups = new Map<string, DeviceGroup<ServiceGroup>>();
  for (const s of view.services.values()) {
    const members = s.ports.map((range) => {
      const n = name(portObjectName(s.protocol, range));
      portObjects.set(n, { protocol: s.protocol, range });
      return n;
    });
    serviceGroups.set(name(s.name), { name: name(s.name), group: s, members });
  }
  const sortKeys = <V>(m: Map<string, V>) => new Map([...m].sort(byKey));
  return {
    addressObjects: sortKeys(addressObjects),
    addressGroups: sortKeys(addressGroups),
    portObjects: sortKeys(portObjects),
    serviceGroups: sortKeys(serviceGroups),
    rules: allRules(view),
  };
}

/** A kept group whose members changed. */
export interface GroupChange<G> {
  readonly before: DeviceGroup<G>;
  readonly after: DeviceGroup<G>;
  readonly grow: readonly string[];
  readonly shrink: readonly string[];
}

/** The changes between two device models, by platform name. */
export interface DeviceDelta {
  readonly addressObjects: KeyDiff<[string, Cidr]>;
  readonly portObjects: KeyDiff<[string, { protocol: Protocol; range: PortRange }]>;
  readonly addressGroups: KeyDiff<DeviceGroup<AddressGroup>>;
  readonly serviceGroups: KeyDiff<DeviceGroup<ServiceGroup>>;
  readonly addressChanges: readonly GroupChange<AddressGroup>[];
  readonly serviceChanges: readonly GroupChange<ServiceGroup>[];
  readonly rules: KeyDiff<{ point: NetworkPoint; named: NamedRule }>;
}

function changes<G>(
  kept: readonly (readonly [DeviceGroup<G>, DeviceGroup<G>])[],
): GroupChange<G>[] {
  return kept
    .map(([before, after]) => ({
      before,
      after,
      grow: added(before.members, after.members),
      shrink: added(after.members, before.members),
    }))
    .filter((c) => c.grow.length || c.shrink.length);
}

export function deviceDelta(before: DeviceModel, after: DeviceModel): DeviceDelta {
  const addressGroups = diffBy(
    [...before.addressGroups.values()],
    [...after.addressGroups.values()],
    (g) => g.name,
  );
  const serviceGroups = diffBy(
    [...before.serviceGroups.values()],
    [...after.serviceGroups.values()],
    (g) => g.name,
  );
  return {
    addressObjects: diffBy([...before.addressObjects], [...after.addressObjects], ([n]) => n),
    portObjects: diffBy([...before.portObjects], [...after.portObjects], ([n]) => n),
    addressGroups,
    serviceGroups,
    addressChanges: changes(addressGroups.kept),
    serviceChanges: changes(serviceGroups.kept),
    rules: diffBy(before.rules, after.rules, (r) => r.named.name),
  };
}

/** Warnings of both views of a delta, deduplicated. */
export function deltaWarnings(baseline: NetworkView, current: NetworkView): ExportWarning[] {
  const all = [...baseline.warnings.list(), ...current.warnings.list()];
  return [...new Map(all.map((w) => [w.message, w])).values()];
}

/** One policy per flow result: the dialog renders five network formats from the same flows. */
const policies = new WeakMap<FlowResult, { plan: unknown; catalog: unknown; policy: Policy }>();

/** The whole plan's policy (scopes select rule sets from it, never cut them). */
export function planPolicy(input: ExportInput): Policy {
  const cached = policies.get(input.result);
  if (cached && cached.plan === input.plan && cached.catalog === input.catalog)
    return cached.policy;
  const policy = buildPolicy(input.plan, input.catalog, input.result);
  policies.set(input.result, { plan: input.plan, catalog: input.catalog, policy });
  return policy;
}

/** The view one network-firewall export renders: the plan's policy in the input's scope. */
export function exportView(input: ExportInput, format: string): NetworkView {
  const { plan, catalog, options } = input;
  const policy = planPolicy(input);
  const meta: NetworkMeta = {
    planName: plan.name,
    edition: catalog.edition,
    catalogTitle: catalog.title,
    zones: new Map(plan.zones.map((z) => [z.id, z.name])),
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  };
  const view = networkView(policy, meta, options.scope ?? { kind: 'all' });
  // Flows between zones that no rule can carry (no address, no shared IP family) are named,
  // never dropped in silence.
  const zoneOf = new Map(plan.nodes.map((n) => [n.id, typeof n.zone === 'string' ? n.zone : '']));
  const covered = new Set(view.points.flatMap((p) => [p.fromZone, p.toZone]));
  for (const u of policy.unresolved) {
    const from = zoneOf.get(u.from) ?? '';
    const to = zoneOf.get(u.to) ?? '';
    if (from === to || !(covered.has(from) || covered.has(to) || !view.points.length)) continue;
    view.warnings.add(`${format}: flow ${u.flow} is in no rule: ${u.reason}.`, [u.from, u.to]);
  }
  return view;
}

/** Whether a scope has a network firewall, per policy and scope: five formats ask the same. */
const networkPointCache = new WeakMap<Policy, Map<string, boolean>>();

function hasNetworkPoint(input: ExportInput): boolean {
  const policy = planPolicy(input);
  const scope = input.options.scope ?? { kind: 'all' };
  const key = JSON.stringify(scope);
  let byScope = networkPointCache.get(policy);
  if (!byScope) networkPointCache.set(policy, (byScope = new Map()));
  let has = byScope.get(key);
  if (has === undefined) {
    has = exportView(input, '').points.length > 0;
    byScope.set(key, has);
  }
  return has;
}

/** An Exporter's render and renderDelta from a platform's pure renderers. */
export function networkExporter(
  format: string,
  full: (view: NetworkView) => ExportResult,
  delta: ((baseline: NetworkView, current: NetworkView) => ExportResult) | undefined,
  fileNames: readonly string[],
): Pick<Exporter, 'render' | 'renderDelta' | 'target' | 'files'> {
  return {
    target: 'network',
    // The platform's fixed file names, when the scope has a network firewall at all.
    files: (input) => (hasNetworkPoint(input) ? fileNames.map((name) => ({ name })) : []),
    render: (input) => {
      const view = exportView(input, format);
      if (view.points.length) return full(view);
      // A plan whose flows never cross zones has no network firewall to configure.
      view.warnings.add(`${format}: no network-firewall rule in scope; no file is written.`, []);
      return { files: [], warnings: view.warnings.list() };
    },
    ...(delta
      ? {
          renderDelta: (baseline: ExportInput, current: ExportInput) =>
            delta(exportView(baseline, format), exportView(current, format)),
        }
      : {}),
  };
}
