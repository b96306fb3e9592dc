// nftables: one `<id>.nft` per Linux host, an `inet portolan` table with named source sets.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { nftComment, nftIdentifier, nftLineComment } from './escape/nft';
import type { ExportModel, HostInfo } from './model';
import { NameTable } from './names';
import {
  headerLines,
  host,
  hostPolicy,
  isLinuxHost,
  joinLines,
  listPerHost,
  mergedComment,
  portText,
  renderPerHost,
  ruleIds,
  skipPveServer,
  warnNoAddress,
} from './model';
import { appendAll } from '../util/arrays';

const LABEL = 'nftables (Linux)';
/**
 * allow-only files write into this table: an accept in one table's base chain does not stop
 * another table's base chain from dropping the packet, and jump/goto cannot cross tables, so
 * the allow rules must live in the table that holds the administrator's input chain. "inet
 * filter" is its usual name (Debian's and RHEL's /etc/nftables.conf).
 */
const ALLOW_ONLY_TABLE = 'inet filter';

function portSet(m: MergedFlow): string {
  const items = m.ports.map((r) => portText(r, '-'));
  return items.length === 1 ? (items[0] as string) : `{ ${items.join(', ')} }`;
}

/** nft accepts longer set names; 64 keeps rules readable. */
const SET_NAME_MAX = 64;

/** Named sets of one file: one per (peer node, family), declared once, names from one table. */
class SetTable {
  private readonly sets = new Map<
    string,
    { name: string; type: string; comment: string; elements: readonly string[] }
  >();
  // Keyed by the final name: a cleaned-and-hashed id can equal another node's id.
  private readonly names = new NameTable({ max: SET_NAME_MAX, filler: '_' });

  /** The set name for a peer's addresses of a family, declaring it on first use. */
  use(peer: HostInfo, family: 'v4' | 'v6'): string {
    const key = `${peer.node.id}\n${family}`;
    const existing = this.sets.get(key);
    if (existing) return existing.name;
    const name = this.names.claim(key, `${nftIdentifier(peer.node.id)}_${family}`);
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

/** Address match of a peer: a named set (restrict files), or an inline set (allow-only files). */
function addressMatch(peer: HostInfo, family: 'v4' | 'v6', sets: SetTable | null): string {
  if (sets) return `@${sets.use(peer, family)}`;
  const items = family === 'v4' ? peer.v4 : peer.v6;
  return items.length === 1 ? (items[0] as string) : `{ ${items.join(', ')} }`;
}

/** Rules for one merged flow; `peer` is the other end (source for input, destination for output). */
function flowRules(
  model: ExportModel,
  m: MergedFlow,
  direction: 'saddr' | 'daddr',
  sets: SetTable | null,
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
    lines.push(
      `\t\tip ${direction} ${addressMatch(peer, 'v4', sets)} ${match} accept comment ${comment}`,
    );
  if (peer.v6.length)
    lines.push(
      `\t\tip6 ${direction} ${addressMatch(peer, 'v6', sets)} ${match} accept comment ${comment}`,
    );
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

/** Drops trailing blank lines of a chain body and closes it. */
function closeChain(lines: string[]): string[] {
  while (lines[lines.length - 1] === '') lines.pop();
  lines.push('\t}');
  return lines;
}

/** restrict: the table "inet portolan" with hooked chains and a drop policy, replaced atomically. */
function restrictBody(
  model: ExportModel,
  name: string,
  input: readonly MergedFlow[],
  output: readonly MergedFlow[],
): { header: string[]; body: string[] } {
  const sets = new SetTable();
  const inRules = input.flatMap((m) => [...flowRules(model, m, 'saddr', sets, name), '']);
  const outRules = output.flatMap((m) => [...flowRules(model, m, 'daddr', sets, name), '']);
  const header = [
    '# This file is the whole inbound policy of the host: inbound traffic not listed here is',
    '# dropped; loopback, established/related and ICMP stay allowed.',
    '#',
    `# Check: nft -c -f ${name}    Apply: nft -f ${name}`,
    '# Replaces only the table "inet portolan"; other tables stay as they are (a drop in any',
    '# other table still drops).',
  ];
  if (model.options.egress) {
    header.push(
      '# Egress is on: outbound traffic not listed here is dropped too (including DNS and NTP);',
      '# add the rules this host needs beyond the backup flows before applying.',
    );
  }
  // Sets are declared before the chains that use them; render chains first to collect them.
  const chains = closeChain([
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    ...baseRules(),
    '',
    ...inRules,
  ]);
  if (model.options.egress) {
    appendAll(chains, [
      '',
      ...closeChain([
        '\tchain output {',
        '\t\ttype filter hook output priority filter; policy drop;',
        '\t\toif "lo" accept',
        '\t\tct state established,related accept',
        '\t\tmeta l4proto { icmp, ipv6-icmp } accept',
        '',
        ...outRules,
      ]),
    ]);
  }
  const setLines = sets.render();
  const body = [
    'table inet portolan',
    'delete table inet portolan',
    '',
    'table inet portolan {',
    ...setLines,
    ...(setLines.length ? [''] : []),
    ...chains,
    '}',
  ];
  return { header, body };
}

/**
 * The header's commands that hook a Portolan chain into the administrator's base chain: create
 * the base chain when the table has none (policy accept: it drops nothing), then insert the
 * jump unless it is there. Each line runs as one `sh -c` command.
 */
function jumpCommands(hook: 'input' | 'output', chain: string): string[] {
  const base = `${ALLOW_ONLY_TABLE} ${hook}`;
  return [
    `#   nft list chain ${base} >/dev/null 2>&1 || nft add chain ${base} '{ type filter hook ${hook} priority filter; policy accept; }'`,
    `#   nft list chain ${base} | grep -q 'jump ${chain}' || nft insert rule ${base} jump ${chain}`,
  ];
}

/**
 * allow-only: regular chains (no hook, no policy) in the administrator's table, flushed and
 * refilled on every load; nothing changes until their input chain jumps to portolan_in.
 */
function allowOnlyBody(
  model: ExportModel,
  name: string,
  input: readonly MergedFlow[],
  output: readonly MergedFlow[],
): { header: string[]; body: string[] } {
  const egress = Boolean(model.options.egress);
  const chainNames = egress ? ['portolan_in', 'portolan_out'] : ['portolan_in'];
  const chainText = egress ? 'chains portolan_in and portolan_out' : 'chain portolan_in';
  const header = [
    `# Allow rules only: adds the regular ${chainText} to table "${ALLOW_ONLY_TABLE}"; no base`,
    '# chain, no policy change: loading it changes no traffic until your input chain jumps to it.',
    '#',
    `# Check: nft -c -f ${name}    Apply: nft -f ${name}    (re-applying refreshes the chain)`,
    '# Then these commands (safe to repeat): the jump goes first, before your drop rules and drop',
    '# policy, and only once; a host without the input chain gets one with policy accept (so',
    '# nothing that passed before is dropped; without a drop elsewhere the file opens nothing new).',
    ...jumpCommands('input', 'portolan_in'),
  ];
  if (egress) appendAll(header, jumpCommands('output', 'portolan_out'));
  header.push(
    '# Why your table: an accept in a separate table does not stop another table from dropping,',
    '# and jump works only inside one table. Input chain in another table? Replace every',
    `# "${ALLOW_ONLY_TABLE}" in this file. To persist: include this file in /etc/nftables.conf`,
    '# after "flush ruleset" and before your table, and write the jump into your input chain.',
  );
  const chains = [
    ...closeChain([
      '\tchain portolan_in {',
      ...input.flatMap((m) => [...flowRules(model, m, 'saddr', null, name), '']),
    ]),
  ];
  if (egress) {
    appendAll(chains, [
      '',
      ...closeChain([
        '\tchain portolan_out {',
        ...output.flatMap((m) => [...flowRules(model, m, 'daddr', null, name), '']),
      ]),
    ]);
  }
  const body = [
    // Declare (a no-op when they exist) so that the flush below works on a first load too.
    `table ${ALLOW_ONLY_TABLE} {`,
    ...chainNames.flatMap((c) => [`\tchain ${c} {`, '\t}']),
    '}',
    ...chainNames.map((c) => `flush chain ${ALLOW_ONLY_TABLE} ${c}`),
    '',
    `table ${ALLOW_ONLY_TABLE} {`,
    ...chains,
    '}',
  ];
  return { header, body };
}

function renderHost(model: ExportModel, h: HostInfo, name: string): ExportFile {
  const inbound = model.inbound(h.node.id);
  const outbound = model.options.egress ? model.outbound(h.node.id) : [];
  const policy = hostPolicy(h);
  const { header, body } =
    policy.policy === 'restrict'
      ? restrictBody(model, name, inbound, outbound)
      : allowOnlyBody(model, name, inbound, outbound);
  const lines = [
    '#!/usr/sbin/nft -f',
    ...headerLines(model, LABEL, h).map((l) => nftLineComment(l)),
    nftLineComment(policy.text),
    ...header,
    '',
    ...body,
  ];
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

/** The file a host gets, or null (the decision render and files share). */
function fileName(model: ExportModel, h: HostInfo): string | null {
  const flows =
    model.inbound(h.node.id).length + (model.options.egress ? model.outbound(h.node.id).length : 0);
  return flows === 0 || skipPveServer(model, 'nftables', h) ? null : `${h.file}.nft`;
}

export const nftables: Exporter = {
  id: 'nftables',
  label: LABEL,
  description:
    'One nftables file per Linux host: an inet table with named sets, inbound rules per source.',
  files: (input) => listPerHost(input, isLinuxHost, fileName),
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isLinuxHost, fileName, renderHost);
  },
};
