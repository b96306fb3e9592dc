// Validation warnings (DESIGN "Flow semantics" → Validation): findings that never block saving.
import { optionDefault, planOptionDefinitions } from '../catalog/options';
import { listCatalogs } from '../catalog/registry';
import { nodeRoles } from '../catalog/roles';
import type { Catalog, OptionDefinition } from '../catalog/types';
import type { PlanNode } from '../plan/types';
import { compareStrings } from '../util/compare';
import {
  addressCount,
  networkContainsEntry,
  networkOf,
  parseAddress,
  parseAddressEntry,
  parseCidr,
} from '../util/ip';
import type { AddressEntry, ParsedAddress } from '../util/ip';
import { isGroupNode } from '../plan/groups';
import { describeCustom, isCustomFlow } from './custom';
import type { EngineContext, NodeInfo } from './engine';
import { parsePorts } from './ports';
import type { Flow, PlanWarning, WarningCode } from './types';

/** Order warnings are listed in: the same kind together, most structural first. */
const CODE_ORDER: readonly WarningCode[] = [
  'unknown-zone',
  'connection-not-covered',
  'worker-without-pve',
  'worker-without-backup-server',
  'worker-without-repository',
  'windows-guest-without-proxy',
  'missing-address',
  'duplicate-address',
  'address-is-network',
  'outside-zone',
  'invalid-port-override',
  'invalid-option',
  'custom-expired',
  'custom-duplicates-catalog',
  'custom-rule-unused',
];

const RANK = new Map<string, number>(CODE_ORDER.map((code, i) => [code, i]));

/** A link every node with `role` needs: a connection to some node with `peerRole`. */
interface RequiredLink {
  readonly role: string;
  readonly peerRole: string;
  readonly code: WarningCode;
  /** Sentence start naming the node's kind, e.g. "Worker". */
  readonly subject: string;
  /** The missing peer in running text (labels are title-like; "Proxmox VE" must keep its case). */
  readonly peer: string;
  readonly why: string;
}

const REQUIRED_LINKS: readonly RequiredLink[] = [
  {
    role: 'worker',
    peerRole: 'pve-server',
    code: 'worker-without-pve',
    subject: 'Worker',
    peer: 'Proxmox VE server',
    why: 'it has no host to process VMs on',
  },
  {
    role: 'worker',
    peerRole: 'backup-server',
    code: 'worker-without-backup-server',
    subject: 'Worker',
    peer: 'backup server',
    why: 'nothing controls it',
  },
  {
    role: 'worker',
    peerRole: 'backup-repository',
    code: 'worker-without-repository',
    subject: 'Worker',
    peer: 'backup repository or gateway server',
    why: 'it has nowhere to write backups',
  },
  {
    role: 'windows-guest',
    peerRole: 'guest-interaction-proxy',
    code: 'windows-guest-without-proxy',
    subject: 'Windows guest',
    peer: 'guest interaction proxy',
    why: 'application-aware processing needs one',
  },
];

function name(info: NodeInfo): string {
  return info.node.name || info.node.id;
}

function missingLinks(ctx: EngineContext, out: PlanWarning[]): void {
  const known = new Set(ctx.catalog.roles.map((r) => r.id));
  for (const link of REQUIRED_LINKS) {
    // An edition without these roles has nothing to check.
    if (!known.has(link.role) || !known.has(link.peerRole)) continue;
    for (const info of ctx.nodes.values()) {
      if (!info.roles.has(link.role) || info.roles.has(link.peerRole)) continue;
      if (info.peers.some((p) => p.roles.has(link.peerRole))) continue;
      out.push({
        code: link.code,
        message: `${link.subject} ${name(info)} is not connected to any ${link.peer}: ${link.why}`,
        nodes: [info.node.id],
      });
    }
  }
}

/**
 * Other built-in editions that publish a rule between the two nodes' roles (either way), so the
 * warning can say where the rule exists instead of leaving the user at a dead end.
 */
function editionsCovering(current: Catalog, a: PlanNode, b: PlanNode): string[] {
  const found: string[] = [];
  for (const other of listCatalogs()) {
    if (other.edition === current.edition) continue;
    const ra = nodeRoles(other, a);
    const rb = nodeRoles(other, b);
    const covers = other.rules.some(
      (r) =>
        !r.local &&
        ((r.from.some((x) => ra.has(x)) && r.to.some((x) => rb.has(x))) ||
          (r.from.some((x) => rb.has(x)) && r.to.some((x) => ra.has(x)))),
    );
    if (covers) found.push(other.edition);
  }
  return found;
}

function uncoveredConnections(ctx: EngineContext, out: PlanWarning[]): void {
  ctx.connections.forEach((c, i) => {
    if (ctx.coverage[i]! > 0) return;
    // Name the ends in id order: the drawing direction must not change the text.
    const [first, second] = compareStrings(c.from, c.to) <= 0 ? [c.from, c.to] : [c.to, c.from];
    const a = ctx.nodes.get(first);
    const b = ctx.nodes.get(second);
    let message: string;
    let nodes: string[];
    if (!a || !b) {
      message = `Connection ${c.id} names a node that does not exist`;
      nodes = [first, second].filter((id) => ctx.nodes.has(id));
    } else if (a === b) {
      message = `Connection ${c.id} connects ${name(a)} to itself`;
      nodes = [first];
    } else {
      const elsewhere = editionsCovering(ctx.catalog, a.node, b.node);
      const hint =
        elsewhere.length > 0
          ? ` Edition ${elsewhere.join(', ')} publishes a rule for it; under ${ctx.catalog.edition}, add a custom flow for the ports the site needs.`
          : ' If the site needs traffic here, add a custom flow with its justification.';
      message = `No catalog rule covers the connection between ${name(a)} and ${name(b)}; it yields no flow.${hint}`;
      nodes = [first, second];
    }
    out.push({ code: 'connection-not-covered', message, nodes, connections: [c.id] });
  });
}

function addresses(ctx: EngineContext, out: PlanWarning[]): void {
  const zones = new Map(ctx.plan.zones.map((z) => [z.id, z]));
  // Zone networks parsed once per zone, not once per node in it.
  const zoneCidrs = new Map<string, ParsedAddress[]>();
  // Address → its node id, or the set of ids once a second node uses it: one set per
  // duplicate instead of one per address (thousands of nodes, a handful of duplicates).
  const users = new Map<string, string | Set<string>>();
  for (const info of ctx.nodes.values()) {
    const node = info.node;
    const group = isGroupNode(node);
    const memberAddresses = (node.members ?? []).map((m) => m.address);
    const list = memberAddresses.length
      ? [...(node.addresses ?? []), ...memberAddresses]
      : (node.addresses ?? []);
    if (list.length === 0 && ctx.nodesWithNetworkFlows.has(node.id)) {
      const host = node.hostname ? ` (its host name ${node.hostname} is not an address)` : '';
      out.push({
        code: 'missing-address',
        message: `${name(info)} has no IP address${host}; firewall rules for its flows cannot name it`,
        nodes: [node.id],
      });
    }
    const parsed: AddressEntry[] = [];
    for (const text of list) {
      const p = text.includes('-') ? parseAddressEntry(text) : withForm(parseAddress(text));
      if (!p) continue;
      // One host written twice ("192.0.2.1" and its IPv4-mapped form "::ffff:192.0.2.1").
      const again = parsed.find((q) => q.canonical === p.canonical);
      if (again) {
        out.push({
          code: 'duplicate-address',
          message: `${name(info)} lists address ${p.canonical} more than once ("${text}" is the same address)`,
          nodes: [node.id],
        });
        continue;
      }
      parsed.push(p);
      if (p.form === 'address' && !group && p.prefix < (p.kind === 'ipv4' ? 32 : 128)) {
        // A node is one host: a network in its addresses silently widens every rule for it.
        const network = networkOf(p);
        const count = addressCount(p);
        const message =
          network === p.canonical
            ? `${name(info)} address ${p.canonical} is a whole network (${count} addresses): every firewall rule for this node allows or targets all of it`
            : `${name(info)} address ${p.canonical} is not one host: firewall rules will cover its whole network ${network} (${count} addresses); write ${p.canonical.slice(0, p.canonical.indexOf('/'))} for the host alone`;
        out.push({ code: 'address-is-network', message, nodes: [node.id] });
      }
      const user = users.get(p.canonical);
      if (user === undefined) users.set(p.canonical, node.id);
      else if (typeof user !== 'string') user.add(node.id);
      else if (user !== node.id) users.set(p.canonical, new Set([user, node.id]));
    }
    if (node.zone == null) continue;
    const zone = zones.get(node.zone);
    if (!zone) {
      out.push({
        code: 'unknown-zone',
        message: `${name(info)} is in zone "${node.zone}", which the plan does not define`,
        nodes: [node.id],
      });
      continue;
    }
    let cidrs = zoneCidrs.get(zone.id);
    if (!cidrs) {
      cidrs = (zone.cidrs ?? []).map(parseCidr).filter((c): c is ParsedAddress => c !== null);
      zoneCidrs.set(zone.id, cidrs);
    }
    if (cidrs.length === 0) continue;
    for (const p of parsed) {
      if (!cidrs.some((c) => networkContainsEntry(c, p))) {
        out.push({
          code: 'outside-zone',
          message: `${name(info)} address ${p.canonical} is outside zone ${zone.name} (${zone.cidrs.join(', ')})`,
          nodes: [node.id],
        });
      }
    }
  }
  const shared = [...users].filter((e): e is [string, Set<string>] => typeof e[1] !== 'string');
  for (const [address, ids] of shared.sort((a, b) => compareStrings(a[0], b[0]))) {
    const sorted = [...ids].sort(compareStrings);
    const names = sorted.map((id) => name(ctx.nodes.get(id)!));
    out.push({
      code: 'duplicate-address',
      message: `Address ${address} is used by ${names.join(', ')}`,
      nodes: sorted,
    });
  }
}

function withForm(p: ParsedAddress | null): AddressEntry | null {
  return p ? { form: 'address', ...p } : null;
}

function portOverrides(ctx: EngineContext, out: PlanWarning[]): void {
  const services = new Set(ctx.catalog.services.map((s) => s.id));
  for (const info of ctx.nodes.values()) {
    const overrides = info.node.options?.portOverrides;
    if (!overrides) continue;
    for (const [service, value] of Object.entries(overrides)) {
      let problem: string | null = null;
      if (!services.has(service)) problem = `names unknown service "${service}"`;
      else if (typeof value !== 'string' || parsePorts(value) === null) {
        problem = `for ${service} is not a port or range ("N" or "N-M", 1-65535): ${JSON.stringify(value)}`;
      }
      if (problem) {
        out.push({
          code: 'invalid-port-override',
          message: `Port override on ${name(info)} ${problem}; the catalog ports are used`,
          nodes: [info.node.id],
        });
      }
    }
  }
}

/** "; the default "x" is used" / "; it counts as unset" for an invalid option's message. */
function fallback(ctx: EngineContext, def: OptionDefinition, info?: NodeInfo): string {
  const value = info
    ? optionDefault(ctx.catalog, def, info.node, info.roles)
    : optionDefault(ctx.catalog, def);
  return value === undefined
    ? 'it counts as unset'
    : `the default ${JSON.stringify(value)} is used`;
}

function allowed(def: OptionDefinition): string {
  return def.values.map((v) => JSON.stringify(v.value)).join(', ');
}

/**
 * Declared options holding a value the catalog does not list (a hand-edited file, a plan from
 * another edition): restore cannot tell, as it knows no catalog, so validation reports them.
 */
function invalidOptions(ctx: EngineContext, out: PlanWarning[]): void {
  for (const def of planOptionDefinitions(ctx.catalog)) {
    const value = ctx.plan.options?.[def.id];
    if (value === undefined || def.values.some((v) => v.value === value)) continue;
    out.push({
      code: 'invalid-option',
      message: `Plan option ${def.id} (${def.label}) is ${JSON.stringify(value)}, not one of ${allowed(def)}; ${fallback(ctx, def)}`,
      nodes: [],
    });
  }
  const nodeDefs = (ctx.catalog.options ?? []).filter((o) => o.scope === 'node');
  if (nodeDefs.length === 0) return;
  for (const info of ctx.nodes.values()) {
    const options = info.node.options;
    if (!options) continue;
    for (const def of nodeDefs) {
      const value = options[def.id];
      if (value === undefined || def.values.some((v) => v.value === value)) continue;
      out.push({
        code: 'invalid-option',
        message: `Option ${def.id} (${def.label}) on ${name(info)} is ${JSON.stringify(value)}, not one of ${allowed(def)}; ${fallback(ctx, def, info)}`,
        nodes: [info.node.id],
      });
    }
  }
}

/**
 * Custom flows and rules: past their expiry date, duplicating a catalog flow (the custom one
 * lies inside the ports a catalog rule already opens between the same nodes), or, for a rule,
 * matching no connected pair.
 */
function customChecks(ctx: EngineContext, out: PlanWarning[]): void {
  const plan = ctx.plan;
  for (const f of plan.customFlows ?? []) {
    if (f.expires && f.expires < ctx.today) {
      out.push({
        code: 'custom-expired',
        message: `Custom flow ${f.id} (${f.purpose}) expired on ${f.expires}; remove it or extend its expiry`,
        nodes: [f.from, f.to].filter((id) => ctx.nodes.has(id)).sort(compareStrings),
      });
    }
  }
  for (const r of plan.customRules ?? []) {
    if (r.expires && r.expires < ctx.today) {
      out.push({
        code: 'custom-expired',
        message: `Custom rule ${r.id} (${r.purpose}) expired on ${r.expires}; remove it or extend its expiry`,
        nodes: [],
      });
    }
    if (!ctx.usedCustomRules.has(r.id)) {
      out.push({
        code: 'custom-rule-unused',
        message: `Custom rule ${r.id} (${r.from} → ${r.to}) applies to no connected pair of nodes; it yields no flow`,
        nodes: [],
      });
    }
  }
  if (!plan.customFlows?.length && !plan.customRules?.length) return;
  // Catalog flows by (from, to, protocol), to find the one a custom flow repeats.
  const catalogFlows = new Map<string, Flow[]>();
  for (const f of ctx.flows) {
    if (f.local || isCustomFlow(f)) continue;
    const key = `${f.from}\n${f.to}\n${f.protocol}`;
    const list = catalogFlows.get(key);
    if (list) list.push(f);
    else catalogFlows.set(key, [f]);
  }
  const reported = new Set<string>();
  for (const f of ctx.flows) {
    if (!f.custom) continue;
    const same = catalogFlows.get(`${f.from}\n${f.to}\n${f.protocol}`) ?? [];
    const dup = same.find((c) => c.ports.start <= f.ports.start && f.ports.end <= c.ports.end);
    if (!dup) continue;
    // A custom rule repeating a catalog rule is reported once, not once per node pair.
    const once = `${f.rule}\n${dup.rule}`;
    if (f.custom.kind === 'rule' && reported.has(once)) continue;
    reported.add(once);
    const from = ctx.nodes.get(f.from);
    const to = ctx.nodes.get(f.to);
    const ends = from && to ? ` from ${name(from)} to ${name(to)}` : '';
    out.push({
      code: 'custom-duplicates-catalog',
      message: `${describeCustom(f.custom)} (${f.protocol} ${f.ports.start === f.ports.end ? f.ports.start : `${f.ports.start}-${f.ports.end}`}${ends}) duplicates catalog rule ${dup.rule} (${dup.purpose}; table "${dup.source.table}" row ${dup.source.row}), which already yields it`,
      nodes: f.custom.kind === 'flow' ? [f.from, f.to].sort(compareStrings) : [],
    });
  }
}

/** Every warning for the plan, sorted by kind, then node ids, then message. */
export function validatePlan(ctx: EngineContext): PlanWarning[] {
  const out: PlanWarning[] = [];
  uncoveredConnections(ctx, out);
  missingLinks(ctx, out);
  addresses(ctx, out);
  portOverrides(ctx, out);
  invalidOptions(ctx, out);
  customChecks(ctx, out);
  const rank = (code: string) => RANK.get(code) ?? CODE_ORDER.length;
  const keyed = out.map((w) => ({ w, rank: rank(w.code), nodes: w.nodes.join(',') }));
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      compareStrings(a.nodes, b.nodes) ||
      compareStrings(a.w.message, b.w.message),
  );
  return keyed.map((k) => k.w);
}
