// Proxmox VE firewall: cluster.fw (aliases, IP sets and security groups per role), <id>.host.fw, <vmid>.fw.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import type { CatalogRule } from '../catalog/types';
import { PROXMOX_GROUP_MAX, PROXMOX_NAME_MAX, proxmoxComment, proxmoxName } from './escape/proxmox';
import type { ExportModel, HostInfo } from './model';
import { NameTable } from './names';
import {
  buildModel,
  chunkPorts,
  headerLines,
  host,
  hostPolicy,
  joinLines,
  mergedComment,
  portText,
  ruleIds,
  scopedHosts,
  warnNoAddress,
} from './model';
import { compareStrings } from '../util/compare';
import { appendAll } from '../util/arrays';

const LABEL = 'Proxmox VE firewall';

/** Readable names for roles whose id is longer than a security group may be. */
const SHORT_ROLE_NAMES: Readonly<Record<string, string>> = {
  'guest-interaction-proxy': 'guest-proxy',
  'log-shipping-server': 'log-shipping',
  'backup-repository': 'repository',
  'update-repository': 'update-repo',
  'oracle-windows-guest': 'oracle-win-guest',
  'oracle-linux-guest': 'oracle-lin-guest',
};

/**
 * Names pve-firewall gives a meaning of its own (PVE/Firewall.pm): the alias `local_network`
 * replaces the detected cluster network (management access, 8006 and 22, follows it); the IP
 * set `management` gets management access to every host, `blacklist` is dropped everywhere,
 * `ipfilter-netN` is a guest's IP filter. A node id must never redefine them.
 */
export const PROXMOX_RESERVED_ALIASES: readonly string[] = ['local_network'];
export const PROXMOX_RESERVED_IPSETS: readonly string[] = ['management', 'blacklist'];
const RESERVED_IPSET_PATTERN = /^ipfilter-/i;

/** How rules refer to each node's addresses. */
interface NodeRef {
  readonly aliases: readonly { name: string; cidr: string }[];
  /** What IP sets list for the node: its alias names, or a group's CIDRs written directly. */
  readonly entries: readonly string[];
  /**
   * `-source`/`-dest` values, one rule line each: the alias (one address), `+ipset` (several),
   * or every alias when an address is a zero-prefix network (no IP set may hold one).
   */
  readonly refs: readonly string[];
  readonly ipset?: string;
}

interface ClusterNames {
  readonly nodes: ReadonlyMap<string, NodeRef>;
  readonly roleSets: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
}

/**
 * A `hash:net` IP set cannot hold a zero-prefix network (0.0.0.0/0, ::/0): `ipset restore`
 * fails and pve-firewall applies nothing. pve-firewall refuses a literal /0 in [IPSET], not
 * one that comes in through an alias, so the exporter keeps them out of every IP set.
 */
function zeroPrefix(cidr: string): boolean {
  return /\/0+$/.test(cidr);
}

/**
 * Names of cluster.fw, each namespace from one table keyed by the final name, lower case:
 * pve-firewall stores alias, IP set and group names lower-cased but looks `+name` up as
 * written, so a capital letter would drop every rule that uses the set.
 */
function assignNames(model: ExportModel): ClusterNames {
  const aliasNames = new NameTable({
    max: PROXMOX_NAME_MAX,
    filler: '-',
    caseInsensitive: true,
    reserved: PROXMOX_RESERVED_ALIASES,
  });
  const ipsetNames = new NameTable({
    max: PROXMOX_NAME_MAX,
    filler: '-',
    caseInsensitive: true,
    reserved: PROXMOX_RESERVED_IPSETS,
    reservedPattern: RESERVED_IPSET_PATTERN,
  });
  const groupNames = new NameTable({
    max: PROXMOX_GROUP_MAX,
    filler: '-',
    caseInsensitive: true,
  });
  const lower = (name: string) => name.toLowerCase();
  const roleSets = new Map<string, string>();
  const groups = new Map<string, string>();
  const roles = new Set<string>();
  for (const h of model.hosts.values()) for (const r of h.roles) roles.add(r);
  for (const role of [...roles].sort(compareStrings)) {
    roleSets.set(role, ipsetNames.claim(`role\n${role}`, lower(proxmoxName(role))));
    groups.set(
      role,
      groupNames.claim(
        `role\n${role}`,
        lower(proxmoxName(SHORT_ROLE_NAMES[role] ?? role, PROXMOX_GROUP_MAX)),
      ),
    );
  }
  const nodes = new Map<string, NodeRef>();
  for (const h of model.hosts.values()) {
    const id = h.node.id;
    // IP set entries and aliases take a host or a CIDR: a group's ranges arrive split into CIDRs.
    const cidrs = [...h.cidr4, ...h.cidr6];
    const base = lower(proxmoxName(id, 60));
    if (cidrs.length === 0) {
      nodes.set(id, { aliases: [], entries: [], refs: [] });
    } else if (h.group && !cidrs.some(zeroPrefix)) {
      // A group's hosts go straight into its IP set: one alias per member would flood [ALIASES].
      const ipset = ipsetNames.claim(`node\n${id}`, lower(proxmoxName(`group-${id}`)));
      nodes.set(id, { aliases: [], entries: cidrs, refs: [`+${ipset}`], ipset });
    } else if (cidrs.length === 1) {
      const name = aliasNames.claim(`node\n${id}`, base);
      nodes.set(id, {
        aliases: [{ name, cidr: cidrs[0] as string }],
        entries: [name],
        refs: [name],
      });
    } else {
      const aliases = cidrs.map((cidr, i) => ({
        name: aliasNames.claim(`node\n${id}\n${i}`, `${base}-a${i + 1}`),
        cidr,
      }));
      const entries = aliases.map((a) => a.name);
      if (cidrs.some(zeroPrefix)) {
        nodes.set(id, { aliases, entries, refs: entries });
      } else {
        const ipset = ipsetNames.claim(`node\n${id}`, lower(proxmoxName(`host-${id}`)));
        nodes.set(id, { aliases, entries, refs: [`+${ipset}`], ipset });
      }
    }
  }
  return { nodes, roleSets, groups };
}

/**
 * Which end of a flow a rule's conditions are about: a node option or a missing peer of the
 * destination ("to": RPC for a guest whose Windows firewall is custom), or of the source
 * ("from": a database guest without a log shipping server); null when they are plan-wide. A
 * role's security group would carry such a rule to every guest or from every source of the
 * role, so "to" rules live only in the destination's own file and "from" rules name their
 * exact sources.
 */
function conditionEnd(rule: CatalogRule): 'to' | 'from' | null {
  const conditions = rule.conditions ?? [];
  if (conditions.some((c) => c.kind !== 'plan-option' && c.node === 'to')) return 'to';
  if (conditions.some((c) => c.kind !== 'plan-option' && c.node === 'from')) return 'from';
  return null;
}

/**
 * Host and guest files name cluster.fw's aliases and IP sets: merged before it, pve-firewall
 * drops every rule that names one (and a guest file's DROP policy then cuts its peers off).
 */
const MERGE_ORDER = [
  'Order: 1. merge cluster.fw (its aliases and IP sets); 2. then the <name>.host.fw files into',
  "each node's host.fw; 3. then the <vmid>.fw files; enable a firewall only after all three.",
  'Host and guest files work only after this cluster.fw is merged: their rules name its aliases',
  'and IP sets, and pve-firewall drops every rule whose name it does not know.',
];

function comment(text: string): string {
  return `# ${proxmoxComment(text)}`;
}

function ruleLines(model: ExportModel, names: ClusterNames, m: MergedFlow, file: string): string[] {
  const source = host(model, m.from);
  const refs = names.nodes.get(m.from)?.refs ?? [];
  const lines = mergedComment(model, m).map((l) => comment(l));
  if (refs.length === 0) {
    warnNoAddress(model, 'proxmox', source, file);
    lines.push(comment(`left out: ${source.label} has no address.`));
    return lines;
  }
  for (const ref of refs) {
    for (const ports of chunkPorts(m.ports)) {
      const dport = ports.map((r) => portText(r, ':')).join(',');
      lines.push(
        `IN ACCEPT -source ${ref} -p ${m.protocol} -dport ${dport} ${comment(ruleIds(m))}`,
      );
    }
  }
  return lines;
}

function renderCluster(model: ExportModel, names: ClusterNames): ExportFile {
  const lines = [
    ...headerLines(model, `${LABEL}, cluster.fw`).map((l) => comment(l)),
    '#',
    '# Merge into /etc/pve/firewall/cluster.fw. Aliases name every addressed node; IP sets',
    '# group nodes by role; security groups hold the catalog rules per destination role, for',
    '# guests added later ("GROUP <name>" in their .fw file). The per-host files of this',
    '# export use exact sources. This file does not enable the firewall ([OPTIONS] enable: 1).',
    ...MERGE_ORDER.map((l) => comment(l)),
    '',
    '[ALIASES]',
    '',
  ];
  for (const h of model.hosts.values()) {
    for (const a of names.nodes.get(h.node.id)?.aliases ?? [])
      lines.push(`${a.name} ${a.cidr} ${comment(h.label)}`);
  }
  lines.push('');
  for (const h of model.hosts.values()) {
    const ref = names.nodes.get(h.node.id);
    if (!ref?.ipset) continue;
    const what = h.group ? 'every host of the group' : 'all addresses of';
    lines.push(`[IPSET ${ref.ipset}] ${comment(`${what} ${h.label}`)}`, '');
    for (const e of ref.entries) lines.push(e);
    lines.push('');
  }
  // Role sources: the role's IP set when it holds an address, plus any zero-prefix alias
  // (kept out of IP sets, see zeroPrefix) as a source of its own.
  const roleSources = new Map<string, string[]>();
  for (const [role, set] of names.roleSets) {
    const members = [...model.hosts.values()].filter((h) => h.roles.has(role));
    // A group without aliases contributes its CIDRs; aliases of a zero-prefix network stay
    // out of IP sets and become sources of their own.
    const inSet: string[] = [];
    const sources: string[] = [];
    for (const h of members) {
      const ref = names.nodes.get(h.node.id);
      if (!ref) continue;
      if (ref.aliases.length === 0) appendAll(inSet, ref.entries);
      for (const a of ref.aliases) (zeroPrefix(a.cidr) ? sources : inSet).push(a.name);
    }
    if (inSet.length > 0) {
      const label = model.catalog.roles.find((r) => r.id === role)?.label ?? role;
      lines.push(`[IPSET ${set}] ${comment(`role: ${label}`)}`, '');
      for (const a of inSet) lines.push(a);
      lines.push('');
      sources.unshift(`+${set}`);
    }
    roleSources.set(role, sources);
  }
  // One group per destination role: the catalog rules the plan's flows use, from role sources.
  const groupRules = new Map<string, Map<string, string>>();
  const specific = new Set<string>();
  for (const m of model.merged) {
    const from = host(model, m.from);
    const to = host(model, m.to);
    // An internet endpoint is not a Proxmox VE guest or host: nothing to enforce there.
    if (to.internet) continue;
    for (const f of m.flows) {
      const rule = model.rules.get(f.rule);
      if (!rule) continue;
      const end = conditionEnd(rule);
      if (end === 'to') {
        specific.add(rule.id);
        if (to.roles.has('vm-guest') && typeof to.node.options.vmid !== 'number') {
          model.warnings.add(
            `proxmox: rule ${rule.id} holds for ${to.label} only (${f.conditions.join('; ')}), so it belongs in the guest's own <vmid>.fw, not in a role's security group; the node has no VM id (options.vmid), so no Proxmox file carries it.`,
            [to.node.id],
          );
        }
        continue;
      }
      const exact = end === 'from' ? (names.nodes.get(from.node.id)?.refs ?? []) : null;
      for (const toRole of rule.to.filter((r) => to.roles.has(r))) {
        for (const fromRole of rule.from.filter((r) => from.roles.has(r))) {
          let entries = groupRules.get(toRole);
          if (!entries) {
            entries = new Map<string, string>();
            groupRules.set(toRole, entries);
          }
          for (const source of exact ?? roleSources.get(fromRole) ?? []) {
            // Many flows share one group entry (every pair of hosts of two roles): the line,
            // which depends only on the key, is built once.
            const key = `${rule.id}\n${fromRole}\n${source}`;
            if (entries.has(key)) continue;
            const dport = portText(rule.ports, ':');
            const line = `IN ACCEPT -source ${source} -p ${rule.protocol} -dport ${dport} ${comment(`${rule.purpose} [${rule.id}]`)}`;
            entries.set(key, line);
          }
        }
      }
    }
  }
  if (specific.size > 0) {
    lines.push(
      comment(
        `Not in the groups: rules that hold only for particular guests (${[...specific].sort(compareStrings).join(', ')}); they are in those guests' own <vmid>.fw files.`,
      ),
      '',
    );
  }
  for (const role of [...groupRules.keys()].sort(compareStrings)) {
    const label = model.catalog.roles.find((r) => r.id === role)?.label ?? role;
    lines.push(`[group ${names.groups.get(role)}] ${comment(`inbound to role: ${label}`)}`, '');
    const entries = groupRules.get(role)!;
    if (entries.size === 0) lines.push(comment('no source with an address'));
    for (const key of [...entries.keys()].sort(compareStrings)) lines.push(entries.get(key)!);
    lines.push('');
  }
  return { name: 'cluster.fw', content: joinLines(lines), language: 'ini' };
}

function renderRules(
  model: ExportModel,
  names: ClusterNames,
  h: HostInfo,
  name: string,
  what: string,
  notes: readonly string[],
  options: readonly string[],
): ExportFile {
  // `notes` are plain text (commented here); `options` are fixed config lines, never plan text.
  const lines = [
    ...headerLines(model, `${LABEL}, ${what}`, h).map((l) => comment(l)),
    comment(hostPolicy(h).text),
    ...notes.map((l) => (l === '' ? '#' : comment(l))),
    '#',
    ...MERGE_ORDER.map((l) => comment(l)),
    ...(options.length ? ['', '[OPTIONS]', '', ...options] : []),
    '',
    '[RULES]',
    '',
  ];
  for (const m of model.inbound(h.node.id))
    appendAll(lines, ruleLines(model, names, m, name)).push('');
  return { name, content: joinLines(lines), language: 'ini', node: h.node.id };
}

/** A file of the export: cluster.fw, a PVE server's host.fw, or a guest's <vmid>.fw. */
type PlannedFile =
  | { readonly kind: 'cluster' }
  | { readonly kind: 'host'; readonly h: HostInfo; readonly name: string }
  | { readonly kind: 'guest'; readonly h: HostInfo; readonly name: string; readonly vmid: number };

/**
 * Which files the export writes, in order: the decision render and files share. A generator,
 * so that render turns each into its file before the next is decided (warnings keep their order).
 */
function* plannedFiles(model: ExportModel): Generator<PlannedFile> {
  yield { kind: 'cluster' };
  const vmids = new Map<number, string>();
  for (const h of scopedHosts(model, (x) => !x.internet)) {
    if (model.inbound(h.node.id).length === 0) continue;
    if (h.roles.has('pve-server')) yield { kind: 'host', h, name: `${h.file}.host.fw` };
    const vmid = h.node.options.vmid;
    if (vmid === undefined) continue;
    if (typeof vmid !== 'number' || !Number.isInteger(vmid) || vmid < 100 || vmid > 999_999_999) {
      model.warnings.add(
        `proxmox: ${h.label} has an invalid VM id; no <vmid>.fw is written for it.`,
        [h.node.id],
      );
      continue;
    }
    const other = vmids.get(vmid);
    if (other !== undefined) {
      model.warnings.add(
        `proxmox: VM id ${vmid} is used by ${other} and ${h.node.id}; only the first gets ${vmid}.fw.`,
        [other, h.node.id],
      );
      continue;
    }
    vmids.set(vmid, h.node.id);
    yield { kind: 'guest', h, name: `${vmid}.fw`, vmid };
  }
}

function renderPlanned(model: ExportModel, names: ClusterNames, file: PlannedFile): ExportFile {
  if (file.kind === 'cluster') return renderCluster(model, names);
  const { h } = file;
  if (file.kind === 'host') {
    return renderRules(
      model,
      names,
      h,
      file.name,
      'host.fw',
      [
        'Allow rules only, whatever the policy: pve-firewall owns this host, and whether other',
        'inbound traffic is dropped is set by its own options (enable, policy_in), which this',
        'file leaves as they are.',
        '',
        `Merge the rules below into /etc/pve/nodes/<node name of ${h.label}>/host.fw (keep its other`,
        'rules and options).',
      ],
      [],
    );
  }
  const { vmid } = file;
  // Proxmox VE's default inbound policy for a VM is DROP: enabling the firewall of a guest
  // that serves other clients (allow-only) would cut them off, so only restrict enables it.
  const restrict = hostPolicy(h).policy === 'restrict';
  return renderRules(
    model,
    names,
    h,
    file.name,
    `guest ${vmid}.fw`,
    restrict
      ? [
          "This file enables the VM firewall ([OPTIONS] enable: 1): with Proxmox VE's default",
          'inbound policy (DROP), inbound traffic not listed here is dropped.',
          '',
          `Copy to /etc/pve/firewall/${vmid}.fw; also set firewall=1 on the guest's network device.`,
        ]
      : [
          'Allow rules only: this file does not enable the VM firewall. Add the rules for the',
          "VM's own services first, then enable it (Firewall > Options > Firewall: Yes); enabling",
          "it applies Proxmox VE's default inbound policy (DROP) to everything not allowed.",
          '',
          `Merge the rules below into /etc/pve/firewall/${vmid}.fw (keep its other rules and`,
          "options); the guest's network device needs firewall=1.",
        ],
    restrict ? ['enable: 1'] : [],
  );
}

export const proxmox: Exporter = {
  id: 'proxmox',
  label: LABEL,
  description:
    'Proxmox VE firewall: cluster.fw (aliases, IP sets, groups per role), <id>.host.fw, <vmid>.fw.',
  files: (input) =>
    Array.from(plannedFiles(buildModel(input)), (f) =>
      f.kind === 'cluster' ? { name: 'cluster.fw' } : { name: f.name, node: f.h.node.id },
    ),
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    const names = assignNames(model);
    const files = Array.from(plannedFiles(model), (f) => renderPlanned(model, names, f));
    return { files, warnings: model.warnings.list() };
  },
};
