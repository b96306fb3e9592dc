// firewalld: `<name>.firewalld.sh` per Linux host: rich rules per source, runtime and permanent; restrict uses its own DROP zone.
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
  listPerHost,
  renderPerHost,
  skipPveServer,
  warnNoAddress,
} from './model';
import { appendAll } from '../util/arrays';

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
        lines.push(`  printf '%s\\n' ${quoteShell(rule)}`);
      }
    }
  }
  return lines;
}

/** The dedicated zone of restrict files: created by the script, target DROP, only Portolan's rules. */
export const FIREWALLD_ZONE = 'portolan';

/**
 * Shell lines that add the rules (listed by `rules`, one a line) to the runtime and the permanent
 * configuration, no reload: one firewall-cmd call each (every call starts Python; a host with
 * many sources would take minutes one rule at a time). No bash array: bash before 4.4 treats an
 * empty one as unbound under `set -u`.
 */
const APPLY_RULES = [
  '# Runtime and permanent, without a reload: a reload would discard runtime-only rules that',
  '# were added by hand. An existing rule is skipped (firewalld warns ALREADY_ENABLED).',
  'apply_rules() {',
  "  rules | sed 's/^/--add-rich-rule=/' | tr '\\n' '\\0' | xargs -0 -r firewall-cmd \"$@\" >/dev/null",
  '}',
  'apply_rules --permanent --zone="$zone"',
  'apply_rules --zone="$zone"',
];

/** allow-only: rich rules in the zone the administrator names (default: the default zone). */
function allowOnlyLines(name: string): string[] {
  return [
    '# Allow rules only: the zone, its target and its other services and rules stay as they are.',
    '#',
    `# Run as root: bash ${name}   (zone: FIREWALLD_ZONE, default: the default zone)`,
    '# Adds rich rules for every source of this host to the runtime and the permanent',
    '# configuration without a reload (runtime-only rules added by hand stay). Re-running is safe.',
    '# Services the zone already allows stay allowed; review the zone for anything else.',
    'set -euo pipefail',
    '',
    'zone="${FIREWALLD_ZONE:-$(firewall-cmd --get-default-zone)}"',
    '',
  ];
}

/**
 * restrict: the dedicated zone (target DROP) holds the host's interfaces and only these rules.
 * A new zone exists at runtime only after a reload (which discards runtime-only rules), so the
 * first run asks for `--reload` instead of reloading behind the administrator's back.
 */
function restrictLines(h: HostInfo, name: string): string[] {
  // Validated addresses only: the interfaces that hold them are the host's own.
  const addresses = h.connectTargets.join(' ');
  const z = FIREWALLD_ZONE;
  return [
    `# Restrict: moves this host's interfaces into the zone "${z}" (target DROP), which the script`,
    '# creates and which holds only the rules below: inbound traffic no flow needs is dropped,',
    "# including SSH and everything else the interfaces' former zone allowed, and ping.",
    '# Interfaces: PORTOLAN_INTERFACES="eth0 eth1", else those holding the host\'s addresses',
    `# (${addresses || 'none known'}). Rules and zone changes go to the runtime and the permanent`,
    '# configuration without a reload. A reload is needed once, when the zone is created (or its',
    `# target is not DROP): it discards runtime-only rules (keep them first with`,
    `# "firewall-cmd --runtime-to-permanent"), so the script asks you to re-run it with --reload.`,
    '#',
    `# Run as root: bash ${name} [--reload]`,
    '# Re-running it after the plan changed removes the rules the plan no longer needs.',
    '# Undo: for each interface the script prints its former zone and the command that moves it',
    '# back (firewall-cmd --zone=<former> --change-interface=<if>, and again with --permanent),',
    `# then: firewall-cmd --permanent --delete-zone=${z}; firewall-cmd --reload`,
    "# NetworkManager: for an interface it manages, also set the connection's zone",
    `# (nmcli connection modify <connection> connection.zone ${z}) so that it survives a reconnect.`,
    'set -euo pipefail',
    '',
    `zone=${quoteShell(z)}`,
    'reload=no',
    'if [ "${1:-}" = "--reload" ]; then reload=yes; fi',
    '',
    'interfaces="${PORTOLAN_INTERFACES:-}"',
    'if [ -z "$interfaces" ]; then',
    `  for address in ${addresses}; do`,
    `    interfaces="$interfaces $(ip -o address show to "$address" | awk '{ print $2 }')"`,
    '  done',
    'fi',
    "interfaces=$(printf '%s\\n' $interfaces | sort -u | tr '\\n' ' ')",
    'if [ -z "${interfaces// /}" ]; then',
    `  echo "$0: no interface holds ${addresses || "this host's addresses"}; set PORTOLAN_INTERFACES." >&2`,
    '  exit 2',
    'fi',
    '',
    'in_list() { printf \'%s\\n\' $2 | grep -qx "$1"; }',
    'need_reload=no',
    'if ! in_list "$zone" "$(firewall-cmd --permanent --get-zones)"; then',
    '  need_reload=yes',
    'elif [ "$(firewall-cmd --permanent --zone="$zone" --get-target)" != DROP ]; then',
    '  need_reload=yes',
    'elif ! in_list "$zone" "$(firewall-cmd --get-zones)"; then',
    '  need_reload=yes',
    'fi',
    'if [ "$need_reload" = yes ] && [ "$reload" != yes ]; then',
    `  echo "$0: the zone $zone must be created or set to DROP, which firewalld applies only on a" >&2`,
    '  echo "reload; a reload discards runtime-only rules (firewall-cmd --runtime-to-permanent keeps" >&2',
    `  echo "them). Nothing was changed. Re-run with --reload: bash $0 --reload" >&2`,
    '  exit 3',
    'fi',
    'if [ "$need_reload" = yes ]; then',
    '  if ! in_list "$zone" "$(firewall-cmd --permanent --get-zones)"; then',
    '    firewall-cmd --permanent --new-zone="$zone" >/dev/null',
    '  fi',
    '  firewall-cmd --permanent --zone="$zone" --set-target=DROP >/dev/null',
    '  firewall-cmd --reload >/dev/null',
    'fi',
    '',
  ];
}

/**
 * restrict: the zone holds Portolan's rules only, so a rule an earlier version of the plan added
 * and this one no longer lists is removed, runtime and permanent, after the new rules are in (no
 * gap). firewall-cmd lists rich rules in the canonical form the rules above are written in (the
 * namespace test checks it); should it ever spell one of ours differently, that rule is taken for
 * stale and removed, so the rules are added again right after any removal: the end state is
 * always exactly this plan's rules.
 */
const REMOVE_STALE_RULES = [
  '# Rules of an earlier version of this plan that it no longer needs: removed (the zone is ours).',
  'remove_stale_rules() {',
  '  local stale',
  '  stale=$(firewall-cmd "$@" --list-rich-rules | { grep -vxF -f <(rules) || true; })',
  '  if [ -n "$stale" ]; then',
  "    printf '%s\\n' \"$stale\" | sed 's/^/--remove-rich-rule=/' | tr '\\n' '\\0' |",
  '      xargs -0 -r firewall-cmd "$@" >/dev/null',
  '    apply_rules "$@"',
  '  fi',
  '}',
  'remove_stale_rules --permanent --zone="$zone"',
  'remove_stale_rules --zone="$zone"',
];

/** restrict: after the rules are in, the interfaces join the zone (rules first: no gap). */
const MOVE_INTERFACES = [
  'for interface in $interfaces; do',
  '  former=$(firewall-cmd --get-zone-of-interface="$interface" 2>/dev/null || true)',
  '  if [ "$former" = "$zone" ]; then continue; fi',
  '  if [ -n "$former" ]; then',
  '    undo="firewall-cmd --zone=$former --change-interface=$interface"',
  '  else',
  '    undo="firewall-cmd --zone=$zone --remove-interface=$interface"',
  '  fi',
  '  echo "interface $interface: zone ${former:-(none: default zone)} -> $zone; undo: $undo (and with --permanent)"',
  '  firewall-cmd --permanent --zone="$zone" --change-interface="$interface" >/dev/null',
  '  firewall-cmd --zone="$zone" --change-interface="$interface" >/dev/null',
  'done',
];

/** The file a host gets, or null (the decision render and files share). */
function fileName(model: ExportModel, h: HostInfo): string | null {
  if (model.inbound(h.node.id).length === 0 || skipPveServer(model, 'firewalld', h)) return null;
  return `${h.file}.firewalld.sh`;
}

function renderHost(model: ExportModel, h: HostInfo, name: string): ExportFile {
  const inbound = model.inbound(h.node.id);
  const policy = hostPolicy(h);
  const restrict = policy.policy === 'restrict';
  const lines = [
    '#!/usr/bin/env bash',
    ...headerLines(model, LABEL, h).map((l) => shellComment(l)),
    shellComment(policy.text),
    ...(restrict ? restrictLines(h, name) : allowOnlyLines(name)),
  ];
  lines.push('# The rich rules, one a line: validated addresses and numbers only.', 'rules() {');
  for (const m of inbound)
    appendAll(
      lines,
      flowLines(model, m, name).map((l) => (l.startsWith('#') ? `  ${l}` : l)),
    ).push('');
  while (lines[lines.length - 1] === '') lines.pop();
  // A function needs a command: a host whose sources all lack an address lists none.
  appendAll(lines, ['  true', '}', '', ...APPLY_RULES]);
  if (restrict) appendAll(lines, ['', ...REMOVE_STALE_RULES, '', ...MOVE_INTERFACES]);
  lines.push('firewall-cmd --zone="$zone" --list-all');
  return { name, content: joinLines(lines), language: 'bash', node: h.node.id };
}

export const firewalld: Exporter = {
  id: 'firewalld',
  label: LABEL,
  description:
    'One bash script per Linux host: firewall-cmd rich rules per source (runtime and permanent); restrict moves the interfaces to a DROP zone.',
  files: (input) => listPerHost(input, isLinuxHost, fileName),
  render(input: ExportInput): ExportResult {
    return renderPerHost(input, isLinuxHost, fileName, renderHost);
  },
};
