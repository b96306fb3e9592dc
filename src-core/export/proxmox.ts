// Proxmox VE firewall: cluster.fw (aliases, IP sets and security groups per role), <id>.host.fw, <vmid>.fw.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { PROXMOX_GROUP_MAX, proxmoxComment, proxmoxName } from './escape/proxmox';
import type { ExportModel, HostInfo } from './model';
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

/** Hands out distinct names within one namespace (aliases, IP sets, groups). */
class Names {
  private readonly taken = new Set<string>();

  claim(wanted: string, max: number): string {
    let name = wanted;
    for (let i = 2; this.taken.has(name.toLowerCase()); i++) {
      const suffix = `-${i}`;
      name = `${wanted.slice(0, max - suffix.length)}${suffix}`;
    }
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/** How rules refer to each node's addresses: an alias (one address) or an IP set (several). */
interface NodeRef {
  readonly aliases: readonly { name: string; cidr: string }[];
  /** What IP sets list for the node: its alias names, or a group's CIDRs written directly. */
  readonly entries: readonly string[];
  /** `-source`/`-dest` value: alias name or `+ipset`. */
  readonly ref: string | null;
  readonly ipset?: string;
}

interface ClusterNames {
  readonly nodes: ReadonlyMap<string, NodeRef>;
  readonly roleSets: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
}

function assignNames(model: ExportModel): ClusterNames {
  const aliasNames = new Names();
  const ipsetNames = new Names();
  const groupNames = new Names();
  const roleSets = new Map<string, string>();
  const groups = new Map<string, string>();
  const roles = new Set<string>();
  for (const h of model.hosts.values()) for (const r of h.roles) roles.add(r);
  for (const role of [...roles].sort(compareStrings)) {
    roleSets.set(role, ipsetNames.claim(proxmoxName(role), 64));
    groups.set(
      role,
      groupNames.claim(
        proxmoxName(SHORT_ROLE_NAMES[role] ?? role, PROXMOX_GROUP_MAX),
        PROXMOX_GROUP_MAX,
      ),
    );
  }
  const nodes = new Map<string, NodeRef>();
  for (const h of model.hosts.values()) {
    // IP set entries and aliases take a host or a CIDR: a group's ranges arrive split into CIDRs.
    const cidrs = [...h.cidr4, ...h.cidr6];
    const base = proxmoxName(h.node.id, 60);
    if (cidrs.length === 0) {
      nodes.set(h.node.id, { aliases: [], entries: [], ref: null });
    } else if (h.group) {
      // A group's hosts go straight into its IP set: one alias per member would flood [ALIASES].
      const ipset = ipsetNames.claim(proxmoxName(`group-${h.node.id}`), 64);
      nodes.set(h.node.id, { aliases: [], entries: cidrs, ref: `+${ipset}`, ipset });
    } else if (cidrs.length === 1) {
      const name = aliasNames.claim(base, 64);
      nodes.set(h.node.id, {
        aliases: [{ name, cidr: cidrs[0] as string }],
        entries: [name],
        ref: name,
      });
    } else {
      const aliases = cidrs.map((cidr, i) => ({
        name: aliasNames.claim(`${base}-a${i + 1}`, 64),
        cidr,
      }));
      const ipset = ipsetNames.claim(proxmoxName(`host-${h.node.id}`), 64);
      nodes.set(h.node.id, {
        aliases,
        entries: aliases.map((a) => a.name),
        ref: `+${ipset}`,
        ipset,
      });
    }
  }
  return { nodes, roleSets, groups };
}

function comment(text: string): string {
  return `# ${proxmoxComment(text)}`;
}

function ruleLines(model: ExportModel, names: ClusterNames, m: MergedFlow, file: string): string[] {
  const source = host(model, m.from);
  const ref = names.nodes.get(m.from)?.ref ?? null;
  const lines = mergedComment(model, m).map((l) => comment(l));
  if (!ref) {
    warnNoAddress(model, 'proxmox', source, file);
    lines.push(comment(`left out: ${source.label} has no address.`));
    return lines;
  }
  for (const ports of chunkPorts(m.ports)) {
    const dport = ports.map((r) => portText(r, ':')).join(',');
    lines.push(`IN ACCEPT -source ${ref} -p ${m.protocol} -dport ${dport} ${comment(ruleIds(m))}`);
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
  for (const [role, set] of names.roleSets) {
    const members = [...model.hosts.values()].filter((h) => h.roles.has(role));
    const aliases = members.flatMap((h) => names.nodes.get(h.node.id)?.entries ?? []);
    if (aliases.length === 0) continue;
    const label = model.catalog.roles.find((r) => r.id === role)?.label ?? role;
    lines.push(`[IPSET ${set}] ${comment(`role: ${label}`)}`, '');
    for (const a of aliases) lines.push(a);
    lines.push('');
  }
  // One group per destination role: the catalog rules the plan's flows use, from role IP sets.
  const groupRules = new Map<string, Map<string, string>>();
  for (const m of model.merged) {
    const from = host(model, m.from);
    const to = host(model, m.to);
    // An internet endpoint is not a Proxmox VE guest or host: nothing to enforce there.
    if (to.internet) continue;
    for (const f of m.flows) {
      const rule = model.rules.get(f.rule);
      if (!rule) continue;
      for (const toRole of rule.to.filter((r) => to.roles.has(r))) {
        for (const fromRole of rule.from.filter((r) => from.roles.has(r))) {
          const set = names.roleSets.get(fromRole);
          if (!set) continue;
          const entries = groupRules.get(toRole) ?? new Map<string, string>();
          groupRules.set(toRole, entries);
          const dport = portText(rule.ports, ':');
          const line = `IN ACCEPT -source +${set} -p ${rule.protocol} -dport ${dport} ${comment(`${rule.purpose} [${rule.id}]`)}`;
          entries.set(`${rule.id}\n${fromRole}`, line);
        }
      }
    }
  }
  for (const role of [...groupRules.keys()].sort(compareStrings)) {
    const label = model.catalog.roles.find((r) => r.id === role)?.label ?? role;
    lines.push(`[group ${names.groups.get(role)}] ${comment(`inbound to role: ${label}`)}`, '');
    const entries = groupRules.get(role)!;
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
    ...(options.length ? ['', '[OPTIONS]', '', ...options] : []),
    '',
    '[RULES]',
    '',
  ];
  for (const m of model.inbound(h.node.id)) lines.push(...ruleLines(model, names, m, name), '');
  return { name, content: joinLines(lines), language: 'ini', node: h.node.id };
}

export const proxmox: Exporter = {
  id: 'proxmox',
  label: LABEL,
  description:
    'Proxmox VE firewall: cluster.fw (aliases, IP sets, groups per role), <id>.host.fw, <vmid>.fw.',
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    const names = assignNames(model);
    const files: ExportFile[] = [renderCluster(model, names)];
    const vmids = new Map<number, string>();
    for (const h of scopedHosts(model, (x) => !x.internet)) {
      if (model.inbound(h.node.id).length === 0) continue;
      if (h.roles.has('pve-server')) {
        files.push(
          renderRules(
            model,
            names,
            h,
            `${h.file}.host.fw`,
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
          ),
        );
      }
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
      // Proxmox VE's default inbound policy for a VM is DROP: enabling the firewall of a guest
      // that serves other clients (allow-only) would cut them off, so only restrict enables it.
      const restrict = hostPolicy(h).policy === 'restrict';
      files.push(
        renderRules(
          model,
          names,
          h,
          `${vmid}.fw`,
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
        ),
      );
    }
    return { files, warnings: model.warnings.list() };
  },
};
