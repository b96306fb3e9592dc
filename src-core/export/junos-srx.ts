// Juniper SRX (Junos): `set` commands for the global address book, applications and zone-pair security policies.
import type { Exporter, ExportResult } from './exporter';
import { junosName, junosString, networkLineComment } from './escape/network';
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

export const JUNOS_FILE = 'junos-srx.set';
export const JUNOS_DELTA_FILE = 'junos-srx.delta.set';

const BOOK = 'set security address-book global';

function addressLines(model: DeviceModel, only?: ReadonlySet<string>): string[] {
  return [...model.addressObjects]
    .filter(([n]) => !only || only.has(n))
    .map(([n, c]) => `${BOOK} address ${n} ${cidrText(c)}`);
}

function applicationLines(model: DeviceModel, only?: ReadonlySet<string>): string[] {
  return [...model.portObjects]
    .filter(([n]) => !only || only.has(n))
    .flatMap(([n, p]) => [
      `set applications application ${n} protocol ${p.protocol}`,
      `set applications application ${n} destination-port ${p.range.start === p.range.end ? p.range.start : `${p.range.start}-${p.range.end}`}`,
    ]);
}

function groupLines(
  model: DeviceModel,
  onlyA?: ReadonlySet<string>,
  onlyS?: ReadonlySet<string>,
): string[] {
  const lines: string[] = [];
  for (const g of model.addressGroups.values()) {
    if (onlyA && !onlyA.has(g.name)) continue;
    lines.push(`${BOOK} address-set ${g.name} description ${junosString(g.group.description)}`);
    for (const m of g.members) lines.push(`${BOOK} address-set ${g.name} address ${m}`);
  }
  for (const g of model.serviceGroups.values()) {
    if (onlyS && !onlyS.has(g.name)) continue;
    for (const m of g.members)
      lines.push(`set applications application-set ${g.name} application ${m}`);
  }
  return lines;
}

function policyPath(point: NetworkPoint, name: string): string {
  return `security policies from-zone ${junosName(zoneToken(point.fromZone))} to-zone ${junosName(zoneToken(point.toZone))} policy ${junosName(name)}`;
}

function policyLines(point: NetworkPoint, named: NamedRule, view: NetworkView): string[] {
  const r = named.rule;
  const path = `set ${policyPath(point, named.name)}`;
  return [
    `${path} description ${junosString(ruleComment(named))}`,
    `${path} match source-address ${junosName(r.source)}`,
    `${path} match destination-address ${junosName(r.destination)}`,
    `${path} match application ${junosName(view.services.get(r.service)!.name)}`,
    `${path} then permit`,
  ];
}

const APPLY = [
  'Apply: configure; load set terminal (paste, then Ctrl-D); show | compare; commit check; commit.',
  'Zones are the plan zone ids (security-zone names); new policies go to the end of their zone pair (insert them above any deny).',
];

/** The whole configuration for the points of `view`. */
export function renderJunos(view: NetworkView): ExportResult {
  const model = deviceModel(view, junosName);
  const lines = networkHeader(view, 'Juniper SRX (Junos)', APPLY).map((l) =>
    networkLineComment('#', l),
  );
  appendAll(lines, [
    ...addressLines(model),
    ...groupLines(model, undefined, new Set()),
    ...applicationLines(model),
  ]);
  // Appended, not spread into push: a large plan's address book runs to many thousands of lines.
  appendAll(lines, groupLines(model, new Set(), undefined));
  for (const point of view.points) {
    lines.push(networkLineComment('#', `${point.id}: ${point.fromName} to ${point.toName}`));
    for (const named of point.rules) appendAll(lines, policyLines(point, named, view));
  }
  return {
    files: [{ name: JUNOS_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: view.warnings.list(),
  };
}

/** The commands that turn a device configured from `baseline`'s export into `current`'s. */
export function renderJunosDelta(baseline: NetworkView, current: NetworkView): ExportResult {
  const after = deviceModel(current, junosName);
  const d = deviceDelta(deviceModel(baseline, junosName), after);
  const lines = deltaHeader(baseline, current, 'Juniper SRX (Junos)', APPLY).map((l) =>
    networkLineComment('#', l),
  );
  lines.push('# 1. New objects and groups, grown groups');
  appendAll(lines, [
    ...addressLines(after, new Set(d.addressObjects.added.map(([n]) => n))),
    ...applicationLines(after, new Set(d.portObjects.added.map(([n]) => n))),
    ...groupLines(
      after,
      new Set(d.addressGroups.added.map((g) => g.name)),
      new Set(d.serviceGroups.added.map((g) => g.name)),
    ),
  ]);
  for (const c of d.addressChanges)
    for (const m of c.grow) lines.push(`${BOOK} address-set ${c.after.name} address ${m}`);
  for (const c of d.serviceChanges)
    for (const m of c.grow)
      lines.push(`set applications application-set ${c.after.name} application ${m}`);
  for (const [o, n] of d.addressGroups.kept)
    if (o.group.description !== n.group.description)
      lines.push(`${BOOK} address-set ${n.name} description ${junosString(n.group.description)}`);
  lines.push('# 2. New policies; descriptions of kept policies updated');
  for (const { point, named } of d.rules.added)
    appendAll(lines, policyLines(point, named, current));
  for (const [o, n] of d.rules.kept)
    if (ruleComment(o.named) !== ruleComment(n.named))
      lines.push(
        `set ${policyPath(n.point, n.named.name)} description ${junosString(ruleComment(n.named))}`,
      );
  lines.push('# 3. Policies no longer needed');
  for (const { point, named } of d.rules.removed)
    lines.push(`delete ${policyPath(point, named.name)}`);
  lines.push('# 4. Members, groups and objects no longer needed');
  const del = BOOK.replace(/^set /, 'delete ');
  for (const c of d.addressChanges)
    for (const m of c.shrink) lines.push(`${del} address-set ${c.after.name} address ${m}`);
  for (const c of d.serviceChanges)
    for (const m of c.shrink)
      lines.push(`delete applications application-set ${c.after.name} application ${m}`);
  for (const g of d.addressGroups.removed) lines.push(`${del} address-set ${g.name}`);
  for (const g of d.serviceGroups.removed)
    lines.push(`delete applications application-set ${g.name}`);
  for (const [n] of d.addressObjects.removed) lines.push(`${del} address ${n}`);
  for (const [n] of d.portObjects.removed) lines.push(`delete applications application ${n}`);
  return {
    files: [{ name: JUNOS_DELTA_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: deltaWarnings(baseline, current),
  };
}

export const junosSrx: Exporter = {
  id: 'junos-srx',
  label: 'Juniper SRX (Junos)',
  description: `${JUNOS_FILE}: set commands for the global address book, applications and security policies from-zone to-zone. Delta with --since.`,
  ...networkExporter('junos-srx', renderJunos, renderJunosDelta, [JUNOS_FILE]),
};
