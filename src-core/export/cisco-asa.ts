// Cisco ASA: object-group network/service definitions and one extended access list per ingress zone.
import type { AddressGroup, ServiceGroup } from '../policy/types';
import { compareStrings } from '../util/compare';
import type { Exporter, ExportResult } from './exporter';
import { asaName, asaRemark, commentText, networkLineComment, networkText } from './escape/network';
import { appendAll } from '../util/arrays';
import { joinLines } from './model';
import type { NamedRule, NetworkPoint, NetworkView } from './netfw';
import {
  added,
  allRules,
  cidrText,
  deltaHeader,
  diffBy,
  groupCidrs,
  isHostCidr,
  netmask,
  networkExporter,
  networkHeader,
  zoneToken,
} from './netfw';

export const ASA_FILE = 'cisco-asa.cfg';
export const ASA_DELTA_FILE = 'cisco-asa.delta.cfg';

/** The access list of an ingress zone: the ASA binds one list per interface and direction. */
export function asaAclName(fromZone: string): string {
  return asaName(`ptl_from_${zoneToken(fromZone)}`);
}

/** `network-object …` body of one CIDR (IPv4 with a netmask, IPv6 with a prefix). */
function networkObject(g: AddressGroup): string[] {
  return groupCidrs(g).map((c) =>
    isHostCidr(c)
      ? `network-object host ${c.address}`
      : c.family === 4
        ? `network-object ${c.address} ${netmask(c.prefix)}`
        : `network-object ${cidrText(c)}`,
  );
}

function portObjects(s: ServiceGroup): string[] {
  return s.ports.map((r) =>
    r.start === r.end ? `port-object eq ${r.start}` : `port-object range ${r.start} ${r.end}`,
  );
}

function addressGroupLines(g: AddressGroup): string[] {
  return [
    `object-group network ${asaName(g.name)}`,
    ` description ${networkText(g.description, 200) || '-'}`,
    ...networkObject(g).map((l) => ` ${l}`),
  ];
}

function serviceGroupLines(s: ServiceGroup): string[] {
  return [
    `object-group service ${asaName(s.name)} ${s.protocol}`,
    ` description ${networkText(s.description, 200) || '-'}`,
    ...portObjects(s).map((l) => ` ${l}`),
  ];
}

/** Remark texts of a rule, each at most 100 characters and each starting with the rule's name. */
export function asaRemarks(point: NetworkPoint, named: NamedRule, view: NetworkView): string[] {
  const svc = view.services.get(named.rule.service)!;
  const parts = [
    `${point.id} ${named.rule.source} to ${named.rule.destination} ${svc.protocol} ${named.rule.service}`,
    ...named.rule.purposes,
    `rules ${named.rule.rules.join(' ')}`,
  ];
  const remarks: string[] = [];
  for (const part of parts) {
    const whole = `${named.name} ${part}`;
    if (whole.length <= 100) {
      // Most remarks fit on one line: no word splitting.
      remarks.push(asaRemark(whole));
      continue;
    }
    // Split on words so every remark fits the ASA's 100 characters with the name in front.
    const room = 100 - named.name.length - 1;
    let line = '';
    for (const word of commentText(part, 2000).split(' ')) {
      const piece = word.length > room ? word.slice(0, room) : word;
      if (line && line.length + 1 + piece.length > room) {
        remarks.push(asaRemark(`${named.name} ${line}`));
        line = piece;
      } else line = line ? `${line} ${piece}` : piece;
    }
    if (line) remarks.push(asaRemark(`${named.name} ${line}`));
  }
  return remarks;
}

/** The access-control entry of a rule (without the `access-list NAME` prefix). */
export function asaEntry(named: NamedRule, view: NetworkView): string {
  const svc = view.services.get(named.rule.service)!;
  return `extended permit ${svc.protocol} object-group ${asaName(named.rule.source)} object-group ${asaName(named.rule.destination)} object-group ${asaName(svc.name)}`;
}

function ingressZones(view: NetworkView): string[] {
  return [...new Set(view.points.map((p) => p.fromZone))].sort(compareStrings);
}

function bindLines(view: NetworkView): string[] {
  return [
    'Bind each list to the interface of its zone (the interface names are yours, so these lines are comments):',
    ...ingressZones(view).map(
      (z) => `  access-group ${asaAclName(z)} in interface <interface of zone ${z}>`,
    ),
    'Each list ends in the implicit deny: it must hold every zone pair leaving its zone; a scoped export holds only the pairs in scope.',
  ];
}

/** The whole configuration for the points of `view`. */
export function renderAsa(view: NetworkView): ExportResult {
  const lines = networkHeader(view, 'Cisco ASA', [
    'Apply: paste into configure terminal (or copy to running-config); then write memory.',
    ...bindLines(view),
  ]).map((l) => networkLineComment('!', l));
  lines.push('!', '! Address groups');
  for (const g of view.addresses.values()) appendAll(lines, addressGroupLines(g));
  lines.push('!', '! Service groups');
  for (const s of view.services.values()) appendAll(lines, serviceGroupLines(s));
  for (const zone of ingressZones(view)) {
    const acl = asaAclName(zone);
    lines.push(
      '!',
      networkLineComment('!', `Access list ${acl}: traffic entering from zone ${zone}`),
    );
    for (const point of view.points.filter((p) => p.fromZone === zone)) {
      lines.push(networkLineComment('!', `${point.id}: ${point.fromName} to ${point.toName}`));
      for (const named of point.rules) {
        for (const r of asaRemarks(point, named, view))
          lines.push(`access-list ${acl} remark ${r}`);
        lines.push(`access-list ${acl} ${asaEntry(named, view)}`);
      }
    }
  }
  return {
    files: [{ name: ASA_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: view.warnings.list(),
  };
}

/** The commands that turn a device configured from `baseline`'s export into `current`'s. */
export function renderAsaDelta(baseline: NetworkView, current: NetworkView): ExportResult {
  const lines = deltaHeader(baseline, current, 'Cisco ASA', [
    'Apply: paste into configure terminal; then write memory.',
  ]).map((l) => networkLineComment('!', l));
  const groups = diffBy([...baseline.addresses.values()], [...current.addresses.values()], (g) =>
    asaName(g.name),
  );
  const services = diffBy([...baseline.services.values()], [...current.services.values()], (s) =>
    asaName(s.name),
  );
  const rules = diffBy(allRules(baseline), allRules(current), (x) => x.named.name);
  const later: string[] = [];
  lines.push('!', '! 1. New and grown groups');
  for (const g of groups.added) appendAll(lines, addressGroupLines(g));
  for (const [o, n] of groups.kept) {
    const before = networkObject(o);
    const after = networkObject(n);
    const grow = added(before, after);
    const shrink = added(after, before);
    const describe = o.description !== n.description;
    if (grow.length || describe) {
      lines.push(`object-group network ${asaName(n.name)}`);
      if (describe) lines.push(` description ${networkText(n.description, 200) || '-'}`);
      appendAll(
        lines,
        grow.map((l) => ` ${l}`),
      );
    }
    if (shrink.length) {
      appendAll(later, [
        `object-group network ${asaName(n.name)}`,
        ...shrink.map((l) => ` no ${l}`),
      ]);
    }
  }
  for (const s of services.added) appendAll(lines, serviceGroupLines(s));
  for (const [o, n] of services.kept) {
    const grow = added(portObjects(o), portObjects(n));
    const shrink = added(portObjects(n), portObjects(o));
    if (o.protocol !== n.protocol) {
      // A service group never changes protocol in place: the ASA fixes it at creation.
      lines.push(
        networkLineComment(
          '!',
          `service group ${asaName(n.name)} changed protocol; recreate it by hand`,
        ),
      );
    }
    if (grow.length)
      appendAll(lines, [
        `object-group service ${asaName(n.name)} ${n.protocol}`,
        ...grow.map((l) => ` ${l}`),
      ]);
    if (shrink.length)
      appendAll(later, [
        `object-group service ${asaName(n.name)} ${n.protocol}`,
        ...shrink.map((l) => ` no ${l}`),
      ]);
  }
  lines.push('!', '! 2. New rules (appended to their zone list)');
  for (const { point, named } of rules.added) {
    const acl = asaAclName(point.fromZone);
    for (const r of asaRemarks(point, named, current)) lines.push(`access-list ${acl} remark ${r}`);
    lines.push(`access-list ${acl} ${asaEntry(named, current)}`);
  }
  for (const [o, n] of rules.kept) {
    const before = asaRemarks(o.point, o.named, baseline);
    const after = asaRemarks(n.point, n.named, current);
    if (before.join('\n') !== after.join('\n')) {
      // Rewriting remarks would move them away from their entry; the permit itself is unchanged.
      lines.push(
        networkLineComment(
          '!',
          `${n.named.name}: unchanged permit; its remarks now read: ${after.join(' ')}`,
        ),
      );
    }
  }
  lines.push('!', '! 3. Rules no longer needed');
  for (const { point, named } of rules.removed) {
    const acl = asaAclName(point.fromZone);
    lines.push(`no access-list ${acl} ${asaEntry(named, baseline)}`);
    for (const r of asaRemarks(point, named, baseline))
      lines.push(`no access-list ${acl} remark ${r}`);
  }
  lines.push('!', '! 4. Members and groups no longer needed');
  appendAll(lines, later);
  for (const g of groups.removed) lines.push(`no object-group network ${asaName(g.name)}`);
  for (const s of services.removed)
    lines.push(`no object-group service ${asaName(s.name)} ${s.protocol}`);
  const warnings = [...baseline.warnings.list(), ...current.warnings.list()];
  return {
    files: [{ name: ASA_DELTA_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: [...new Map(warnings.map((w) => [w.message, w])).values()],
  };
}

export const ciscoAsa: Exporter = {
  id: 'cisco-asa',
  label: 'Cisco ASA',
  description: `${ASA_FILE}: object groups and one access list per ingress zone, remarks with purposes and rule ids; access-group lines to bind (commented). Delta with --since.`,
  ...networkExporter('cisco-asa', renderAsa, renderAsaDelta, [ASA_FILE]),
};
