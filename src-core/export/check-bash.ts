// Connectivity checks in bash: `<id>.check.sh` per source host, a TCP connect with timeout per flow.
import type { Exporter, ExportFile, ExportInput, ExportResult } from './exporter';
import { quoteShell, shellComment, shellText } from './escape/shell';
import { probesFrom } from './checks';
import type { ExportModel, HostInfo } from './model';
import { headerLines, isLinuxHost, joinLines, listPerHost, renderPerHost } from './model';

const LABEL = 'Connectivity checks (bash)';

const PRELUDE = [
  'set -u',
  'timeout_s=3',
  'allow_refused=0',
  'while [ "$#" -gt 0 ]; do',
  '  case "$1" in',
  '    --timeout) timeout_s="${2:-}"; shift 2 || shift ;;',
  '    --allow-refused) allow_refused=1; shift ;;',
  '    -h | --help) echo "usage: $0 [--timeout SECONDS] [--allow-refused]"; exit 0 ;;',
  '    *) echo "unknown option: $1" >&2; exit 2 ;;',
  '  esac',
  'done',
  'case "$timeout_s" in',
  '  "" | *[!0-9]* | 0) echo "--timeout takes a whole number of seconds (1 or more)" >&2; exit 2 ;;',
  'esac',
  'passed=0',
  'failed=0',
  'skipped=0',
  '',
  '# probe LABEL TARGET PORT: a TCP connect through bash /dev/tcp, bounded by timeout(1).',
  'probe() {',
  '  local label="$1" target="$2" port="$3" err rc',
  '  err="$(timeout "$timeout_s" bash -c \'exec 3<>"/dev/tcp/$1/$2"\' probe "$target" "$port" 2>&1)"',
  '  rc=$?',
  '  if [ "$rc" -eq 0 ]; then',
  '    printf \'PASS     %s\\n\' "$label"',
  '    passed=$((passed + 1))',
  '  elif [ "$rc" -eq 124 ]; then',
  '    printf \'FAIL     %s: no answer within %ss (dropped by a firewall, or host down)\\n\' "$label" "$timeout_s"',
  '    failed=$((failed + 1))',
  '  elif [ "$allow_refused" -eq 1 ] && [[ "$err" == *refused* ]]; then',
  '    printf \'PASS     %s: refused (reachable, nothing listening)\\n\' "$label"',
  '    passed=$((passed + 1))',
  '  else',
  '    printf \'FAIL     %s: %s\\n\' "$label" "${err##*: }"',
  '    failed=$((failed + 1))',
  '  fi',
  '}',
  '',
  '# skip LABEL REASON',
  'skip() {',
  '  printf \'SKIP     %s: %s\\n\' "$1" "$2"',
  '  skipped=$((skipped + 1))',
  '}',
  '',
];

/** The file a host gets, or null (the decision render and files share). */
function fileName(model: ExportModel, h: HostInfo): string | null {
  return model.outbound(h.node.id).length === 0 ? null : `${h.file}.check.sh`;
}

function renderHost(model: ExportModel, h: HostInfo, name: string): ExportFile {
  const lines = [
    '#!/usr/bin/env bash',
    ...headerLines(model, LABEL, h).map((l) => shellComment(l)),
    '#',
    `# Run on this host after the firewall change: bash ${name} [--timeout SECONDS] [--allow-refused]`,
    '# PASS = connected. FAIL = refused (nothing listening, or rejected) or no answer (dropped).',
    '# --allow-refused counts "refused" as reachable: useful for port ranges that have a listener',
    '# only while a job runs, when the firewalls on the path drop rather than reject.',
    '# Exit status: 0 when every check passed, 1 otherwise.',
    ...PRELUDE,
  ];
  for (const p of probesFrom(model, h, 'check-bash', name)) {
    if (p.kind === 'comment') lines.push(shellComment(p.text));
    else if (p.kind === 'skip') lines.push(`skip ${shellText(p.label)} ${shellText(p.reason)}`);
    else lines.push(`probe ${shellText(p.label)} ${quoteShell(p.target)} ${p.port}`);
  }
  lines.push(
    '',
    'printf \'\\n%d passed, %d failed, %d skipped\\n\' "$passed" "$failed" "$skipped"',
    '[ "$failed" -eq 0 ]',
  );
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

export const checkBash: Exporter = {
  id: 'check-bash',
  label: LABEL,
  description:
    'One bash script per Linux source host: a TCP connect with timeout per flow, pass/fail, summary.',
  files: (input) => listPerHost(input, isLinuxHost, fileName),
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isLinuxHost, fileName, renderHost);
  },
};
