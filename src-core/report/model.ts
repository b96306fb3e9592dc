// The change-request document model: everything the report shows, computed once from plan + flows.
import type { Catalog, ComponentType } from '../catalog/types';
import { nodeOs } from '../catalog/options';
import { componentType, nodeRoles, roleLabel } from '../catalog/roles';
import { formatPorts } from '../flows/ports';
import type { AbsentFlow, CustomOrigin, Flow, FlowResult, PlanWarning } from '../flows/types';
import { hostCount } from '../plan/groups';
import type { ChangeRequest, Plan, PlanNode, PlanZone } from '../plan/types';
import { type DiagramSvg, renderDiagram } from './diagram';
import type { DeltaSection } from './delta';
import { type RiskAssessment, type RiskLevel, assessRisk, zoneKeys } from './risk';
import {
  CHECK_FORMATS,
  RULE_LIST_FORMATS,
  type ScriptFile,
  type ScriptIndex,
  scriptIndexFromExporters,
} from './scripts';
import { EXPORTERS } from '../export/index';
import { type FirewallPolicy, firewallPolicy } from '../export/model';
import { FIREWALLD_ZONE } from '../export/firewalld';
import { POWERSHELL_RULE_GROUPS } from '../export/powershell';
import { type CheckCommand, type CheckShell, checkCommand, checkTarget } from './verification';
import { buildPolicy } from '../policy/build';
import { type RulesSection, buildRulesSection } from './rules';

/** Paper sizes the document is laid out for. */
export type Paper = 'a4' | 'letter';

/** Change details with every field resolved (defaults filled in, `set` tells which were given). */
export interface ChangeDetails {
  /** Change number, or "" when not yet assigned. */
  readonly number: string;
  readonly title: string;
  readonly requester: string;
  readonly implementer: string;
  readonly approvers: readonly string[];
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly category: NonNullable<ChangeRequest['category']>;
  readonly priority: NonNullable<ChangeRequest['priority']>;
  readonly justification: string;
  readonly impactIfNotDone: string;
  readonly permanence: NonNullable<ChangeRequest['permanence']>;
  /** Expiry date of a temporary change, "" otherwise. */
  readonly expires: string;
  readonly rollbackPlan: string;
  readonly verificationPlan: string;
  /** True for the texts the user wrote; false where the document shows a default. */
  readonly given: Readonly<
    Record<'justification' | 'impactIfNotDone' | 'rollbackPlan' | 'verificationPlan', boolean>
  >;
}

/** The risk shown in the document: suggestion, reasons and the level in force. */
export interface DocumentRisk extends RiskAssessment {
  /** The level the change request states: the user's override, else the suggestion. */
  readonly level: RiskLevel;
  /** True when the user chose a level different from the suggestion. */
  readonly overridden: boolean;
}

/** A host as the document lists it. */
export interface HostRow {
  readonly id: string;
  readonly name: string;
  readonly hostname: string;
  readonly addresses: readonly string[];
  /** Zone name, or "" when the host is in no zone. */
  readonly zone: string;
  /** Component type label, e.g. "Backup server". */
  readonly type: string;
  /** Role labels beyond the type (extra roles), e.g. "Backup repository". */
  readonly extraRoles: readonly string[];
  /** Operating system family of the type (windows, linux, appliance, internet, any). */
  readonly os: ComponentType['defaultOs'];
  /** Hosts the node stands for: 1, or a group's member/address count. */
  readonly hostCount: number;
  /** A group's named members as "name address", in plan order; [] for a plain node. */
  readonly members: readonly string[];
}

/** Endpoint of a flow row. */
export interface FlowEnd {
  readonly id: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly zone: string;
}

/** One required flow, numbered for cross-references (F1, F2…). */
export interface FlowRow {
  /** Reference in the document, e.g. "F12"; the same flow keeps it in every section. */
  readonly ref: string;
  /** Engine flow id. */
  readonly id: string;
  readonly from: FlowEnd;
  readonly to: FlowEnd;
  /** "TCP" or "UDP". */
  readonly protocol: string;
  /** "22" or "2500-3300". */
  readonly ports: string;
  readonly purpose: string;
  /**
   * Published source, e.g. "Workers, row 3"; for a custom flow "Custom flow ID: justification
   * (owner …; expires …)", which marks it as custom wherever the row is shown.
   */
  readonly table: string;
  /** Title of the published document. */
  readonly document: string;
  /** Conditions that made this flow apply. */
  readonly conditions: readonly string[];
  /** Text when a port override changed the published ports, e.g. "published 2500-3300; set on W1". */
  readonly override: string;
}

/** A conditional flow that is not needed, and why. */
export interface AbsentRow {
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly ports: string;
  readonly purpose: string;
  readonly table: string;
  readonly reason: string;
}

/** Where flows are enforced: a network firewall between two zones, or one host's firewall. */
export interface EnforcementPoint {
  /** Stable id: "net:<zoneA>|<zoneB>" or "host:<nodeId>". */
  readonly id: string;
  readonly kind: 'network' | 'host';
  /** Heading, e.g. "Network firewall: Management ↔ Backup". */
  readonly title: string;
  /** Zones of a network point, in plan order ("" = hosts in no zone). */
  readonly zones?: readonly [string, string];
  /** Host of a host-firewall point. */
  readonly node?: string;
  readonly flows: readonly FlowRow[];
  /** Exported files that implement (or, for network points, list) these rules. */
  readonly scripts: readonly ScriptFile[];
}

/** The inbound policy of one host firewall point (what its exported files do, how to undo them). */
export interface HostPolicyRow {
  readonly node: string;
  readonly name: string;
  /** `restrict`: the host's file is its whole inbound policy; `allow-only`: it only adds rules. */
  readonly policy: FirewallPolicy;
}

/** Heading and explanation of each policy in the rollback section (both renderers). */
export const POLICY_TEXT: Readonly<Record<FirewallPolicy, string>> = {
  restrict:
    "Restrict: the exported rules are meant to be the host's whole inbound policy (the nftables, iptables and Proxmox VM files drop everything else); roll back by restoring the configuration saved before the change",
  'allow-only':
    "Allow only: the exported files only add allow rules; roll back by removing Portolan's chain, rule group or rules (or by restoring the saved configuration)",
};

/** Checks to run from one source host. */
export interface VerificationGroup {
  readonly host: FlowEnd;
  readonly shell: CheckShell;
  /** Exported check script for this host, when the exports have one. */
  readonly script: ScriptFile | null;
  readonly checks: readonly CheckCommand[];
}

/** One line of the approval block. */
export interface ApprovalRow {
  /** Role in the change process, e.g. "Requester", "Approver". */
  readonly role: string;
  /** Name, or "" for a line to fill in by hand. */
  readonly name: string;
}

/** Counts for the summary. */
export interface DocumentSummary {
  readonly hosts: number;
  readonly zones: number;
  readonly connections: number;
  /** Required network flows (local flows excluded). */
  readonly flows: number;
  readonly crossZoneFlows: number;
  readonly localFlows: number;
  readonly absentFlows: number;
  readonly networkPoints: number;
  readonly hostPoints: number;
  /** Open (not acknowledged) findings. */
  readonly warnings: number;
  /** Findings the plan acknowledges with a reason (listed, not counted as open). */
  readonly acknowledgedWarnings: number;
  /** Nodes on the canvas (`hosts` counts a group's members). */
  readonly nodes: number;
  /** Custom flows among `flows`. */
  readonly customFlows: number;
}

/** The whole change-request document. */
export interface ChangeRequestDocument {
  readonly planName: string;
  readonly catalog: { readonly edition: string; readonly title: string };
  /** Published documents the flows cite. */
  readonly sources: readonly {
    readonly id: string;
    readonly title: string;
    readonly version: string;
    /** Exact product build the page was read from, where the catalog records it. */
    readonly build?: string;
    readonly url?: string;
  }[];
  readonly details: ChangeDetails;
  readonly risk: DocumentRisk;
  readonly summary: DocumentSummary;
  readonly zones: readonly {
    readonly id: string;
    readonly name: string;
    readonly cidrs: readonly string[];
  }[];
  readonly hosts: readonly HostRow[];
  /** Every required network flow, numbered. */
  readonly flows: readonly FlowRow[];
  /** Network points first (zone order), then host points (host order). */
  readonly enforcementPoints: readonly EnforcementPoint[];
  /** Flows between two roles of one host: listed, never a network rule. */
  readonly localFlows: readonly FlowRow[];
  readonly absent: readonly AbsentRow[];
  /** Plan-wide export files (rule lists, cluster firewall). */
  readonly planFiles: readonly ScriptFile[];
  readonly verification: readonly VerificationGroup[];
  /** Policy of every host firewall point, in host order (the rollback differs per policy). */
  readonly hostPolicies: readonly HostPolicyRow[];
  readonly rollback: readonly string[];
  readonly approvals: readonly ApprovalRow[];
  readonly warnings: readonly PlanWarning[];
  /** Date the document was produced, when the caller passes one (output stays deterministic). */
  readonly generatedAt: string;
  /** The plan's diagram as an SVG string (vector, every label escaped) and its size. */
  readonly diagram: DiagramSvg;
  /** Set on a delta change request (`report --since`): what changed against the baseline. */
  readonly delta?: DeltaSection;
  /** The rules to implement per enforcement point, and the objects they use. */
  readonly rules: RulesSection;
  /** Whether the per-flow appendix is printed, and why. */
  readonly appendix: AppendixInfo;
}

/** The per-flow appendix: printed up to {@link APPENDIX_FLOW_LIMIT} flows unless forced. */
export interface AppendixInfo {
  readonly included: boolean;
  /** `auto`: by the flow count; `on`/`off`: the caller chose. */
  readonly mode: AppendixMode;
  /** Required network flows the appendix would list. */
  readonly flows: number;
}

/** `portolan report --appendix on|off`; `auto` (default) prints it up to 500 flows. */
export type AppendixMode = 'auto' | 'on' | 'off';

/** Above this many flows the per-flow appendix is left out by default (the CSV export has them). */
export const APPENDIX_FLOW_LIMIT = 500;

export interface BuildOptions {
  /** Export files to cite; by default every exporter of the table is rendered to learn their names. */
  readonly scripts?: ScriptIndex;
  /** Date/time to print as "generated"; nothing is printed without it. */
  readonly generatedAt?: string;
  /** Per-flow appendix: `auto` (default; up to {@link APPENDIX_FLOW_LIMIT} flows), `on` or `off`. */
  readonly appendix?: AppendixMode;
  /** Most hosts of a group one verification step probes before it samples (see ExportOptions). */
  readonly probeLimit?: number;
}

/** The source cell of a custom flow: what it is, why, who owns it, until when. */
function customSource(c: CustomOrigin): string {
  const extra = [c.owner ? `owner ${c.owner}` : '', c.expires ? `expires ${c.expires}` : '']
    .filter(Boolean)
    .join('; ');
  return `Custom ${c.kind} ${c.id}: ${c.justification}${extra ? ` (${extra})` : ''}`;
}

// Hosts in no zone (e.g. an internet endpoint) form one segment outside every zone.
const NO_ZONE = 'Outside the zones';

function trimmed(s: unknown): string {
  return typeof s === 'string' ? s.trim() : '';
}

/** The business justification used when the change request has none. */
export function defaultJustification(plan: Plan, catalog: Catalog, result: FlowResult): string {
  const network = result.flows.filter((f) => !f.local).length;
  const hosts = plan.nodes.length;
  return (
    `The backup deployment "${plan.name}" (${catalog.title}) needs the ${network} network flow${network === 1 ? '' : 's'} ` +
    `listed in this document between ${hosts} host${hosts === 1 ? '' : 's'} so that backup, restore and ` +
    `application-aware processing of the Proxmox VE virtual machines can run. Every flow is derived from ` +
    `the vendor's published port tables and cites its table row; nothing beyond those tables is requested.`
  );
}

const DEFAULT_IMPACT =
  'Backup and restore jobs fail or cannot start; the virtual machines stay unprotected and the ' +
  'recovery point and recovery time objectives cannot be met.';

const DEFAULT_ROLLBACK =
  'Restore the firewall configurations saved before the change on every enforcement point ' +
  'listed in this document (steps below). On hosts with the restrict policy the exported rules ' +
  'become their whole inbound policy, so only restoring their saved configuration returns them to ' +
  'their previous state. On allow-only hosts and network firewalls the change only adds allow rules, ' +
  "so removing Portolan's chain, rule group or rules is enough.";

const DEFAULT_VERIFICATION =
  'After implementation, run the connectivity checks listed in this document from each source ' +
  'host, then run one backup job and one restore test in Veeam Backup & Replication. On hosts ' +
  'with the restrict policy (listed under Rollback), also confirm that everything else they must ' +
  'accept (administration, monitoring, other services) still reaches them: their exported rules ' +
  'are meant to be their whole inbound policy.';

/** The change-request texts shown when the plan leaves them empty. */
export const DEFAULT_TEXTS = {
  impactIfNotDone: DEFAULT_IMPACT,
  rollbackPlan: DEFAULT_ROLLBACK,
  verificationPlan: DEFAULT_VERIFICATION,
} as const;

function resolveDetails(plan: Plan, catalog: Catalog, result: FlowResult): ChangeDetails {
  const cr: ChangeRequest = plan.changeRequest ?? {};
  const text = (
    key: 'justification' | 'impactIfNotDone' | 'rollbackPlan' | 'verificationPlan',
  ): string => trimmed(cr[key]);
  const justification = text('justification');
  const impact = text('impactIfNotDone');
  const rollback = text('rollbackPlan');
  const verification = text('verificationPlan');
  const permanence = cr.permanence === 'temporary' ? 'temporary' : 'permanent';
  return {
    number: trimmed(cr.number),
    title: trimmed(cr.title) || `Network flows for ${plan.name}`,
    requester: trimmed(cr.requester),
    implementer: trimmed(cr.implementer),
    approvers: (Array.isArray(cr.approvers) ? cr.approvers : [])
      .map(trimmed)
      .filter((a) => a !== ''),
    windowStart: trimmed(cr.windowStart),
    windowEnd: trimmed(cr.windowEnd),
    category: cr.category === 'standard' || cr.category === 'emergency' ? cr.category : 'normal',
    priority:
      cr.priority === 'low' || cr.priority === 'high' || cr.priority === 'critical'
        ? cr.priority
        : 'medium',
    justification: justification || defaultJustification(plan, catalog, result),
    impactIfNotDone: impact || DEFAULT_IMPACT,
    permanence,
    expires: permanence === 'temporary' ? trimmed(cr.expires) : '',
    rollbackPlan: rollback || DEFAULT_ROLLBACK,
    verificationPlan: verification || DEFAULT_VERIFICATION,
    given: {
      justification: justification !== '',
      impactIfNotDone: impact !== '',
      rollbackPlan: rollback !== '',
      verificationPlan: verification !== '',
    },
  };
}

/** The risk in force: a valid override from the plan, else the suggestion. */
export function resolveRisk(plan: Plan, assessment: RiskAssessment): DocumentRisk {
  const chosen = plan.changeRequest?.risk;
  const level: RiskLevel =
    chosen === 'low' || chosen === 'medium' || chosen === 'high' ? chosen : assessment.suggested;
  return { ...assessment, level, overridden: level !== assessment.suggested };
}

/** Safe file-name fragment of a change number, for rollback file names ("CHG-42" → "CHG-42"). */
export function changeSlug(number: string): string {
  const slug = number
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 40);
  return slug || 'change';
}

function rollbackSteps(doc: {
  number: string;
  hosts: readonly HostRow[];
  points: readonly EnforcementPoint[];
  policies: readonly HostPolicyRow[];
  pveServers: ReadonlySet<string>;
  hasProxmox: boolean;
}): string[] {
  const slug = changeSlug(doc.number);
  const hostPoints = doc.points.filter((p) => p.kind === 'host');
  const osById = firstBy(doc.hosts, (h) => h.id);
  const osOf = (id: string | undefined) =>
    (id === undefined ? undefined : osById.get(id))?.os ?? 'any';
  const os = new Set(hostPoints.map((p) => osOf(p.node)));
  const linux = os.has('linux') || os.has('appliance') || os.has('any');
  const windows = os.has('windows') || os.has('any');
  // Linux hosts whose nftables/iptables files differ by policy (pve-firewall owns a PVE server's).
  const linuxPolicies = doc.policies.filter((p) => {
    const family = osOf(p.node);
    return (
      (family === 'linux' || family === 'appliance' || family === 'any') &&
      !doc.pveServers.has(p.node)
    );
  });
  const restrict = linuxPolicies.some((p) => p.policy === 'restrict');
  const allowOnly = linuxPolicies.some((p) => p.policy === 'allow-only');
  const steps: string[] = [
    'Before implementing, save the current configuration of every enforcement point (commands below) and keep the files with the change record.',
  ];
  if (linux) {
    const nftRestore = `\`nft flush ruleset && nft -f /root/pre-${slug}.nft\``;
    const iptRestore = `\`iptables-restore < /root/pre-${slug}.rules\` and \`ip6tables-restore < /root/pre-${slug}.rules6\``;
    const nft = [`Linux hosts (nftables): before, \`nft list ruleset > /root/pre-${slug}.nft\`.`];
    const ipt = [
      `Linux hosts (iptables): before, \`iptables-save > /root/pre-${slug}.rules\` and \`ip6tables-save > /root/pre-${slug}.rules6\`.`,
    ];
    if (restrict || !allowOnly) {
      const who = restrict
        ? 'On restrict hosts, whose file replaced the whole inbound policy, to'
        : 'To';
      nft.push(`${who} roll back, ${nftRestore}.`);
      ipt.push(`${who} roll back, ${iptRestore}.`);
    }
    if (allowOnly) {
      const orRestore = (cmd: string) =>
        restrict ? 'or restore the saved configuration as above' : `or restore it, ${cmd}`;
      nft.push(
        `On allow-only hosts, to roll back, delete the jump to Portolan's chain (\`nft -a list chain inet filter input\` shows its handle; \`nft delete rule inet filter input handle <handle>\`), then \`nft delete chain inet filter portolan_in\` (and \`portolan_out\` where egress rules were applied), ${orRestore(nftRestore)}.`,
      );
      ipt.push(
        `On allow-only hosts, to roll back, \`iptables -D INPUT -j PORTOLAN-IN\`, \`iptables -F PORTOLAN-IN\` and \`iptables -X PORTOLAN-IN\`, the same with \`ip6tables\` (and for \`OUTPUT\`/\`PORTOLAN-OUT\` where egress rules were applied), ${orRestore(iptRestore)}.`,
      );
    }
    steps.push(nft.join(' '), ipt.join(' '));
    // firewalld and ufw files add rules (restrict firewalld files also move the interfaces into
    // a zone of their own), so their rollback takes out exactly that.
    const firewalld: string[] = [];
    if (restrict) {
      firewalld.push(
        `restrict hosts: move each interface back with the undo command the script printed (\`firewall-cmd --zone=<former> --change-interface=<interface>\`, and again with \`--permanent\`), then \`firewall-cmd --permanent --delete-zone=${FIREWALLD_ZONE}\` and \`firewall-cmd --reload\``,
      );
    }
    if (allowOnly || !restrict) {
      firewalld.push(
        'allow-only hosts: remove the rich rules it added (`firewall-cmd --zone=<zone> --list-rich-rules`; `--remove-rich-rule`, runtime and `--permanent`)',
      );
    }
    steps.push(
      `Linux hosts (firewalld, ufw): before, \`cp -a /etc/firewalld /root/pre-${slug}.firewalld\` or \`cp -a /etc/ufw /root/pre-${slug}.ufw\`. To roll back firewalld, on ${firewalld.join('; on ')}. To roll back ufw, \`ufw delete\` each rule whose comment starts with \`Portolan:\` (\`ufw status numbered\`, highest number first). Or restore the saved folder and reload.`,
    );
  }
  if (windows) {
    steps.push(
      `Windows hosts: before, \`netsh advfirewall export "C:\\Windows\\Temp\\pre-${slug}.wfw"\`; to roll back, \`Get-NetFirewallRule -Group ${POWERSHELL_RULE_GROUPS.map((g) => `"${g}"`).join(',')} -ErrorAction SilentlyContinue | Remove-NetFirewallRule\` (the scripts only add rules to those two groups, whatever the policy), or \`netsh advfirewall import "C:\\Windows\\Temp\\pre-${slug}.wfw"\`.`,
    );
  }
  if (doc.hasProxmox) {
    steps.push(
      `Proxmox VE: before, copy \`/etc/pve/firewall/cluster.fw\`, \`/etc/pve/nodes/<node>/host.fw\` and \`/etc/pve/firewall/<vmid>.fw\` to \`/root/pre-${slug}/\`; to roll back, copy them back (the firewall reloads them automatically).`,
    );
  }
  if (doc.points.some((p) => p.kind === 'network')) {
    steps.push(
      'Network firewalls: before, export or snapshot the policy; to roll back, remove the rules added for the flows listed per zone pair in this document, or restore the snapshot.',
    );
  }
  steps.push(
    'After rolling back, confirm the previous state: the connectivity checks of this document must time out again where no rule existed before, and existing services must still work.',
  );
  return steps;
}

/** The first item of each key, as `find` would return it, for look-ups inside loops. */
function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!out.has(k)) out.set(k, item);
  }
  return out;
}

/** Items grouped by key, each group in the items' order, for `filter` inside loops. */
function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function shellOf(os: ComponentType['defaultOs']): CheckShell {
  return os === 'windows' ? 'powershell' : 'bash';
}

/** Above this many host firewalls the summary lists them as one line (section 4 has them all). */
export const SUMMARY_HOST_POINTS = 12;

/**
 * Above this many hosts (or source hosts, or absent flows) the document lists them condensed:
 * hosts by zone and type, check scripts per shell, absent flows per published row.
 */
export const HOST_LIST_LIMIT = 60;

/** Rows of the summary's enforcement-point table: every network firewall, host firewalls condensed. */
export function summaryPoints(
  doc: Pick<ChangeRequestDocument, 'rules'>,
): readonly { readonly title: string; readonly rules: number; readonly flows: number }[] {
  const rows = doc.rules.network.map((x) => ({
    title: `Network firewall: ${x.title}`,
    rules: x.rules.length,
    flows: x.flows,
  }));
  const groups = doc.rules.hosts;
  const hosts = groups.reduce((n, g) => n + g.hosts.length, 0);
  if (hosts > SUMMARY_HOST_POINTS) {
    rows.push({
      title: `Host firewalls of ${hosts} hosts (inbound; ${groups.length} different rule sets, section 4)`,
      rules: groups.reduce((n, g) => n + g.rules.length * g.hosts.length, 0),
      flows: groups.reduce((n, g) => n + g.flows, 0),
    });
  } else {
    for (const g of groups) {
      for (const x of g.hosts) {
        rows.push({
          title: `Host firewall: ${x.name} (inbound)`,
          rules: g.rules.length,
          flows: Math.round(g.flows / g.hosts.length),
        });
      }
    }
  }
  return rows;
}

/** Absent flows condensed to one row per published row: how many, and one reason as example. */
export function absentSummary(absent: readonly AbsentRow[]): {
  readonly protocol: string;
  readonly ports: string;
  readonly purpose: string;
  readonly table: string;
  readonly count: number;
  readonly example: string;
}[] {
  const rows = new Map<
    string,
    {
      protocol: string;
      ports: string;
      purpose: string;
      table: string;
      count: number;
      example: string;
    }
  >();
  for (const a of absent) {
    const key = `${a.table}\n${a.protocol}\n${a.ports}\n${a.purpose}`;
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { ...a, count: 1, example: a.reason });
  }
  return [...rows.values()];
}

/** Builds the whole document from a plan, its catalog and the flows computed for it. */
export function buildChangeRequest(
  plan: Plan,
  catalog: Catalog,
  result: FlowResult,
  options: BuildOptions = {},
): ChangeRequestDocument {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const zoneById = new Map(plan.zones.map((z) => [z.id, z]));
  const zoneOrder = new Map(plan.zones.map((z, i) => [z.id, i]));
  const zoneName = (key: string): string => zoneById.get(key)?.name ?? NO_ZONE;
  const zoneKey = zoneKeys(plan);
  const typeOf = (node: PlanNode | undefined): ComponentType | undefined =>
    node ? componentType(catalog, node.type) : undefined;
  const osOf = (id: string): ComponentType['defaultOs'] => {
    const node = byId.get(id);
    return node ? nodeOs(catalog, node) : 'any';
  };
  const sourceTitle = new Map(catalog.sources.map((s) => [s.id, s.title]));

  const end = (id: string): FlowEnd => {
    const node = byId.get(id);
    return {
      id,
      name: node?.name ?? id,
      addresses: node?.addresses ?? [],
      zone: zoneName(zoneKey(node)),
    };
  };

  const row = (f: Flow, ref: string): FlowRow => ({
    ref,
    id: f.id,
    from: end(f.from),
    to: end(f.to),
    protocol: f.protocol.toUpperCase(),
    ports: formatPorts(f.ports),
    purpose: f.purpose,
    table: f.custom ? customSource(f.custom) : `${f.source.table}, row ${f.source.row}`,
    document: f.custom
      ? 'Custom (this plan)'
      : (sourceTitle.get(f.source.document) ?? f.source.document),
    conditions: f.conditions,
    override: f.override
      ? `published ${formatPorts(f.override.catalogPorts)}; changed on ${byId.get(f.override.node)?.name ?? f.override.node}`
      : '',
  });

  const network = result.flows.filter((f) => !f.local);
  const flows = network.map((f, i) => row(f, `F${i + 1}`));
  const localFlows = result.flows.filter((f) => f.local).map((f, i) => row(f, `L${i + 1}`));

  const scripts =
    options.scripts ?? scriptIndexFromExporters(EXPORTERS, { plan, catalog, result, options: {} });
  const enforcing = scripts.files.filter(
    (s) => !CHECK_FORMATS.includes(s.format) && !RULE_LIST_FORMATS.includes(s.format),
  );
  const planFiles = scripts.files.filter((s) => s.node === undefined);
  const enforcingByNode = groupBy(enforcing, (s) => s.node);
  const scriptByNodeFormat = firstBy(
    scripts.files.filter((s) => s.node !== undefined),
    (s) => `${s.node}\u0000${s.format}`,
  );

  // Network points: one per unordered zone pair crossed, in plan zone order ("" = no zone, last).
  const order = (key: string): number => zoneOrder.get(key) ?? plan.zones.length;
  const netGroups = new Map<string, { zones: [string, string]; flows: FlowRow[] }>();
  // Host points: the destination's inbound firewall; internet endpoints have none of ours.
  const hostGroups = new Map<string, FlowRow[]>();
  network.forEach((f, i) => {
    const r = flows[i] as FlowRow;
    const a = zoneKey(byId.get(f.from));
    const b = zoneKey(byId.get(f.to));
    if (a !== b) {
      const pair: [string, string] = order(a) <= order(b) ? [a, b] : [b, a];
      const key = `net:${pair[0]}|${pair[1]}`;
      const group = netGroups.get(key) ?? { zones: pair, flows: [] };
      group.flows.push(r);
      netGroups.set(key, group);
    }
    if (osOf(f.to) !== 'internet') {
      const list = hostGroups.get(f.to) ?? [];
      list.push(r);
      hostGroups.set(f.to, list);
    }
  });

  const ruleLists = planFiles.filter((s) => RULE_LIST_FORMATS.includes(s.format));
  const networkPoints: EnforcementPoint[] = [...netGroups.entries()]
    .sort(
      ([, x], [, y]) =>
        order(x.zones[0]) - order(y.zones[0]) || order(x.zones[1]) - order(y.zones[1]),
    )
    .map(([id, g]) => ({
      id,
      kind: 'network',
      title: `Network firewall: ${zoneName(g.zones[0])} ↔ ${zoneName(g.zones[1])}`,
      zones: g.zones,
      flows: g.flows,
      scripts: ruleLists,
    }));
  const hostPoints: EnforcementPoint[] = plan.nodes
    .filter((n) => hostGroups.has(n.id))
    .map((n) => ({
      id: `host:${n.id}`,
      kind: 'host',
      title: `Host firewall: ${n.name} (inbound)`,
      node: n.id,
      flows: hostGroups.get(n.id) ?? [],
      scripts: enforcingByNode.get(n.id) ?? [],
    }));
  const points = [...networkPoints, ...hostPoints];

  const hosts: HostRow[] = plan.nodes.map((n) => {
    const type = typeOf(n);
    const implied = new Set(type?.roles ?? []);
    return {
      id: n.id,
      name: n.name,
      hostname: n.hostname ?? '',
      addresses: n.addresses,
      zone: zoneName(zoneKey(n)),
      type: type?.label ?? n.type,
      extraRoles: n.extraRoles.filter((r) => !implied.has(r)).map((r) => roleLabel(catalog, r)),
      os: nodeOs(catalog, n),
      hostCount: hostCount(n),
      members: (n.members ?? []).map((m) => `${m.name} ${m.address}`),
    };
  });

  // Verification: grouped by source host, in host order; each flow checked once.
  const bySource = new Map<string, CheckCommand[]>();
  // One address parse per destination host, not per flow into it.
  const targets = new Map<string, string | null>();
  network.forEach((f, i) => {
    const to = byId.get(f.to);
    if (!to) return;
    const shell = shellOf(osOf(f.from));
    const list = bySource.get(f.from) ?? [];
    let target = targets.get(f.to);
    if (target === undefined) {
      target = checkTarget(to);
      targets.set(f.to, target);
    }
    list.push(checkCommand(f, (flows[i] as FlowRow).ref, to, shell, target, options.probeLimit));
    bySource.set(f.from, list);
  });
  const verification: VerificationGroup[] = plan.nodes
    .filter((n) => bySource.has(n.id))
    .map((n) => {
      const shell = shellOf(osOf(n.id));
      const format = shell === 'bash' ? 'check-bash' : 'check-powershell';
      return {
        host: end(n.id),
        shell,
        script: scriptByNodeFormat.get(`${n.id}\u0000${format}`) ?? null,
        checks: bySource.get(n.id) ?? [],
      };
    });

  const details = resolveDetails(plan, catalog, result);
  const risk = resolveRisk(plan, assessRisk(plan, catalog, result));

  const approvals: ApprovalRow[] = [
    { role: 'Requester', name: details.requester },
    { role: 'Implementer', name: details.implementer },
    ...(details.approvers.length > 0
      ? details.approvers.map((name) => ({ role: 'Approver', name }))
      : [
          { role: 'Approver (network/security)', name: '' },
          { role: 'Approver (change advisory board)', name: '' },
        ]),
  ];

  const absent: AbsentRow[] = result.absent.map((a: AbsentFlow) => ({
    from: byId.get(a.from)?.name ?? a.from,
    to: byId.get(a.to)?.name ?? a.to,
    protocol: a.protocol.toUpperCase(),
    ports: formatPorts(a.ports),
    purpose: a.purpose,
    table: `${a.source.table}, row ${a.source.row}`,
    reason: a.reason,
  }));

  const crossZoneFlows = networkPoints.reduce((n, p) => n + p.flows.length, 0);
  // The same decision the exporters make for each host file (one function, catalog-declared defaults).
  const hostPolicies: HostPolicyRow[] = hostPoints.flatMap((p) => {
    const node = p.node === undefined ? undefined : byId.get(p.node);
    return node
      ? [{ node: node.id, name: node.name, policy: firewallPolicy(catalog, node).policy }]
      : [];
  });
  const pveServers = new Set(
    plan.nodes.filter((n) => nodeRoles(catalog, n).has('pve-server')).map((n) => n.id),
  );
  return {
    planName: plan.name,
    catalog: { edition: catalog.edition, title: catalog.title },
    sources: catalog.sources.map((s) => ({
      id: s.id,
      title: s.title,
      version: s.version,
      ...(s.build !== undefined ? { build: s.build } : {}),
      ...(s.url !== undefined ? { url: s.url } : {}),
    })),
    details,
    risk,
    summary: {
      hosts: hosts.reduce((n, x) => n + x.hostCount, 0),
      nodes: plan.nodes.length,
      customFlows: network.filter((f) => f.custom !== undefined).length,
      zones: plan.zones.length,
      connections: plan.connections.length,
      flows: flows.length,
      crossZoneFlows,
      localFlows: localFlows.length,
      absentFlows: absent.length,
      networkPoints: networkPoints.length,
      hostPoints: hostPoints.length,
      warnings: result.warnings.filter((w) => w.acknowledged === undefined).length,
      acknowledgedWarnings: result.warnings.filter((w) => w.acknowledged !== undefined).length,
    },
    zones: plan.zones.map((z: PlanZone) => ({ id: z.id, name: z.name, cidrs: z.cidrs })),
    hosts,
    flows,
    enforcementPoints: points,
    localFlows,
    absent,
    planFiles,
    verification,
    hostPolicies,
    rollback: rollbackSteps({
      number: details.number,
      hosts,
      points,
      policies: hostPolicies,
      pveServers,
      hasProxmox: pveServers.size > 0,
    }),
    approvals,
    warnings: result.warnings,
    generatedAt: trimmed(options.generatedAt),
    diagram: renderDiagram(plan, catalog, `Diagram of ${plan.name}`, result.flows),
    rules: buildRulesSection(
      plan,
      buildPolicy(plan, catalog, result),
      new Map(flows.map((f) => [f.id, f.ref])),
      (zone) => zoneName(zone),
    ),
    appendix: appendixInfo(options.appendix, flows.length),
  };
}

function appendixInfo(mode: AppendixMode | undefined, flows: number): AppendixInfo {
  const m: AppendixMode = mode === 'on' || mode === 'off' ? mode : 'auto';
  return { included: m === 'on' || (m === 'auto' && flows <= APPENDIX_FLOW_LIMIT), mode: m, flows };
}
