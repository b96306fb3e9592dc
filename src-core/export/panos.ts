// Palo Alto Networks PAN-OS: `set` commands for addresses, address groups, services, service groups and security rules.
import type { Exporter, ExportResult } from './exporter';
import { networkLineComment, panosName, panosString, panosZone } from './escape/network';
import { appendAll } from '../util/arrays';
import { joinLines } from './model';
import type { DeviceModel, NamedRule, NetworkPoint, NetworkView } from './netfw';
import {
  cidrText,
  deltaHeader,
  deltaWarnings,
  deviceDelta,
  deviceModel,
  networkExporter,
  networkHeader,
  ruleComment,
  zoneToken,
} from './netfw';

export const PANOS_FILE = 'panos.set';
export const PANOS_DELTA_FILE = 'panos.delta.set';

function list(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `[ ${names.join(' ')} ]`;
}

function addressLines(model: DeviceModel, only?: ReadonlySet<string>): string[] {
  return [...model.addressObjects]
    .filter(([n]) => !only || only.has(n))
    .map(([n, c]) => `set address ${n} ip-netmask ${cidrText(c)}`);
}

function portLines(model: DeviceModel, only?: ReadonlySet<string>): string[] {
  return [...model.portObjects]
    .filter(([n]) => !only || only.has(n))
    .map(
      ([n, p]) =>
        `set service ${n} protocol ${p.protocol} port ${p.range.start === p.range.end ? p.range.start : `${p.range.start}-${p.range.end}`}`,
    );
}

function groupLines(
  model: DeviceModel,
  onlyA?: ReadonlySet<string>,
  onlyS?: ReadonlySet<string>,
): string[] {
  const lines: string[] = [];
  for (const g of model.addressGroups.values()) {
    if (onlyA && !onlyA.has(g.name)) continue;
    lines.push(`set address-group ${g.name} static ${list(g.members)}`);
    lines.push(`set address-group ${g.name} description ${panosString(g.group.description)}`);
  }
  for (const g of model.serviceGroups.values()) {
    if (onlyS && !onlyS.has(g.name)) continue;
    lines.push(`set service-group ${g.name} members ${list(g.members)}`);
  }
  return lines;
}

function ruleLines(point: NetworkPoint, named: NamedRule, view: NetworkView): string[] {
  const r = named.rule;
  const name = panosName(named.name);
  return [
    `set rulebase security rules ${name} from ${panosZone(zoneToken(point.fromZone))} to ${panosZone(zoneToken(point.toZone))} source ${panosName(r.source)} destination ${panosName(r.destination)} application any service ${panosName(view.services.get(r.service)!.name)} action allow`,
    `set rulebase security rules ${name} description ${panosString(ruleComment(named))}`,
  ];
}

const APPLY = [
  'Apply: in configure mode, paste the set lines, then commit. The CLI answers the # lines with',
  '"Unknown command" and changes nothing for them; to paste commands only: grep -v "^#" panos.set',
  'Zones are the plan zone ids; rules are appended at the bottom of the rulebase (move them above any deny).',
];

/** The whole configuration for the points of `view`. */
export function renderPanos(view: NetworkView): ExportResult {
  const model = deviceModel(view, panosName);
  const lines = networkHeader(view, 'PAN-OS', APPLY).map((l) => networkLineComment('#', l));
  // Appended, not spread into push: a large plan's object lists run to many thousands of lines.
  appendAll(lines, addressLines(model));
  appendAll(lines, portLines(model));
  appendAll(lines, groupLines(model));
  for (const point of view.points) {
    lines.push(networkLineComment('#', `${point.id}: ${point.fromName} to ${point.toName}`));
    for (const named of point.rules) appendAll(lines, ruleLines(point, named, view));
  }
  return {
    files: [{ name: PANOS_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: view.warnings.list(),
  };
}

/** The commands that turn a device configured from `baseline`'s export into `current`'s. */
export function renderPanosDelta(baseline: NetworkView, current: NetworkView): ExportResult {
  const after = deviceModel(current, panosName);
  const d = deviceDelta(deviceModel(baseline, panosName), after);
  const lines = deltaHeader(baseline, current, 'PAN-OS', APPLY).map((l) =>
    networkLineComment('#', l),
  );
  lines.push('# 1. New objects and groups, grown groups');
  appendAll(lines, [
    ...addressLines(after, new Set(d.addressObjects.added.map(([n]) => n))),
    ...portLines(after, new Set(d.portObjects.added.map(([n]) => n))),
    ...groupLines(
      after,
      new Set(d.addressGroups.added.map((g) => g.name)),
      new Set(d.serviceGroups.added.map((g) => g.name)),
    ),
  ]);
  for (const c of d.addressChanges)
    if (c.grow.length) lines.push(`set address-group ${c.after.name} static ${list(c.grow)}`);
  for (const c of d.serviceChanges)
    if (c.grow.length) lines.push(`set service-group ${c.after.name} members ${list(c.grow)}`);
  for (const [o, n] of d.addressGroups.kept)
    if (o.group.description !== n.group.description)
      lines.push(`set address-group ${n.name} description ${panosString(n.group.description)}`);
  lines.push('# 2. New rules; descriptions of kept rules updated');
  for (const { point, named } of d.rules.added) appendAll(lines, ruleLines(point, named, current));
  for (const [o, n] of d.rules.kept)
    if (ruleComment(o.named) !== ruleComment(n.named))
      lines.push(
        `set rulebase security rules ${panosName(n.named.name)} description ${panosString(ruleComment(n.named))}`,
      );
  lines.push('# 3. Rules no longer needed');
  for (const { named } of d.rules.removed)
    lines.push(`delete rulebase security rules ${panosName(named.name)}`);
  lines.push('# 4. Members, groups and objects no longer needed');
  for (const c of d.addressChanges)
    for (const m of c.shrink) lines.push(`delete address-group ${c.after.name} static ${m}`);
  for (const c of d.serviceChanges)
    for (const m of c.shrink) lines.push(`delete service-group ${c.after.name} members ${m}`);
  for (const g of d.addressGroups.removed) lines.push(`delete address-group ${g.name}`);
  for (const g of d.serviceGroups.removed) lines.push(`delete service-group ${g.name}`);
  for (const [n] of d.addressObjects.removed) lines.push(`delete address ${n}`);
  for (const [n] of d.portObjects.removed) lines.push(`delete service ${n}`);
  return {
    files: [{ name: PANOS_DELTA_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: deltaWarnings(baseline, current),
  };
}

export const panos: Exporter = {
  id: 'panos',
  label: 'Palo Alto PAN-OS',
  description: `${PANOS_FILE}: set commands for addresses, address groups, services, service groups and security rules from zone to zone. Delta with --since.`,
  ...networkExporter('panos', renderPanos, renderPanosDelta, [PANOS_FILE]),
};
