// Windows Firewall: `<id>.ps1` per Windows host, New-NetFirewallRule per source, one rule group, -WhatIf.
import type { MergedFlow } from '../flows/types';
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { powerShellComment, powerShellText, quotePowerShell } from './escape/powershell';
import { oneLine } from './escape/text';
import type { ExportModel, HostInfo } from './model';
import { NameTable } from './names';
import {
  headerLines,
  host,
  hostPolicy,
  isWindowsHost,
  joinLines,
  mergedComment,
  portText,
  listPerHost,
  renderPerHost,
  ruleIds,
  warnNoAddress,
} from './model';
import { appendAll } from '../util/arrays';

const LABEL = 'Windows Firewall (PowerShell)';
/**
 * The two rule groups a script alternates between: a run adds the new rules under the group
 * that does not hold the live set, and removes the other group only once every new rule is in
 * place, so a failure midway never leaves a partial set. The first is also the group of the
 * scripts before this scheme, which a run removes likewise.
 */
export const POWERSHELL_RULE_GROUPS = ['Portolan', 'Portolan-B'] as const;
/** Windows shows at most about 250 characters of a display name; names stay well within. */
const DISPLAY_NAME_MAX = 200;

/** powerShellComment of flow lines, remembered (bounded): the same few hundred texts recur. */
const flowComments = new Map<string, string>();

function flowComment(line: string): string {
  let text = flowComments.get(line);
  if (text === undefined) {
    if (flowComments.size >= 10_000) flowComments.clear();
    flowComments.set(line, (text = powerShellComment(line)));
  }
  return text;
}

function flowLines(
  model: ExportModel,
  m: MergedFlow,
  file: string,
  names: NameTable,
  counter: { n: number },
): string[] {
  const source = host(model, m.from);
  // The title is the merged flow's own; the flow lines repeat across hosts.
  const lines = mergedComment(model, m).map((l, i) =>
    i === 0 ? powerShellComment(l) : flowComment(l),
  );
  const addresses = [...source.v4, ...source.v6];
  if (addresses.length === 0) {
    warnNoAddress(model, 'powershell', source, file);
    lines.push(powerShellComment(`left out: ${source.label} has no address.`));
    return lines;
  }
  const purposes = [...new Set(m.flows.map((f) => f.purpose))].join('; ');
  const ports = m.ports.map((r) => quotePowerShell(portText(r, '-'))).join(', ');
  const remote = addresses.map((a) => quotePowerShell(a)).join(', ');
  // Display names from one table per file: two long labels cut to the same text stay apart.
  const display = names.claim(
    `${m.from}\n${m.protocol}`,
    oneLine(
      `Portolan: ${m.protocol.toUpperCase()} ${m.ports.map((r) => portText(r)).join(',')} from ${source.label}`,
      DISPLAY_NAME_MAX,
    ),
  );
  counter.n++;
  lines.push(
    'New-NetFirewallRule `',
    `  -Name ($fresh + ${quotePowerShell(`-${counter.n}`)}) \``,
    `  -DisplayName ${powerShellText(display)} \``,
    `  -Description ${powerShellText(`${purposes} [${ruleIds(m)}]`, 1000)} \``,
    '  -Group $fresh -Direction Inbound -Action Allow -Enabled True `',
    `  -Protocol ${m.protocol.toUpperCase()} -LocalPort @(${ports}) \``,
    `  -RemoteAddress @(${remote}) | Out-Null`,
    '$created++',
  );
  return lines;
}

/** The file a host gets, or null (the decision render and files share). */
function fileName(model: ExportModel, h: HostInfo): string | null {
  return model.inbound(h.node.id).length === 0 ? null : `${h.file}.ps1`;
}

function renderHost(model: ExportModel, h: HostInfo, name: string): ExportFile {
  const inbound = model.inbound(h.node.id);
  const policy = hostPolicy(h);
  const lines = [
    ...headerLines(model, LABEL, h).map((l) => powerShellComment(l)),
    powerShellComment(policy.text),
    policy.policy === 'restrict'
      ? '# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.'
      : '# Allow rules only: the default inbound action and the other rules stay as they are.',
    '#',
    `# Run in an elevated PowerShell: .\\${name}    Preview only: .\\${name} -WhatIf`,
    `# Rules live in one of the groups "${POWERSHELL_RULE_GROUPS[0]}" and "${POWERSHELL_RULE_GROUPS[1]}": a run adds the new`,
    '# rules under the group that does not hold the current set, and only when every new rule is',
    '# in place removes the earlier set; a failure midway removes what the run added, so the host',
    '# keeps either the earlier set or the new one, never a part. Re-running replaces the rules.',
    `# Undo: Get-NetFirewallRule -Group ${POWERSHELL_RULE_GROUPS.map((g) => quotePowerShell(g)).join(',')} -ErrorAction SilentlyContinue | Remove-NetFirewallRule`,
    '[CmdletBinding(SupportsShouldProcess)]',
    'param()',
    '',
    'Set-StrictMode -Version 3',
    "$ErrorActionPreference = 'Stop'",
    `$groups = @(${POWERSHELL_RULE_GROUPS.map((g) => quotePowerShell(g)).join(', ')})`,
    '$created = 0',
    '',
    '# The fresh group is the one that does not hold the live set (the first while neither does).',
    '# -WhatIf reaches every cmdlet below through $WhatIfPreference.',
    '$live = @(Get-NetFirewallRule -Group $groups[0] -ErrorAction SilentlyContinue)',
    'if ($live.Count -gt 0) { $fresh = $groups[1] } else { $fresh = $groups[0] }',
    '$stale = @(Get-NetFirewallRule -Group $fresh -ErrorAction SilentlyContinue)',
    '# Rules left in the fresh group by an interrupted run are not the live set: clear them first.',
    'if ($stale.Count -gt 0) { $stale | Remove-NetFirewallRule }',
    '',
    'try {',
  ];
  const names = new NameTable({ max: DISPLAY_NAME_MAX, filler: ' #', caseInsensitive: true });
  const counter = { n: 0 };
  for (const m of inbound)
    appendAll(
      lines,
      flowLines(model, m, name, names, counter).map((l) => `  ${l}`),
    ).push('');
  while (lines[lines.length - 1] === '') lines.pop();
  lines.push(
    '} catch {',
    '  # Midway failure: remove what this run added; the earlier set stays in force.',
    '  Get-NetFirewallRule -Group $fresh -ErrorAction SilentlyContinue | Remove-NetFirewallRule',
    '  throw',
    '}',
    '',
    '# Every new rule is in place: remove the earlier set (the other group).',
    '$old = @($groups | Where-Object { $_ -ne $fresh } | ForEach-Object {',
    '  Get-NetFirewallRule -Group $_ -ErrorAction SilentlyContinue',
    '})',
    'if ($old.Count -gt 0) { $old | Remove-NetFirewallRule }',
    "Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) removed.' -f $created, $fresh, $old.Count)",
  );
  return { name, content: joinLines(lines), language: 'powershell', node: h.node.id };
}

export const powershell: Exporter = {
  id: 'powershell',
  label: LABEL,
  description:
    'One PowerShell script per Windows host: New-NetFirewallRule per source, idempotent, -WhatIf.',
  files: (input) => listPerHost(input, isWindowsHost, fileName),
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isWindowsHost, fileName, renderHost);
  },
};
