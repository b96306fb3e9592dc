// Windows Firewall: `<id>.ps1` per Windows host, New-NetFirewallRule per source, one rule group, -WhatIf.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { powerShellComment, powerShellText, quotePowerShell } from './escape/powershell';
import type { ExportModel, HostInfo } from './model';
import {
  headerLines,
  host,
  hostPolicy,
  isWindowsHost,
  joinLines,
  mergedComment,
  portText,
  renderPerHost,
  ruleIds,
  warnNoAddress,
} from './model';

const LABEL = 'Windows Firewall (PowerShell)';
/** The rule group every generated rule joins; a re-run removes this group's rules first. */
export const POWERSHELL_RULE_GROUP = 'Portolan';

function flowLines(model: ExportModel, m: MergedFlow, file: string): string[] {
  const source = host(model, m.from);
  const lines = mergedComment(model, m).map((l) => powerShellComment(l));
  const addresses = [...source.v4, ...source.v6];
  if (addresses.length === 0) {
    warnNoAddress(model, 'powershell', source, file);
    lines.push(powerShellComment(`left out: ${source.label} has no address.`));
    return lines;
  }
  const purposes = [...new Set(m.flows.map((f) => f.purpose))].join('; ');
  const ports = m.ports.map((r) => quotePowerShell(portText(r, '-'))).join(', ');
  const remote = addresses.map((a) => quotePowerShell(a)).join(', ');
  lines.push(
    'New-NetFirewallRule `',
    `  -DisplayName ${powerShellText(`Portolan: ${m.protocol.toUpperCase()} ${m.ports.map((r) => portText(r)).join(',')} from ${source.label}`)} \``,
    `  -Description ${powerShellText(`${purposes} [${ruleIds(m)}]`, 1000)} \``,
    '  -Group $group -Direction Inbound -Action Allow -Enabled True `',
    `  -Protocol ${m.protocol.toUpperCase()} -LocalPort @(${ports}) \``,
    `  -RemoteAddress @(${remote}) | Out-Null`,
    '$created++',
  );
  return lines;
}

function renderHost(model: ExportModel, h: HostInfo): ExportFile | null {
  const inbound = model.inbound(h.node.id);
  if (inbound.length === 0) return null;
  const name = `${h.file}.ps1`;
  const policy = hostPolicy(h);
  const lines = [
    ...headerLines(model, LABEL, h).map((l) => powerShellComment(l)),
    powerShellComment(policy.text),
    policy.policy === 'restrict'
      ? '# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.'
      : '# Allow rules only: the default inbound action and the other rules stay as they are.',
    '#',
    `# Run in an elevated PowerShell: .\\${name}    Preview only: .\\${name} -WhatIf`,
    `# Every rule joins the group "${POWERSHELL_RULE_GROUP}"; a run first removes that group's rules,`,
    '# so re-running replaces the earlier rules instead of adding duplicates.',
    '[CmdletBinding(SupportsShouldProcess)]',
    'param()',
    '',
    'Set-StrictMode -Version 3',
    "$ErrorActionPreference = 'Stop'",
    `$group = ${quotePowerShell(POWERSHELL_RULE_GROUP)}`,
    '$created = 0',
    '',
    '# -WhatIf reaches these cmdlets through $WhatIfPreference.',
    '$old = @(Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue)',
    'if ($old.Count -gt 0) { $old | Remove-NetFirewallRule }',
    '',
  ];
  for (const m of inbound) lines.push(...flowLines(model, m, name), '');
  lines.push(
    "Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) replaced.' -f $created, $group, $old.Count)",
  );
  return { name, content: joinLines(lines), language: 'powershell', node: h.node.id };
}

export const powershell: Exporter = {
  id: 'powershell',
  label: LABEL,
  description:
    'One PowerShell script per Windows host: New-NetFirewallRule per source, idempotent, -WhatIf.',
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isWindowsHost, renderHost);
  },
};
