// ufw: `<id>.ufw.sh` per Linux host, one `ufw allow` per source address and port chunk.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { quoteShell, shellComment } from './escape/shell';
import { asciiOnly, oneLine } from './escape/text';
import type { ExportModel, HostInfo } from './model';
import {
  chunkPorts,
  headerLines,
  host,
  hostPolicy,
  isLinuxHost,
  joinLines,
  mergedComment,
  portText,
  listPerHost,
  renderPerHost,
  ruleIds,
  skipPveServer,
  warnNoAddress,
} from './model';
import { appendAll } from '../util/arrays';

const LABEL = 'ufw (Linux)';

/** ufw keeps comments in its rules files; plain ASCII without quotes keeps them intact there too. */
function ufwComment(text: string): string {
  return quoteShell(asciiOnly(oneLine(text, 200)).replace(/['"\\]/g, ' '));
}

function flowLines(model: ExportModel, m: MergedFlow, file: string): string[] {
  const source = host(model, m.from);
  const lines = mergedComment(model, m).map((l) => shellComment(l));
  // ufw's `from` takes a host or a CIDR: a group's ranges arrive split into CIDRs.
  const addresses = [...source.cidr4, ...source.cidr6];
  if (addresses.length === 0) {
    warnNoAddress(model, 'ufw', source, file);
    lines.push(shellComment(`left out: ${source.label} has no address.`));
    return lines;
  }
  const comment = ufwComment(`Portolan: ${ruleIds(m)}`);
  for (const address of addresses) {
    for (const ports of chunkPorts(m.ports)) {
      const list = ports.map((r) => portText(r, ':')).join(',');
      lines.push(
        `ufw allow proto ${m.protocol} from ${address} to any port ${list} comment ${comment}`,
      );
    }
  }
  return lines;
}

/** The file a host gets, or null (the decision render and files share). */
function fileName(model: ExportModel, h: HostInfo): string | null {
  if (model.inbound(h.node.id).length === 0 || skipPveServer(model, 'ufw', h)) return null;
  return `${h.file}.ufw.sh`;
}

function renderHost(model: ExportModel, h: HostInfo, name: string): ExportFile {
  const inbound = model.inbound(h.node.id);
  const policy = hostPolicy(h);
  const lines = [
    '#!/usr/bin/env bash',
    ...headerLines(model, LABEL, h).map((l) => shellComment(l)),
    shellComment(policy.text),
    policy.policy === 'restrict'
      ? '# Adds allow rules only; ufw denies the rest, so review the other allow rules (ufw status).'
      : '# Allow rules only: the default policy and the other rules stay as they are.',
    '#',
    `# Run as root: bash ${name}`,
    '# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.',
    '# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script',
    '# does not enable ufw, so that you can review "ufw show added" first.',
    'set -euo pipefail',
    '',
  ];
  for (const m of inbound) appendAll(lines, flowLines(model, m, name)).push('');
  lines.push('ufw status verbose || true');
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

export const ufw: Exporter = {
  id: 'ufw',
  label: LABEL,
  description: 'One bash script per Linux host: ufw allow rules per source address.',
  files: (input) => listPerHost(input, isLinuxHost, fileName),
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isLinuxHost, fileName, renderHost);
  },
};
