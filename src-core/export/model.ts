// The shared view every exporter renders from: hosts with validated addresses, scope, merged flows, headers.
import { nodeOs, optionDefaultSource, optionDefinition } from '../catalog/options';
import { nodeRoles, type RoleBearer } from '../catalog/roles';
import type { Catalog, CatalogRule, OsFamily, PortRange } from '../catalog/types';
import { customText } from '../flows/custom';
import { mergeFlows } from '../flows/merge';
import type { Flow, FlowResult, MergedFlow } from '../flows/types';
import { isHostname } from '../plan/schema';
import type { Plan, PlanNode } from '../plan/types';
import { compareStrings } from '../util/compare';
import {
  type AddressEntry,
  cidrsOf,
  mergeRuns,
  parseAddress,
  parseAddressEntry,
  runEntry,
  runText,
  sampleHosts,
} from '../util/ip';
import { isGroupNode } from '../plan/groups';
import { DEFAULT_PROBE_LIMIT } from './exporter';
import type {
  ExportFile,
  ExportInput,
  ExportFileName,
  ExportOptions,
  ExportResult,
  ExportWarning,
} from './exporter';
import { NameTable } from './names';

/** One plan node as exporters see it; every string here except `node` and `label` is validated. */
export interface HostInfo {
  readonly node: PlanNode;
  /** Operating system family: `options.os` ("windows" | "linux") when set, else the type's default. */
  readonly os: OsFamily;
  readonly roles: ReadonlySet<string>;
  /**
   * Valid IPv4 addresses/networks, canonical text (may carry "/prefix"). A group node's entries
   * (addresses, ranges, members) are merged into runs: a host, a CIDR, or a range "A-B".
   */
  readonly v4: readonly string[];
  /** Valid IPv6 addresses/networks (and, for groups, ranges), canonical text. */
  readonly v6: readonly string[];
  /** `v4` with every range split into CIDR blocks, for targets whose addresses take no ranges. */
  readonly cidr4: readonly string[];
  /** `v6` with every range split into CIDR blocks. */
  readonly cidr6: readonly string[];
  /** True for a group node (members list or address ranges): it stands for many hosts. */
  readonly group: boolean;
  /** A group's merged address runs as entries (what connectivity checks sample); [] otherwise. */
  readonly entries: readonly AddressEntry[];
  /** Host addresses (no network prefix shorter than the full length), IPv4 first: connect targets. */
  readonly connectTargets: readonly string[];
  /** RFC 1123 host name when valid, else null. */
  readonly hostname: string | null;
  /** Display text "Name (id)": raw plan text, escape it for the target. */
  readonly label: string;
  /**
   * Base of the host's file names, after its host name or name (see {@link fileBases}): safe on
   * every file system, unique without case within the plan. Headers still name the node id.
   */
  readonly file: string;
  /** The type is an internet endpoint (update repository / CDN): never gets a host file. */
  readonly internet: boolean;
  /** Effective inbound policy of the host's files (see {@link firewallPolicy}). */
  readonly policy: EffectivePolicy;
}

/** Warnings of one export, deduplicated, in the order found. */
export class WarningList {
  private readonly seen = new Set<string>();
  private readonly items: ExportWarning[] = [];

  add(message: string, nodes: readonly string[]): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    this.items.push({ message, nodes: [...nodes] });
  }

  list(): readonly ExportWarning[] {
    return this.items;
  }
}

export interface ExportModel {
  readonly plan: Plan;
  readonly catalog: Catalog;
  readonly options: ExportOptions;
  /** Hosts by node id, in plan order. */
  readonly hosts: ReadonlyMap<string, HostInfo>;
  /** Non-local flows merged per (source, destination, protocol), sorted. */
  readonly merged: readonly MergedFlow[];
  /** Every flow of the result (local ones included), engine order. */
  readonly flows: readonly Flow[];
  readonly rules: ReadonlyMap<string, CatalogRule>;
  readonly warnings: WarningList;
  /** "all", "zone ID" or "nodes a,b". */
  readonly scopeText: string;
  /** True when the node is covered by the export's scope. */
  inScope(id: string): boolean;
  /** Merged flows into the node (it is the destination). */
  inbound(id: string): readonly MergedFlow[];
  /** Merged flows out of the node (it is the source). */
  outbound(id: string): readonly MergedFlow[];
}

// Windows device names are reserved with any extension ("con.nft" would open the console).
const RESERVED_FILE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** Longest file base; the longest suffix (".firewalld.sh") keeps names well under 255. */
const FILE_BASE_MAX = 64;

/**
 * Text as a file base: letters, digits, `-` and `_` only (so a base never holds a dot and no
 * two formats' suffixes can meet: "a.check" + ".ps1" = "a" + ".check.ps1"), no leading `-`
 * (an option to the tools in the headers' commands), at most {@link FILE_BASE_MAX}.
 */
function cleanFileBase(text: string): string {
  // Already clean (the usual host name or id): the replaces below would change nothing.
  if (CLEAN_FILE_BASE.test(text)) return text.slice(0, FILE_BASE_MAX);
  return text
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[-_]+/, '')
    .replace(/_+$/, '')
    .slice(0, FILE_BASE_MAX);
}

/** A text `cleanFileBase` leaves as it is (but for the length limit). */
const CLEAN_FILE_BASE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9-])?$/;

/** A group node's addresses and members, merged into runs (hosts, CIDRs or ranges). */
function groupAddresses(node: PlanNode, warnings: WarningList) {
  const entries: AddressEntry[] = [];
  const texts = [
    ...node.addresses,
    ...(node.members ?? []).map((m) => (typeof m?.address === 'string' ? m.address : '')),
  ];
  for (const text of texts) {
    const parsed = typeof text === 'string' ? parseAddressEntry(text.trim()) : null;
    if (parsed) entries.push(parsed);
    else {
      warnings.add(
        `Node ${node.id}: address "${String(text)}" is not a valid IPv4/IPv6 address, network or range; it is left out.`,
        [node.id],
      );
    }
  }
  const runs = mergeRuns(entries);
  const v4 = runs.filter((r) => r.kind === 'ipv4').map(runText);
  const v6 = runs.filter((r) => r.kind === 'ipv6').map(runText);
  return { v4, v6, entries: runs.map(runEntry) };
}

/**
 * File bases of a plan's hosts, by node id: named after what administrators call the host (the
 * host name's first label, else the node name, else the id), made safe, and unique without case
 * (case-insensitive file systems) from one table in plan order, so a base never depends on the
 * export's scope. A short host name two hosts share becomes the full host name; then a counter.
 */
export function fileBases(nodes: readonly PlanNode[]): Map<string, string> {
  const table = new NameTable({
    max: FILE_BASE_MAX,
    filler: '-',
    caseInsensitive: true,
    reservedPattern: RESERVED_FILE,
  });
  const bases = new Map<string, string>();
  for (const node of nodes) {
    const hostname =
      typeof node.hostname === 'string' && isHostname(node.hostname) ? node.hostname : null;
    const candidates = [
      hostname ? cleanFileBase(hostname.split('.')[0]!) : '',
      hostname ? cleanFileBase(hostname) : '',
      cleanFileBase(typeof node.name === 'string' ? node.name : ''),
      cleanFileBase(node.id),
      'node',
    ].filter((c) => c !== '' && !RESERVED_FILE.test(c));
    const wanted = candidates.find((c) => table.isFree(c)) ?? candidates[0] ?? 'node';
    bases.set(node.id, table.claim(node.id, wanted));
  }
  return bases;
}

function describeHost(
  catalog: Catalog,
  node: PlanNode,
  file: string,
  warnings: WarningList,
): HostInfo {
  const v4: string[] = [];
  const v6: string[] = [];
  const targets4: string[] = [];
  const targets6: string[] = [];
  const group = isGroupNode(node);
  const grouped = group ? groupAddresses(node, warnings) : null;
  for (const text of group ? [] : node.addresses) {
    const parsed = typeof text === 'string' ? parseAddress(text.trim()) : null;
    if (!parsed) {
      warnings.add(
        `Node ${node.id}: address "${String(text)}" is not a valid IPv4/IPv6 address; it is left out.`,
        [node.id],
      );
      continue;
    }
    (parsed.kind === 'ipv4' ? v4 : v6).push(parsed.canonical);
    const full = parsed.kind === 'ipv4' ? 32 : 128;
    if (parsed.prefix === full) {
      const host = parsed.canonical.split('/')[0] as string;
      (parsed.kind === 'ipv4' ? targets4 : targets6).push(host);
    }
  }
  const hostname =
    typeof node.hostname === 'string' && node.hostname !== '' && isHostname(node.hostname)
      ? node.hostname
      : null;
  if (typeof node.hostname === 'string' && node.hostname !== '' && !hostname) {
    warnings.add(`Node ${node.id}: host name is not a valid DNS name; it is left out.`, [node.id]);
  }
  const os = nodeOs(catalog, node);
  const roles = nodeRoles(catalog, node);
  const final4 = grouped ? grouped.v4 : [...new Set(v4)];
  const final6 = grouped ? grouped.v6 : [...new Set(v6)];
  return {
    node,
    os,
    roles,
    v4: final4,
    v6: final6,
    cidr4: grouped ? cidrsOf(final4) : final4,
    cidr6: grouped ? cidrsOf(final6) : final6,
    group,
    entries: grouped ? grouped.entries : [],
    // A group's hosts (up to the default probe limit): what a test connects from or to.
    connectTargets: grouped
      ? sampleHosts(grouped.entries, DEFAULT_PROBE_LIMIT).hosts
      : [...new Set([...targets4, ...targets6])],
    hostname,
    label: `${node.name} (${node.id})`,
    file,
    internet: os === 'internet',
    policy: firewallPolicy(catalog, node, roles),
  };
}

/** The parts of a model that depend only on plan, catalog and flows (not on options). */
interface ModelBase {
  readonly plan: Plan;
  readonly catalog: Catalog;
  readonly hosts: ReadonlyMap<string, HostInfo>;
  readonly merged: readonly MergedFlow[];
  readonly inbound: ReadonlyMap<string, readonly MergedFlow[]>;
  readonly outbound: ReadonlyMap<string, readonly MergedFlow[]>;
  readonly rules: ReadonlyMap<string, CatalogRule>;
  /** Address and host name findings, copied into each export's warnings. */
  readonly hostWarnings: readonly ExportWarning[];
}

/**
 * One base per flow result: the dialog renders several formats (and the CLI/report several
 * exporters) from the same result, so hosts and merged flows are computed once.
 */
const bases = new WeakMap<FlowResult, ModelBase>();

function modelBase(plan: Plan, catalog: Catalog, result: FlowResult): ModelBase {
  const cached = bases.get(result);
  if (cached && cached.plan === plan && cached.catalog === catalog) return cached;
  const warnings = new WarningList();
  const hosts = new Map<string, HostInfo>();
  const files = fileBases(plan.nodes);
  for (const node of plan.nodes)
    hosts.set(node.id, describeHost(catalog, node, files.get(node.id)!, warnings));
  const merged = mergeFlows(result.flows).filter((m) => hosts.has(m.from) && hosts.has(m.to));
  const inbound = new Map<string, MergedFlow[]>();
  const outbound = new Map<string, MergedFlow[]>();
  for (const m of merged) {
    push(inbound, m.to, m);
    push(outbound, m.from, m);
  }
  const base: ModelBase = {
    plan,
    catalog,
    hosts,
    merged,
    inbound,
    outbound,
    rules: new Map(catalog.rules.map((r) => [r.id, r])),
    hostWarnings: warnings.list(),
  };
  bases.set(result, base);
  return base;
}

/** Builds the model; never throws for a well-typed input. */
export function buildModel(input: ExportInput): ExportModel {
  const { plan, catalog, result, options } = input;
  const base = modelBase(plan, catalog, result);
  const warnings = new WarningList();
  for (const w of base.hostWarnings) warnings.add(w.message, w.nodes);
  const hosts = base.hosts;
  const scope = options.scope ?? { kind: 'all' };
  let inScope: (id: string) => boolean;
  let scopeText: string;
  if (scope.kind === 'zone') {
    scopeText = `zone ${scope.zone}`;
    if (!plan.zones.some((z) => z.id === scope.zone)) {
      warnings.add(`Scope: the plan has no zone "${scope.zone}"; no host is covered.`, []);
    }
    inScope = (id) => hosts.get(id)?.node.zone === scope.zone;
  } else if (scope.kind === 'nodes') {
    const ids = new Set(scope.nodes);
    scopeText = `nodes ${[...ids].sort(compareStrings).join(',')}`;
    for (const id of [...ids].sort(compareStrings)) {
      if (!hosts.has(id)) warnings.add(`Scope: the plan has no node "${id}".`, []);
    }
    inScope = (id) => ids.has(id);
  } else if (scope.kind === 'point') {
    // Host files of one enforcement point: its host, or the hosts of the firewall's two zones.
    scopeText = `point ${scope.point}`;
    const target = parsePointId(scope.point);
    if (!target) warnings.add(`Scope: "${scope.point}" is not an enforcement point id.`, []);
    inScope =
      target?.kind === 'host'
        ? (id) => id === target.node && hosts.has(id)
        : target?.kind === 'network'
          ? (id) => {
              const zone = hosts.get(id)?.node.zone;
              return zone === target.fromZone || zone === target.toZone;
            }
          : () => false;
  } else {
    scopeText = 'all';
    inScope = (id) => hosts.has(id);
  }
  return {
    plan,
    catalog,
    options,
    hosts,
    merged: base.merged,
    flows: result.flows,
    rules: base.rules,
    warnings,
    scopeText,
    inScope,
    inbound: (id) => base.inbound.get(id) ?? [],
    outbound: (id) => base.outbound.get(id) ?? [],
  };
}

/** Parts of an enforcement point id: `net:<from>><to>` or `host:<node>`; null when neither. */
export function parsePointId(
  id: string,
):
  | { readonly kind: 'network'; readonly fromZone: string; readonly toZone: string }
  | { readonly kind: 'host'; readonly node: string }
  | null {
  if (id.startsWith('host:') && id.length > 5) return { kind: 'host', node: id.slice(5) };
  const m = /^net:([^>]*)>([^>]*)$/.exec(id);
  return m ? { kind: 'network', fromZone: m[1]!, toZone: m[2]! } : null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Hosts in scope, in plan order, that pass `filter`. */
export function scopedHosts(model: ExportModel, filter: (h: HostInfo) => boolean): HostInfo[] {
  return [...model.hosts.values()].filter((h) => model.inScope(h.node.id) && filter(h));
}

/**
 * The file a host gets in a per-host format, or null for none: the one decision both rendering
 * and listing (`Exporter.files`) make, so the two cannot disagree.
 */
export type HostFileName = (model: ExportModel, h: HostInfo) => string | null;

/** The scoped, non-internet hosts `isHost` selects that get a file, with its name. */
function* hostFiles(
  model: ExportModel,
  isHost: (h: HostInfo) => boolean,
  fileName: HostFileName,
): Generator<{ h: HostInfo; name: string }> {
  for (const h of scopedHosts(model, (x) => isHost(x) && !x.internet)) {
    const name = fileName(model, h);
    if (name !== null) yield { h, name };
  }
}

/**
 * The shape of every exporter that writes one file per host: each host of {@link hostFiles}
 * rendered by `renderHost`, plus the model's warnings.
 */
export function renderPerHost(
  input: ExportInput,
  isHost: (h: HostInfo) => boolean,
  fileName: HostFileName,
  renderHost: (model: ExportModel, h: HostInfo, name: string) => ExportFile,
): ExportResult {
  const model = buildModel(input);
  const files = Array.from(hostFiles(model, isHost, fileName), ({ h, name }) =>
    renderHost(model, h, name),
  );
  return { files, warnings: model.warnings.list() };
}

/** The files renderPerHost writes, without rendering them. */
export function listPerHost(
  input: ExportInput,
  isHost: (h: HostInfo) => boolean,
  fileName: HostFileName,
): ExportFileName[] {
  return Array.from(hostFiles(buildModel(input), isHost, fileName), ({ h, name }) => ({
    name,
    node: h.node.id,
  }));
}

/** Hosts whose Linux firewall we write (Linux, appliances, and hosts of either OS). */
export function isLinuxHost(h: HostInfo): boolean {
  return h.os === 'linux' || h.os === 'appliance' || h.os === 'any';
}

/** Hosts whose Windows Firewall we write. */
export function isWindowsHost(h: HostInfo): boolean {
  return h.os === 'windows' || h.os === 'any';
}

/**
 * How a host file relates to the host's other inbound rules. `restrict`: the file is the host's
 * whole inbound policy (everything no flow needs is dropped). `allow-only`: the file only adds
 * allow rules; it never changes the default policy and never flushes other rules.
 */
export type FirewallPolicy = 'restrict' | 'allow-only';

/** The policy a host file applies, and why. */
export interface EffectivePolicy {
  readonly policy: FirewallPolicy;
  /** One line for headers: the policy and where it comes from. */
  readonly text: string;
}

/**
 * Why a host takes its default policy, as header text, by "<policy>:<role that decided>" ("" = the
 * option's plain default). Wording only: the decision is the catalog's `firewallPolicy` option
 * (its `defaultByRole`), so a combination without a reason here gets a neutral text, never a
 * wrong one.
 */
const DEFAULT_REASONS: ReadonlyMap<string, string> = new Map([
  ['allow-only:vm-guest', 'default: a protected guest serves its own clients'],
  ['allow-only:pve-server', 'default: a Proxmox VE server is managed by pve-firewall'],
  ['allow-only:backup-server', 'default: the backup server serves consoles and the REST API'],
  ...[
    'worker',
    'backup-repository',
    'guest-interaction-proxy',
    'log-shipping-server',
    'flr-helper',
  ].map((role): [string, string] => [
    `restrict:${role}`,
    `default for dedicated backup infrastructure: ${role}`,
  ]),
  ['allow-only:', 'default: not a dedicated backup-infrastructure host'],
]);

/** Node shape the policy needs: type, extra roles and options. */
export type PolicyNode = RoleBearer & { readonly options?: Readonly<Record<string, unknown>> };

/**
 * The effective inbound policy of a node: its `firewallPolicy` option when that is valid, else
 * the default the catalog declares for the option (`defaultByRole`: `allow-only` for guests,
 * Proxmox VE servers and the backup server, checked first; `restrict` for dedicated backup
 * infrastructure; `allow-only` for anything else, because an unknown host may serve clients we do
 * not know of). A catalog without the option gets `allow-only`, the choice that cannot cut a
 * host off. Every exporter decides with this function (through {@link hostPolicy}); the
 * inspector shows the same default through the catalog option helpers.
 */
export function firewallPolicy(
  catalog: Catalog,
  node: PolicyNode,
  roles?: ReadonlySet<string>,
): EffectivePolicy {
  const set = node.options?.firewallPolicy;
  if (set === 'restrict' || set === 'allow-only') {
    return { policy: set, text: `Inbound policy: ${set} (set by the node option firewallPolicy).` };
  }
  const def = optionDefinition(catalog, 'node', 'firewallPolicy');
  const source = def ? optionDefaultSource(catalog, def, node, roles) : undefined;
  const value = source?.value;
  if (source === undefined || (value !== 'restrict' && value !== 'allow-only')) {
    return {
      policy: 'allow-only',
      text: `Inbound policy: allow-only (default: catalog ${catalog.edition} declares no firewallPolicy default).`,
    };
  }
  const reason =
    DEFAULT_REASONS.get(`${value}:${source.from === 'role' ? (source.role ?? '') : ''}`) ??
    (source.from === 'role'
      ? `default for the ${source.role ?? ''} role`
      : `default of catalog ${catalog.edition}`);
  return { policy: value, text: `Inbound policy: ${value} (${reason}).` };
}

/** The effective inbound policy of a host (see {@link firewallPolicy}), computed with the model. */
export function hostPolicy(h: HostInfo): EffectivePolicy {
  return h.policy;
}

/**
 * Proxmox VE servers get no nftables/iptables/firewalld/ufw file: pve-firewall owns their
 * rules (a drop policy next to it locks administrators out of 8006/22 and breaks corosync).
 * Returns true, with a warning pointing to the `proxmox` format, when `h` is one.
 */
export function skipPveServer(model: ExportModel, format: string, h: HostInfo): boolean {
  if (!h.roles.has('pve-server')) return false;
  model.warnings.add(
    `${format}: ${h.label} is a Proxmox VE server; pve-firewall owns its firewall, so no ${format} file is written for it. Use the "proxmox" format (${h.file}.host.fw).`,
    [h.node.id],
  );
  return true;
}

/** The host of a node id (merged flows only name hosts the model holds). */
export function host(model: ExportModel, id: string): HostInfo {
  const h = model.hosts.get(id);
  if (!h) throw new Error(`No node "${id}" in the plan.`);
  return h;
}

/** "22" or "2500<sep>3300". */
export function portText(r: PortRange, sep = '-'): string {
  return r.start === r.end ? String(r.start) : `${r.start}${sep}${r.end}`;
}

/** Number of slots a port list takes in iptables multiport / ufw (a range counts 2). */
export function portSlots(r: PortRange): number {
  return r.start === r.end ? 1 : 2;
}

/** Splits ranges into chunks of at most `max` slots (multiport and ufw take 15). */
export function chunkPorts(ranges: readonly PortRange[], max = 15): PortRange[][] {
  const chunks: PortRange[][] = [];
  let current: PortRange[] = [];
  let used = 0;
  for (const r of ranges) {
    if (used + portSlots(r) > max) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(r);
    used += portSlots(r);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** One flow as a line of comment text: purpose, rule id, table and row, conditions, override. */
export function flowText(flow: Flow): string {
  // A custom flow has no published table: its justification is its source reference.
  if (flow.custom) return `${flow.purpose} [rule ${flow.rule}; ${customText(flow.custom)}]`;
  let text = `${flow.purpose} [rule ${flow.rule}; table "${flow.source.table}" row ${flow.source.row}]`;
  if (flow.conditions.length) text += ` (applies: ${flow.conditions.join('; ')})`;
  if (flow.override) {
    text += ` (port override on ${flow.override.node}; catalog ${portText(flow.override.catalogPorts)})`;
  }
  return text;
}

/** Distinct rule ids of a merged flow, for short comments (nft, iptables). */
export function ruleIds(m: MergedFlow): string {
  return [...new Set(m.flows.map((f) => f.rule))].join(',');
}

/** "tcp 22,8006 from VBR01 (vbr) to PVE01 (pve1)" as plain text. */
export function mergedTitle(model: ExportModel, m: MergedFlow): string {
  const ports = m.ports.map((r) => portText(r)).join(',');
  return `${m.protocol} ${ports} from ${host(model, m.from).label} to ${host(model, m.to).label}`;
}

/**
 * Comment lines per merged flow: every rule-writing format asks for them. One table per
 * model's merged list (a weak map with one entry per merged flow grew by tens of thousands of
 * entries per export of a large plan).
 */
const commentCache = new WeakMap<readonly MergedFlow[], Map<MergedFlow, readonly string[]>>();

/** Comment text lines for a merged flow: a title and one line per flow it merges. */
export function mergedComment(model: ExportModel, m: MergedFlow): readonly string[] {
  let cache = commentCache.get(model.merged);
  if (!cache) commentCache.set(model.merged, (cache = new Map()));
  const cached = cache.get(m);
  if (cached) return cached;
  const seen = new Set<string>();
  const lines = [mergedTitle(model, m)];
  for (const f of m.flows) {
    const t = flowLine(f);
    if (!seen.has(t)) lines.push(t);
    seen.add(t);
  }
  cache.set(m, lines);
  return lines;
}

/**
 * `- <flowText>` of plain catalog flows by rule id, checked against the flow's purpose and
 * source: all flows of one rule read alike, so a large plan builds each line once (and its
 * later uses hash and compare one string).
 */
const flowLines = new Map<string, { purpose: string; table: string; row: number; line: string }>();

function flowLine(f: Flow): string {
  if (f.custom || f.conditions.length || f.override) return `- ${flowText(f)}`;
  const hit = flowLines.get(f.rule);
  if (hit && hit.purpose === f.purpose && hit.table === f.source.table && hit.row === f.source.row)
    return hit.line;
  if (flowLines.size >= 10_000) flowLines.clear();
  const line = `- ${flowText(f)}`;
  flowLines.set(f.rule, { purpose: f.purpose, table: f.source.table, row: f.source.row, line });
  return line;
}

/**
 * The header every file starts with, as plain text lines (each exporter turns them into its
 * comment syntax): what the file is, the plan, the catalog edition, the options. A timestamp
 * only when the options carry one.
 */
export function headerLines(model: ExportModel, format: string, subject?: HostInfo): string[] {
  const { plan, catalog, options } = model;
  const lines = [
    `Portolan export: ${format}${subject ? ` for ${subject.label}` : ''}`,
    `Plan: ${plan.name}`,
    `Catalog edition: ${catalog.edition} (${catalog.title})`,
    `Options: scope=${model.scopeText}; egress=${options.egress ? 'on' : 'off'}`,
  ];
  if (subject) {
    const addresses = [...subject.v4, ...subject.v6];
    lines.push(
      `Host: ${subject.node.type}; addresses ${addresses.length ? addresses.join(', ') : '(none)'}` +
        `${subject.hostname ? `; host name ${subject.hostname}` : ''}`,
    );
  }
  if (options.timestamp) lines.push(`Generated: ${options.timestamp}`);
  lines.push("Generated from the plan's computed flows; review before applying.");
  return lines;
}

/** Addresses of a host as text for messages. */
export function sourceAddresses(h: HostInfo, family: 'all' | 'v4' | 'v6' = 'all'): string[] {
  return family === 'v4' ? [...h.v4] : family === 'v6' ? [...h.v6] : [...h.v4, ...h.v6];
}

/** Records the standard warning for a rule left out because a node has no usable address. */
export function warnNoAddress(
  model: ExportModel,
  format: string,
  missing: HostInfo,
  file: string,
): void {
  model.warnings.add(
    `${format}: ${missing.label} has no usable address; rules that need it are left out of ${file} as comments.`,
    [missing.node.id],
  );
}

/** Sorted copy by a string key. */
export function sortBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}

/** Every rendered file ends with exactly one newline. */
export function joinLines(lines: readonly string[]): string {
  // A loop, not /\n+$/: that regex retries at every newline of a multi-megabyte file.
  const text = lines.join('\n');
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return `${text.slice(0, end)}\n`;
}
