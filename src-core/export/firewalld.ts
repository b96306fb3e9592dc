// firewalld: `<id>.firewalld.sh` per Linux host, permanent rich rules per source address, then reload.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { quoteShell, shellComment } from './escape/shell';
import type { ExportModel, HostInfo } from './model';
import {
  headerLines,
  host,
  hostPolicy,
  isLinuxHost,
  joinLines,
  mergedComment,
  portText,
  renderPerHost,
  skipPveServer,
  warnNoAddress,
} from './model';

const LABEL = 'firewalld (Linux)';

function flowLines(model: ExportModel, m: MergedFlow, file: string): string[] {
  const source = host(model, m.from);
  const lines = mergedComment(model, m).map((l) => shellComment(l));
  if (source.v4.length === 0 && source.v6.length === 0) {
    warnNoAddress(model, 'firewalld', source, file);
    lines.push(shellComment(`left out: ${source.label} has no address.`));
    return lines;
  }
  // Rich rules take one port or range each; the text holds only validated addresses and numbers.
  for (const [family, addresses] of [
    // Rich-rule source addresses take a host or a CIDR: ranges arrive split into CIDRs.
    ['ipv4', source.cidr4],
    ['ipv6', source.cidr6],
  ] as const) {
    for (const address of addresses) {
      for (const r of m.ports) {
        const rule = `rule family="${family}" source address="${address}" port port="${portText(r, '-')}" protocol="${m.protocol}" accept`;
        lines.push(`add_rule ${quoteShell(rule)}`);
      }
    }
  }
  return lines;
}

function renderHost(model: ExportModel, h: HostInfo): ExportFile | null {
  const inbound = model.inbound(h.node.id);
  if (inbound.length === 0 || skipPveServer(model, 'firewalld', h)) return null;
  const name = `${h.file}.firewalld.sh`;
  const policy = hostPolicy(h);
  const lines = [
    '#!/usr/bin/env bash',
    ...headerLines(model, LABEL, h).map((l) => shellComment(l)),
    shellComment(policy.text),
    policy.policy === 'restrict'
      ? '# Adds allow rules only; the zone drops the rest, so review what else the zone allows.'
      : '# Allow rules only: the zone, its target and its other services and rules stay as they are.',
    '#',
    `# Run as root: bash ${name}   (zone: FIREWALLD_ZONE, default: the default zone)`,
    '# Adds permanent rich rules for every source of this host, then reloads firewalld.',
    '# Re-running is safe: firewalld ignores a rich rule that already exists.',
    '# Services the zone already allows stay allowed; review the zone for anything else.',
    'set -euo pipefail',
    '',
    'zone_args=()',
    'if [ -n "${FIREWALLD_ZONE:-}" ]; then zone_args=(--zone="$FIREWALLD_ZONE"); fi',
    '',
    'add_rule() {',
    '  firewall-cmd --permanent "${zone_args[@]}" --add-rich-rule="$1"',
    '}',
    '',
  ];
  for (const m of inbound) lines.push(...flowLines(model, m, name), '');
  lines.push('firewall-cmd --reload');
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

export const firewalld: Exporter = {
  id: 'firewalld',
  label: LABEL,
  description:
    'One bash script per Linux host: firewall-cmd --permanent rich rules per source, then reload.',
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isLinuxHost, renderHost);
  },
};
