// iptables-restore: `<id>.rules.v4` per Linux host, plus `<id>.rules.v6` when IPv6 addresses are involved.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportFileName, ExportInput, ExportResult } from './exporter';
import { iptablesComment, iptablesLineComment } from './escape/iptables';
import type { ExportModel, HostInfo } from './model';
import {
  buildModel,
  chunkPorts,
  headerLines,
  host,
  hostPolicy,
  isLinuxHost,
  joinLines,
  mergedComment,
  portText,
  ruleIds,
  scopedHosts,
  skipPveServer,
  warnNoAddress,
} from './model';
import { appendAll } from '../util/arrays';

const LABEL = 'iptables-restore (Linux)';

type Family = 'v4' | 'v6';

function portMatch(m: MergedFlow, ports: MergedFlow['ports']): string {
  if (ports.length === 1)
    return `-p ${m.protocol} -m ${m.protocol} --dport ${portText(ports[0]!, ':')}`;
  return `-p ${m.protocol} -m multiport --dports ${ports.map((r) => portText(r, ':')).join(',')}`;
}

function flowRules(
  model: ExportModel,
  m: MergedFlow,
  family: Family,
  direction: 'in' | 'out',
  file: string,
): string[] {
  const peer = host(model, direction === 'in' ? m.from : m.to);
  const chain = direction === 'in' ? 'PORTOLAN-IN' : 'PORTOLAN-OUT';
  const flag = direction === 'in' ? '-s' : '-d';
  const lines = mergedComment(model, m).map((l) => iptablesLineComment(l));
  // iptables -s/-d take a host or a CIDR, not a range: a group's ranges arrive split into CIDRs.
  const addresses = family === 'v4' ? peer.cidr4 : peer.cidr6;
  const comment = iptablesComment(ruleIds(m));
  if (peer.v4.length === 0 && peer.v6.length === 0) {
    if (direction === 'out' && peer.internet) {
      model.warnings.add(
        `iptables: egress to ${peer.label} (internet endpoint${peer.hostname ? ` ${peer.hostname}` : ''}) cannot be restricted by address; ${file} allows ${m.protocol} ${m.ports.map((r) => portText(r)).join(',')} to any destination.`,
        [peer.node.id],
      );
      lines.push(
        iptablesLineComment(
          `${peer.label} has no address (internet endpoint): allowed to any destination.`,
        ),
      );
      for (const ports of chunkPorts(m.ports)) {
        lines.push(`-A ${chain} ${portMatch(m, ports)} -m comment --comment ${comment} -j ACCEPT`);
      }
      return lines;
    }
    warnNoAddress(model, 'iptables', peer, file);
    lines.push(iptablesLineComment(`left out: ${peer.label} has no address.`));
    return lines;
  }
  if (addresses.length === 0) {
    lines.push(
      iptablesLineComment(
        `${peer.label} has no ${family === 'v4' ? 'IPv4' : 'IPv6'} address; see the other family's file.`,
      ),
    );
    return lines;
  }
  for (const address of addresses) {
    for (const ports of chunkPorts(m.ports)) {
      lines.push(
        `-A ${chain} ${flag} ${address} ${portMatch(m, ports)} -m comment --comment ${comment} -j ACCEPT`,
      );
    }
  }
  return lines;
}

/** The flow rules of the host's chains (PORTOLAN-IN, and PORTOLAN-OUT with egress). */
function chainRules(model: ExportModel, h: HostInfo, family: Family, name: string): string[] {
  const lines: string[] = [];
  for (const m of model.inbound(h.node.id))
    appendAll(lines, flowRules(model, m, family, 'in', name));
  if (model.options.egress) {
    for (const m of model.outbound(h.node.id))
      appendAll(lines, flowRules(model, m, family, 'out', name));
  }
  return lines;
}

/** restrict: a whole filter table with drop policies; restoring it replaces the current one. */
function restrictLines(model: ExportModel, h: HostInfo, family: Family, name: string): string[] {
  const egress = Boolean(model.options.egress);
  const tool = family === 'v4' ? 'iptables-restore' : 'ip6tables-restore';
  const icmp = family === 'v4' ? 'icmp' : 'ipv6-icmp';
  const lines = [
    '# This file is the whole inbound policy of the host: inbound traffic not listed here is',
    '# dropped; loopback, established/related and ICMP stay allowed.',
    '#',
    `# Check: ${tool} --test < ${name}    Apply: ${tool} < ${name}`,
    `# (or install as /etc/iptables/rules.${family} with iptables-persistent).`,
    '# This is a whole filter table: restoring it replaces the current filter rules of this family.',
  ];
  if (egress)
    lines.push(
      '# Egress is on: outbound traffic not listed here is dropped too (including DNS and NTP).',
    );
  lines.push(
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD ACCEPT [0:0]',
    `:OUTPUT ${egress ? 'DROP' : 'ACCEPT'} [0:0]`,
    ':PORTOLAN-IN - [0:0]',
  );
  if (egress) lines.push(':PORTOLAN-OUT - [0:0]');
  lines.push(
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '-A INPUT -m conntrack --ctstate INVALID -j DROP',
    `-A INPUT -p ${icmp} -j ACCEPT`,
    '-A INPUT -j PORTOLAN-IN',
  );
  if (egress) {
    lines.push(
      '-A OUTPUT -o lo -j ACCEPT',
      '-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      `-A OUTPUT -p ${icmp} -j ACCEPT`,
      '-A OUTPUT -j PORTOLAN-OUT',
    );
  }
  return lines;
}

/**
 * allow-only: only the chains PORTOLAN-IN/-OUT, for `--noflush` (which flushes and refills a
 * declared user chain and leaves everything else). A restore file cannot add a rule to INPUT
 * only once (every load would add another jump, and `-D` fails when the rule is absent), so the
 * apply command adds the jump when `-C` does not find it.
 */
function allowOnlyLines(model: ExportModel, family: Family, name: string): string[] {
  const egress = Boolean(model.options.egress);
  const tool = family === 'v4' ? 'iptables' : 'ip6tables';
  const jump = (chain: string, target: string) =>
    `#   ${tool} -C ${chain} -j ${target} 2>/dev/null || ${tool} -I ${chain} -j ${target}`;
  const lines = [
    `# Allow rules only: fills the chain PORTOLAN-IN${egress ? ' (and PORTOLAN-OUT)' : ''}; the INPUT policy and every other`,
    '# rule stay as they are.',
    '#',
    `# Check: ${tool}-restore --test --noflush < ${name}`,
    '# Apply (safe to repeat: the chains are flushed and refilled, each jump is added once, on top):',
    `#   ${tool}-restore --noflush < ${name}`,
    jump('INPUT', 'PORTOLAN-IN'),
  ];
  if (egress) lines.push(jump('OUTPUT', 'PORTOLAN-OUT'));
  lines.push(
    `# Never restore it without --noflush: that would replace the whole filter table of this family.`,
    `# To persist, save the running rules afterwards (e.g. netfilter-persistent save).`,
    '*filter',
    ':PORTOLAN-IN - [0:0]',
  );
  if (egress) lines.push(':PORTOLAN-OUT - [0:0]');
  return lines;
}

function fileName(h: HostInfo, family: Family): string {
  return `${h.file}.rules.${family}`;
}

/** The Linux hosts that get files, and which families: the decision render and files share. */
function filesByHost(model: ExportModel): { h: HostInfo; families: Family[] }[] {
  const out: { h: HostInfo; families: Family[] }[] = [];
  for (const h of scopedHosts(model, (x) => isLinuxHost(x) && !x.internet)) {
    const flows = [
      ...model.inbound(h.node.id),
      ...(model.options.egress ? model.outbound(h.node.id) : []),
    ];
    if (flows.length === 0 || skipPveServer(model, 'iptables', h)) continue;
    out.push({ h, families: needsV6(model, h, flows) ? ['v4', 'v6'] : ['v4'] });
  }
  return out;
}

function renderFamily(model: ExportModel, h: HostInfo, family: Family): ExportFile {
  const name = fileName(h, family);
  const policy = hostPolicy(h);
  const lines = [
    ...headerLines(model, `${LABEL}, ${family === 'v4' ? 'IPv4' : 'IPv6'}`, h).map((l) =>
      iptablesLineComment(l),
    ),
    iptablesLineComment(policy.text),
    ...(policy.policy === 'restrict'
      ? restrictLines(model, h, family, name)
      : allowOnlyLines(model, family, name)),
    ...chainRules(model, h, family, name),
    'COMMIT',
  ];
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

/** True when the host or any peer of its rules has an IPv6 address. */
function needsV6(model: ExportModel, h: HostInfo, flows: readonly MergedFlow[]): boolean {
  if (h.v6.length) return true;
  return flows.some((m) => host(model, m.from === h.node.id ? m.to : m.from).v6.length > 0);
}

export const iptables: Exporter = {
  id: 'iptables',
  label: LABEL,
  description:
    'iptables-restore files per Linux host: <id>.rules.v4, and <id>.rules.v6 when IPv6 is used.',
  files(input: ExportInput): ExportFileName[] {
    const model = buildModel(input);
    return filesByHost(model).flatMap(({ h, families }) =>
      families.map((family) => ({ name: fileName(h, family), node: h.node.id })),
    );
  },
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    const files: ExportFile[] = filesByHost(model).flatMap(({ h, families }) =>
      families.map((family) => renderFamily(model, h, family)),
    );
    return { files, warnings: model.warnings.list() };
  },
};
