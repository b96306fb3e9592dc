// Connectivity checks in PowerShell: `<id>.check.ps1` per Windows source host, Test-NetConnection per flow.
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { powerShellComment, powerShellText, quotePowerShell } from './escape/powershell';
import { probesFrom } from './checks';
import type { ExportModel, HostInfo } from './model';
import { headerLines, isWindowsHost, joinLines, listPerHost, renderPerHost } from './model';

const LABEL = 'Connectivity checks (PowerShell)';

const PRELUDE = [
  '[CmdletBinding()]',
  'param()',
  '',
  'Set-StrictMode -Version 3',
  '$script:passed = 0',
  '$script:failed = 0',
  '$script:skipped = 0',
  '',
  'function Test-PortolanFlow {',
  '  param([string]$Label, [string]$Target, [int]$Port)',
  '  $result = Test-NetConnection -ComputerName $Target -Port $Port -WarningAction SilentlyContinue -ErrorAction SilentlyContinue',
  '  if ($result -and $result.TcpTestSucceeded) {',
  "    Write-Output ('PASS     ' + $Label)",
  '    $script:passed++',
  '  } else {',
  "    Write-Output ('FAIL     ' + $Label + ': no TCP connection')",
  '    $script:failed++',
  '  }',
  '}',
  '',
  'function Skip-PortolanFlow {',
  '  param([string]$Label, [string]$Reason)',
  "  Write-Output ('SKIP     ' + $Label + ': ' + $Reason)",
  '  $script:skipped++',
  '}',
  '',
];

/** The file a host gets, or null (the decision render and files share). */
function fileName(model: ExportModel, h: HostInfo): string | null {
  return model.outbound(h.node.id).length === 0 ? null : `${h.file}.check.ps1`;
}

function renderHost(model: ExportModel, h: HostInfo, name: string): ExportFile {
  const lines = [
    ...headerLines(model, LABEL, h).map((l) => powerShellComment(l)),
    '#',
    `# Run on this host after the firewall change: .\\${name}`,
    '# PASS = TCP connection made (Test-NetConnection). Exit code 0 when every check passed, 1 otherwise.',
    '# A port range is probed at its first port; nothing listens there unless a job runs.',
    ...PRELUDE,
  ];
  for (const p of probesFrom(model, h, 'check-powershell', name)) {
    if (p.kind === 'comment') lines.push(powerShellComment(p.text));
    else if (p.kind === 'skip') {
      lines.push(
        `Skip-PortolanFlow -Label ${powerShellText(p.label)} -Reason ${powerShellText(p.reason)}`,
      );
    } else {
      lines.push(
        `Test-PortolanFlow -Label ${powerShellText(p.label)} -Target ${quotePowerShell(p.target)} -Port ${p.port}`,
      );
    }
  }
  lines.push(
    '',
    "Write-Output ('{0} passed, {1} failed, {2} skipped' -f $script:passed, $script:failed, $script:skipped)",
    'if ($script:failed -gt 0) { exit 1 }',
    'exit 0',
  );
  return { name, content: joinLines(lines), language: 'powershell', node: h.node.id };
}

export const checkPowerShell: Exporter = {
  id: 'check-powershell',
  label: LABEL,
  description:
    'One PowerShell script per Windows source host: Test-NetConnection per flow, pass/fail, summary.',
  files: (input) => listPerHost(input, isWindowsHost, fileName),
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isWindowsHost, fileName, renderHost);
  },
};
