// iptables-restore: `<id>.rules.v4` per Linux host, plus `<id>.rules.v6` when IPv6 addresses are involved.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { iptablesComment, iptablesLineComment } from './escape/iptables';
import type { ExportModel, HostInfo } from './model';
import {
  buildModel,
  chunkPorts,
  headerLines,
  host,
  isLinuxHost,
  joinLines,
  mergedComment,
  portText,
  ruleIds,
  scopedHosts,
  warnNoAddress,
} from './model';

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
  const addresses = family === 'v4' ? peer.v4 : peer.v6;
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

function renderFamily(model: ExportModel, h: HostInfo, family: Family): ExportFile {
  const egress = Boolean(model.options.egress);
  const name = `${h.file}.rules.${family}`;
  const tool = family === 'v4' ? 'iptables-restore' : 'ip6tables-restore';
  const icmp = family === 'v4' ? 'icmp' : 'ipv6-icmp';
  const lines = [
    ...headerLines(model, `${LABEL}, ${family === 'v4' ? 'IPv4' : 'IPv6'}`, h).map((l) =>
      iptablesLineComment(l),
    ),
    '#',
    `# Check: ${tool} --test < ${name}    Apply: ${tool} < ${name}`,
    `# (or install as /etc/iptables/rules.${family} with iptables-persistent).`,
    '# This is a whole filter table: restoring it replaces the current filter rules of this family.',
    '# Inbound traffic not listed here is dropped; loopback, established/related and ICMP stay allowed.',
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
  for (const m of model.inbound(h.node.id)) lines.push(...flowRules(model, m, family, 'in', name));
  if (egress) {
    for (const m of model.outbound(h.node.id))
      lines.push(...flowRules(model, m, family, 'out', name));
  }
  lines.push('COMMIT');
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
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    const files: ExportFile[] = [];
    for (const h of scopedHosts(model, (x) => isLinuxHost(x) && !x.internet)) {
      const flows = [
        ...model.inbound(h.node.id),
        ...(model.options.egress ? model.outbound(h.node.id) : []),
      ];
      if (flows.length === 0) continue;
      files.push(renderFamily(model, h, 'v4'));
      if (needsV6(model, h, flows)) files.push(renderFamily(model, h, 'v6'));
    }
    return { files, warnings: model.warnings.list() };
  },
};
