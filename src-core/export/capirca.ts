// Capirca / Aerleon: network and service definitions and one policy with a header per zone pair, compiled by `aclgen`.
import type { Exporter, ExportFile, ExportResult } from './exporter';
import { capircaLineComment, capircaName, capircaString } from './escape/network';
import { joinLines } from './model';
import type { NamedRule, NetworkPoint, NetworkView } from './netfw';
import {
  cidrText,
  groupCidrs,
  networkExporter,
  networkHeader,
  ruleComment,
  zoneToken,
} from './netfw';
import { appendAll } from '../util/arrays';

export const CAPIRCA_NETWORK = 'def/NETWORK.net';
export const CAPIRCA_SERVICES = 'def/SERVICES.svc';
export const CAPIRCA_POLICY = 'policies/pol/portolan.pol';

/** The platforms each header names; all are in Debian's Capirca 2.0 and in Aerleon. */
export const CAPIRCA_TARGETS = ['ciscoasa', 'paloalto', 'srx', 'iptables'] as const;

/** The ASA access list Capirca writes for a zone pair (one per header: it clears the list first). */
export function capircaAclName(point: NetworkPoint, family: 4 | 6): string {
  return capircaName(
    `ptl_${zoneToken(point.fromZone)}_${zoneToken(point.toZone)}${family === 6 ? '_v6' : ''}`,
    60,
  );
}

function headerLines(point: NetworkPoint, family: 4 | 6): string[] {
  // Zones: PAN-OS takes 31 characters (Capirca refuses longer), the tightest of the targets.
  const from = capircaName(zoneToken(point.fromZone), 31);
  const to = capircaName(zoneToken(point.toZone), 31);
  const af = family === 6 ? 'inet6' : 'inet';
  return [
    'header {',
    `  comment:: ${capircaString(`${point.id} (IPv${family}): ${point.fromName} to ${point.toName}`)}`,
    // Capirca's ciscoasa generator writes IPv4 only: an IPv6 header would give an empty list.
    ...(family === 4 ? [`  target:: ciscoasa ${capircaAclName(point, family)}`] : []),
    `  target:: paloalto from-zone ${from} to-zone ${to} ${af}`,
    `  target:: srx from-zone ${from} to-zone ${to} ${af}`,
    // A Linux router between the zones filters forwarded traffic; its default is to drop.
    `  target:: iptables FORWARD DROP ${af}`,
    '}',
  ];
}

function termLines(named: NamedRule, view: NetworkView): string[] {
  const r = named.rule;
  const svc = view.services.get(r.service)!;
  return [
    `term ${capircaName(named.name, 22)} {`,
    `  comment:: ${capircaString(ruleComment(named))}`,
    `  source-address:: ${capircaName(r.source)}`,
    `  destination-address:: ${capircaName(r.destination)}`,
    `  protocol:: ${svc.protocol}`,
    `  destination-port:: ${capircaName(svc.name)}`,
    '  action:: accept',
    '}',
  ];
}

function definition(name: string, values: readonly string[], description: string): string[] {
  const pad = ' '.repeat(name.length + 3);
  return [
    capircaLineComment(description),
    ...values.map((v, i) => (i === 0 ? `${name} = ${v}` : `${pad}${v}`)),
    '',
  ];
}

/** The three files of the Capirca folder for the points of `view`. */
export function renderCapirca(view: NetworkView): ExportResult {
  if (!view.points.length) {
    // aclgen refuses a policy without a header, so no rule means no folder at all.
    view.warnings.add('capirca: no network-firewall rule in scope; no file is written.', []);
    return { files: [], warnings: view.warnings.list() };
  }
  const header = (what: string) =>
    networkHeader(view, `Capirca ${what}`).map((l) => capircaLineComment(l));
  const network = [...header('network definitions'), ''];
  for (const g of view.addresses.values()) {
    appendAll(network, definition(capircaName(g.name), groupCidrs(g).map(cidrText), g.description));
  }
  const services = [...header('service definitions'), ''];
  for (const s of view.services.values()) {
    const values = s.ports.map(
      (p) => `${p.start === p.end ? p.start : `${p.start}-${p.end}`}/${s.protocol}`,
    );
    appendAll(services, definition(capircaName(s.name), values, s.description));
  }
  const policy = [
    ...networkHeader(view, 'Capirca policy', [
      `Compile: cd into this folder and run aclgen (definitions in ./def, policies in ./policies); targets: ${CAPIRCA_TARGETS.join(', ')}.`,
      'Add or remove target lines in each header for your platforms; one header per zone pair and address family.',
    ]).map((l) => capircaLineComment(l)),
    '',
  ];
  for (const point of view.points) {
    for (const family of [4, 6] as const) {
      const rules = point.rules.filter((r) => r.rule.family === family);
      if (!rules.length) continue;
      appendAll(policy, headerLines(point, family)).push('');
      for (const named of rules) appendAll(policy, termLines(named, view)).push('');
    }
  }
  const files: ExportFile[] = [
    { name: CAPIRCA_NETWORK, content: joinLines(network), language: 'plaintext' },
    { name: CAPIRCA_SERVICES, content: joinLines(services), language: 'plaintext' },
    { name: CAPIRCA_POLICY, content: joinLines(policy), language: 'plaintext' },
  ];
  return { files, warnings: view.warnings.list() };
}

export const capirca: Exporter = {
  id: 'capirca',
  label: 'Capirca / Aerleon',
  description: `${CAPIRCA_NETWORK}, ${CAPIRCA_SERVICES}, ${CAPIRCA_POLICY}: a folder aclgen compiles as it is, one header per zone pair (targets ${CAPIRCA_TARGETS.join(', ')}).`,
  // No delta: Capirca files are sources; aclgen regenerates whole filters (review with git diff).
  ...networkExporter('capirca', renderCapirca, undefined, [
    CAPIRCA_NETWORK,
    CAPIRCA_SERVICES,
    CAPIRCA_POLICY,
  ]),
};
