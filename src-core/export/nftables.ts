// nftables: one `<id>.nft` per Linux host, an `inet portolan` table with named source sets.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { nftComment, nftIdentifier, nftLineComment } from './escape/nft';
import type { ExportModel, HostInfo } from './model';
import {
  buildModel,
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

const LABEL = 'nftables (Linux)';

function portSet(m: MergedFlow): string {
  const items = m.ports.map((r) => portText(r, '-'));
  return items.length === 1 ? (items[0] as string) : `{ ${items.join(', ')} }`;
}

/** Named sets of one file: one per (peer node, family), declared once. */
class SetTable {
  private readonly sets = new Map<
    string,
    { name: string; type: string; comment: string; elements: readonly string[] }
  >();

  /** The set name for a peer's addresses of a family, declaring it on first use. */
  use(peer: HostInfo, family: 'v4' | 'v6'): string {
    const key = `${peer.node.id}\n${family}`;
    const existing = this.sets.get(key);
    if (existing) return existing.name;
    const name = `${nftIdentifier(peer.node.id)}_${family}`;
    this.sets.set(key, {
      name,
      type: family === 'v4' ? 'ipv4_addr' : 'ipv6_addr',
      comment: peer.label,
      elements: family === 'v4' ? peer.v4 : peer.v6,
    });
    return name;
  }

  render(): string[] {
    const out: string[] = [];
    for (const s of this.sets.values()) {
      out.push(
        `\tset ${s.name} {`,
        `\t\ttype ${s.type}`,
        '\t\tflags interval',
        '\t\tauto-merge',
        `\t\tcomment ${nftComment(s.comment)}`,
        `\t\telements = { ${s.elements.join(', ')} }`,
        '\t}',
      );
    }
    return out;
  }
}

/** Rules for one merged flow; `peer` is the other end (source for input, destination for output). */
function flowRules(
  model: ExportModel,
  m: MergedFlow,
  direction: 'saddr' | 'daddr',
  sets: SetTable,
  file: string,
): string[] {
  const peer = host(model, direction === 'saddr' ? m.from : m.to);
  const lines = mergedComment(model, m).map((l) => `\t\t${nftLineComment(l)}`);
  const match = `${m.protocol} dport ${portSet(m)}`;
  const comment = nftComment(`${ruleIds(m)}`);
  if (peer.v4.length === 0 && peer.v6.length === 0) {
    if (direction === 'daddr' && peer.internet) {
      // An internet endpoint (update repository / CDN) is known by name only and its
      // addresses change; the port is allowed to any destination, and the caller is warned.
      model.warnings.add(
        `nftables: egress to ${peer.label} (internet endpoint${peer.hostname ? ` ${peer.hostname}` : ''}) cannot be restricted by address; ${file} allows ${m.protocol} ${m.ports.map((r) => portText(r)).join(',')} to any destination.`,
        [peer.node.id],
      );
      lines.push(
        `\t\t${nftLineComment(`${peer.label} has no address (internet endpoint${peer.hostname ? ` ${peer.hostname}` : ''}): allowed to any destination.`)}`,
        `\t\t${match} accept comment ${comment}`,
      );
      return lines;
    }
    warnNoAddress(model, 'nftables', peer, file);
    lines.push(`\t\t${nftLineComment(`left out: ${peer.label} has no address.`)}`);
    return lines;
  }
  if (peer.v4.length)
    lines.push(`\t\tip ${direction} @${sets.use(peer, 'v4')} ${match} accept comment ${comment}`);
  if (peer.v6.length)
    lines.push(`\t\tip6 ${direction} @${sets.use(peer, 'v6')} ${match} accept comment ${comment}`);
  return lines;
}

function baseRules(): string[] {
  return [
    '\t\tiif "lo" accept',
    '\t\tct state established,related accept',
    '\t\tct state invalid drop',
    '\t\tmeta l4proto { icmp, ipv6-icmp } accept',
  ];
}

function renderHost(model: ExportModel, h: HostInfo): ExportFile | null {
  const inbound = model.inbound(h.node.id);
  const outbound = model.options.egress ? model.outbound(h.node.id) : [];
  if (inbound.length === 0 && outbound.length === 0) return null;
  const name = `${h.file}.nft`;
  const sets = new SetTable();
  const input = inbound.flatMap((m) => [...flowRules(model, m, 'saddr', sets, name), '']);
  const output = outbound.flatMap((m) => [...flowRules(model, m, 'daddr', sets, name), '']);
  const lines = [
    '#!/usr/sbin/nft -f',
    ...headerLines(model, LABEL, h).map((l) => nftLineComment(l)),
    '#',
    `# Check: nft -c -f ${name}    Apply: nft -f ${name}`,
    '# Replaces only the table "inet portolan"; other tables stay as they are.',
    '# Inbound traffic not listed here is dropped; loopback, established/related and ICMP stay allowed.',
  ];
  if (model.options.egress) {
    lines.push(
      '# Egress is on: outbound traffic not listed here is dropped too (including DNS and NTP);',
      '# add the rules this host needs beyond the backup flows before applying.',
    );
  }
  lines.push('', 'table inet portolan', 'delete table inet portolan', '', 'table inet portolan {');
  // Sets are declared before the chains that use them; render chains first to collect them.
  const chains: string[] = [
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    ...baseRules(),
    '',
    ...input,
  ];
  while (chains[chains.length - 1] === '') chains.pop();
  chains.push('\t}');
  if (model.options.egress) {
    chains.push(
      '',
      '\tchain output {',
      '\t\ttype filter hook output priority filter; policy drop;',
      '\t\toif "lo" accept',
      '\t\tct state established,related accept',
      '\t\tmeta l4proto { icmp, ipv6-icmp } accept',
      '',
      ...output,
    );
    while (chains[chains.length - 1] === '') chains.pop();
    chains.push('\t}');
  }
  const setLines = sets.render();
  lines.push(...setLines, ...(setLines.length ? [''] : []), ...chains, '}');
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

export const nftables: Exporter = {
  id: 'nftables',
  label: LABEL,
  description:
    'One nftables file per Linux host: an inet table with named sets, inbound rules per source.',
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    const files: ExportFile[] = [];
    for (const h of scopedHosts(model, (x) => isLinuxHost(x) && !x.internet)) {
      const file = renderHost(model, h);
      if (file) files.push(file);
    }
    return { files, warnings: model.warnings.list() };
  },
};
