// Connectivity-check commands for the verification section: one per required flow, per source host.
import { formatPorts } from '../flows/ports';
import type { Flow } from '../flows/types';
import type { PlanNode } from '../plan/types';
import { isGroupNode } from '../plan/groups';
import { parseAddress, parseAddressEntry, sampleHosts } from '../util/ip';
import type { AddressEntry } from '../util/ip';

/** Hosts of a group one step probes before it falls back to a sample (as the check scripts). */
const DEFAULT_LIMIT = 64;

/** Every host a group node stands for (addresses, ranges, members), up to `limit`, and the total. */
export function groupTargets(node: PlanNode, limit: number): { hosts: string[]; total: bigint } {
  const entries: AddressEntry[] = [];
  for (const text of [...node.addresses, ...(node.members ?? []).map((m) => m.address)]) {
    const e = parseAddressEntry(text);
    if (e) entries.push(e);
  }
  return sampleHosts(entries, limit);
}

/** Shell a check runs in on the source host. */
export type CheckShell = 'bash' | 'powershell';

/** One check command (or a note when no command can test the flow). */
export interface CheckCommand {
  /** Document reference of the flow checked, e.g. "F12". */
  readonly flowRef: string;
  /** The command to run, or null when the flow cannot be tested by a connection attempt. */
  readonly command: string | null;
  /** What the command tests or why there is none (range tested at its first port, UDP…). */
  readonly note: string;
}

const HOSTNAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * The address a check should connect to: the first single-host address, else the hostname.
 * Only syntactically valid IPs and DNS names are returned, so a hostile plan string can never
 * reach a command a reader copies into a shell.
 */
export function checkTarget(node: PlanNode): string | null {
  for (const text of node.addresses) {
    const parsed = parseAddress(text);
    if (!parsed) continue;
    const single = parsed.prefix === (parsed.kind === 'ipv4' ? 32 : 128);
    if (single) return parsed.canonical.replace(/\/\d+$/, '');
  }
  if (node.hostname && HOSTNAME.test(node.hostname)) return node.hostname;
  return null;
}

/**
 * The check of one flow from its source host, in that host's shell. `target` is `checkTarget(to)`;
 * a caller checking many flows into one host passes it once computed.
 */
export function checkCommand(
  flow: Flow,
  flowRef: string,
  to: PlanNode,
  shell: CheckShell,
  target: string | null = checkTarget(to),
  probeLimit: number = DEFAULT_LIMIT,
): CheckCommand {
  const ports = formatPorts(flow.ports);
  if (isGroupNode(to)) {
    const group = groupCheck(flow, flowRef, to, shell, probeLimit);
    if (group) return group;
  }
  if (target === null) {
    return {
      flowRef,
      command: null,
      note: `${to.name} has no single address or valid hostname to test; add one to the plan.`,
    };
  }
  if (flow.protocol === 'udp') {
    return {
      flowRef,
      command: null,
      note: `UDP ${ports} to ${target}: a connection test cannot prove UDP; confirm with the service itself.`,
    };
  }
  const port = flow.ports.start;
  const rangeNote =
    flow.ports.start === flow.ports.end
      ? ''
      : `, first port of ${ports} (the range is opened as one rule)`;
  const command =
    shell === 'bash'
      ? `nc -z -v -w 3 ${target} ${port}`
      : `Test-NetConnection ${target} -Port ${port}`;
  return { flowRef, command, note: `TCP ${port} to ${to.name}${rangeNote}.` };
}

/**
 * The check of a flow into a group: one loop over every host (validated addresses only), or an
 * even sample above the limit, said in the note. Null when the group has no address.
 */
function groupCheck(
  flow: Flow,
  flowRef: string,
  to: PlanNode,
  shell: CheckShell,
  limit: number,
): CheckCommand | null {
  const { hosts, total } = groupTargets(to, limit);
  if (hosts.length === 0) return null;
  const ports = formatPorts(flow.ports);
  const which =
    BigInt(hosts.length) < total
      ? `a sample of ${hosts.length} of its ${total} hosts (probe limit ${limit}; first and last included)`
      : `each of its ${hosts.length} hosts`;
  if (flow.protocol === 'udp') {
    return {
      flowRef,
      command: null,
      note: `UDP ${ports} to group ${to.name}: a connection test cannot prove UDP; confirm with the service itself.`,
    };
  }
  const port = flow.ports.start;
  const rangeNote = flow.ports.start === flow.ports.end ? '' : `, first port of ${ports}`;
  const command =
    shell === 'bash'
      ? `for h in ${hosts.join(' ')}; do nc -z -v -w 3 "$h" ${port}; done`
      : `${hosts.map((a) => `'${a}'`).join(',')} | ForEach-Object { Test-NetConnection $_ -Port ${port} }`;
  return { flowRef, command, note: `TCP ${port} to group ${to.name}${rangeNote}, ${which}.` };
}
