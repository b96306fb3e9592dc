// What connectivity checks probe: per source host, one probe per destination address and port range.
import { portsOverlap } from '../flows/ports';
import { sampleHosts } from '../util/ip';
import { DEFAULT_PROBE_LIMIT } from './exporter';
import type { ExportModel, HostInfo } from './model';
import { host, mergedTitle, portText } from './model';

/** One line of a check script. */
export type Probe =
  | {
      readonly kind: 'tcp';
      /** Display text: plain plan text, escape it for the target. */
      readonly label: string;
      /** Validated IP address or RFC 1123 host name. */
      readonly target: string;
      readonly port: number;
    }
  | { readonly kind: 'skip'; readonly label: string; readonly reason: string }
  | { readonly kind: 'comment'; readonly text: string };

/**
 * Probes from one source host. A range is probed at its first port (a data mover listens on
 * a port of the range only while a job runs, so any one port shows the path is open); UDP
 * cannot be proven by a connect and is listed as skipped; a destination without an address
 * is probed by host name, or left out as a comment with a warning.
 */
export function probesFrom(
  model: ExportModel,
  source: HostInfo,
  format: string,
  file: string,
): Probe[] {
  const probes: Probe[] = [];
  for (const m of model.outbound(source.node.id)) {
    const dest = host(model, m.to);
    probes.push({ kind: 'comment', text: mergedTitle(model, m) });
    for (const f of m.flows)
      probes.push({ kind: 'comment', text: `- ${f.purpose} [rule ${f.rule}]` });
    let targets = dest.connectTargets.length
      ? dest.connectTargets
      : dest.hostname
        ? [dest.hostname]
        : [];
    if (dest.group && dest.entries.length > 0) {
      // Every host of a group is probed, up to the limit; beyond it a sample, said in the file.
      const limit = model.options.probeLimit ?? DEFAULT_PROBE_LIMIT;
      const { hosts, total } = sampleHosts(dest.entries, limit);
      targets = hosts;
      probes.push({
        kind: 'comment',
        text:
          BigInt(hosts.length) < total
            ? `group ${dest.label}: ${total} hosts; probing a sample of ${hosts.length} (probe limit ${limit}), first and last included.`
            : `group ${dest.label}: probing all ${hosts.length} hosts.`,
      });
    }
    if (targets.length === 0) {
      model.warnings.add(
        `${format}: ${dest.label} has no address or host name; its checks are left out of ${file} as comments.`,
        [dest.node.id],
      );
      probes.push({
        kind: 'comment',
        text: `left out: ${dest.label} has no address or host name.`,
      });
      continue;
    }
    for (const target of targets) {
      for (const r of m.ports) {
        const rules = [
          ...new Set(m.flows.filter((f) => portsOverlap(f.ports, r)).map((f) => f.rule)),
        ];
        const label = `${m.protocol} ${portText(r)} to ${dest.label} at ${target} [${rules.join(',')}]`;
        if (m.protocol !== 'tcp') {
          probes.push({ kind: 'skip', label, reason: 'UDP cannot be proven by a connect test' });
        } else {
          probes.push({ kind: 'tcp', label, target, port: r.start });
        }
      }
    }
  }
  return probes;
}
