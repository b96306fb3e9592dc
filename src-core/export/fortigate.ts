// FortiGate (FortiOS CLI): addresses, address groups, custom services, service groups and policies per zone pair.
import type { Exporter, ExportResult } from './exporter';
import { fortiName, fortiString, networkLineComment } from './escape/network';
import { shortHash } from './escape/text';
import { appendAll } from '../util/arrays';
import { joinLines } from './model';
import type { Cidr, DeviceModel, NamedRule, NetworkPoint, NetworkView } from './netfw';
import {
  cidrText,
  deltaHeader,
  deltaWarnings,
  deviceDelta,
  deviceModel,
  netmask,
  networkExporter,
  networkHeader,
  ruleComment,
  zoneToken,
} from './netfw';

export const FORTIGATE_FILE = 'fortigate.conf';
export const FORTIGATE_DELTA_FILE = 'fortigate.delta.conf';
/** FortiOS policy names take 35 characters; rule names are shorter by construction. */
const POLICY_NAME_MAX = 35;

/** Quoted FortiOS name. */
function q(raw: string): string {
  return `"${raw}"`;
}

/** The interface (or FortiGate zone) a Portolan zone maps to: the zone id, made a FortiOS name. */
export function fortiInterface(zone: string): string {
  return fortiName(zoneToken(zone), 35);
}

/**
 * A stable policy id from the rule name: FortiOS addresses policies by number (`edit N`,
 * `delete N`), so the number must follow the rule across plan versions, like its name.
 */
export function fortiPolicyId(name: string, taken: Set<number>): number {
  let id = 100_000_000 + (parseInt(shortHash(name), 16) % 900_000_000);
  while (taken.has(id)) id++;
  taken.add(id);
  return id;
}

function policyIds(model: DeviceModel): Map<string, number> {
  const taken = new Set<number>();
  return new Map(model.rules.map((r) => [r.named.name, fortiPolicyId(r.named.name, taken)]));
}

function addressBody(c: Cidr): string {
  return c.family === 4
    ? `        set subnet ${c.address} ${netmask(c.prefix)}`
    : `        set ip6 ${cidrText(c)}`;
}

function block(section: string, entries: readonly string[][]): string[] {
  if (!entries.length) return [];
  // Appended, not spread: a large plan's sections hold hundreds of thousands of lines.
  const lines = [`config ${section}`];
  for (const entry of entries) appendAll(lines, entry);
  lines.push('end');
  return lines;
}

function edit(name: string, body: readonly string[]): string[] {
  return [`    edit ${name}`, ...body, '    next'];
}

function policyLines(
  point: NetworkPoint,
  named: NamedRule,
  id: number,
  view: NetworkView,
): string[] {
  const r = named.rule;
  const six = r.family === 6 ? '6' : '';
  return edit(String(id), [
    `        set name ${q(fortiName(named.name, POLICY_NAME_MAX))}`,
    `        set srcintf ${q(fortiInterface(point.fromZone))}`,
    `        set dstintf ${q(fortiInterface(point.toZone))}`,
    `        set srcaddr${six} ${q(fortiName(r.source))}`,
    `        set dstaddr${six} ${q(fortiName(r.destination))}`,
    '        set action accept',
    '        set schedule "always"',
    `        set service ${q(fortiName(view.services.get(r.service)!.name))}`,
    `        set comments ${fortiString(ruleComment(named))}`,
  ]);
}

function interfaceLines(view: NetworkView): string[] {
  const zones = [...new Set(view.points.flatMap((p) => [p.fromZone, p.toZone]))].sort();
  return [
    'srcintf/dstintf: each zone below is written as an interface (or FortiGate zone) of the same name.',
    'Create FortiGate zones with these names (config system zone), or replace the names in this file:',
    ...zones.map((z) => `  zone ${z} -> "${fortiInterface(z)}"`),
  ];
}

function objectLines(model: DeviceModel, addresses: Set<string>, ports: Set<string>): string[] {
  const v4 = [...model.addressObjects].filter(([n, c]) => c.family === 4 && addresses.has(n));
  const v6 = [...model.addressObjects].filter(([n, c]) => c.family === 6 && addresses.has(n));
  return [
    ...block(
      'firewall address',
      v4.map(([n, c]) => edit(q(n), [addressBody(c)])),
    ),
    ...block(
      'firewall address6',
      v6.map(([n, c]) => edit(q(n), [addressBody(c)])),
    ),
    ...block(
      'firewall service custom',
      [...model.portObjects]
        .filter(([n]) => ports.has(n))
        .map(([n, p]) =>
          edit(q(n), [
            `        set ${p.protocol}-portrange ${p.range.start === p.range.end ? p.range.start : `${p.range.start}-${p.range.end}`}`,
          ]),
        ),
    ),
  ];
}

function groupLines(
  model: DeviceModel,
  addressGroups: ReadonlySet<string>,
  serviceGroups: ReadonlySet<string>,
): string[] {
  const groups = [...model.addressGroups.values()].filter((g) => addressGroups.has(g.name));
  const body = (members: readonly string[], comment: string) => [
    `        set member ${members.map(q).join(' ')}`,
    `        set comment ${fortiString(comment, 255)}`,
  ];
  return [
    ...block(
      'firewall addrgrp',
      groups
        .filter((g) => g.group.family === 4)
        .map((g) => edit(q(g.name), body(g.members, g.group.description))),
    ),
    ...block(
      'firewall addrgrp6',
      groups
        .filter((g) => g.group.family === 6)
        .map((g) => edit(q(g.name), body(g.members, g.group.description))),
    ),
    ...block(
      'firewall service group',
      [...model.serviceGroups.values()]
        .filter((g) => serviceGroups.has(g.name))
        .map((g) => edit(q(g.name), body(g.members, g.group.description))),
    ),
  ];
}

/** The whole configuration for the points of `view`. */
export function renderFortigate(view: NetworkView): ExportResult {
  const model = deviceModel(view, (n) => fortiName(n));
  const ids = policyIds(model);
  const lines = networkHeader(view, 'FortiGate (FortiOS CLI)', [
    'Apply: paste into the CLI console (or run as a CLI script), in the VDOM the policies belong to.',
    ...interfaceLines(view),
  ]).map((l) => networkLineComment('#', l));
  appendAll(
    lines,
    objectLines(model, new Set(model.addressObjects.keys()), new Set(model.portObjects.keys())),
  );
  appendAll(
    lines,
    groupLines(model, new Set(model.addressGroups.keys()), new Set(model.serviceGroups.keys())),
  );
  const policies = model.rules.map(({ point, named }) =>
    policyLines(point, named, ids.get(named.name)!, view),
  );
  appendAll(lines, block('firewall policy', policies));
  return {
    files: [{ name: FORTIGATE_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings: view.warnings.list(),
  };
}

/** The commands that turn a device configured from `baseline`'s export into `current`'s. */
export function renderFortigateDelta(baseline: NetworkView, current: NetworkView): ExportResult {
  const before = deviceModel(baseline, (n) => fortiName(n));
  const after = deviceModel(current, (n) => fortiName(n));
  const d = deviceDelta(before, after);
  const oldIds = policyIds(before);
  const newIds = policyIds(after);
  const warnings = deltaWarnings(baseline, current);
  // Ids come from names; a new policy whose id an old, different policy holds would edit that one.
  const byOldId = new Map([...oldIds].map(([name, id]) => [id, name]));
  for (const { named } of d.rules.added) {
    const other = byOldId.get(newIds.get(named.name)!);
    if (other !== undefined && other !== named.name) {
      warnings.push({
        message: `fortigate: new policy ${named.name} takes id ${newIds.get(named.name)!}, which ${other} held in the baseline; apply the full export instead of this delta.`,
        nodes: [],
      });
    }
  }
  const lines = deltaHeader(baseline, current, 'FortiGate (FortiOS CLI)', [
    'Apply: paste into the CLI console in the VDOM of the policies.',
    ...interfaceLines(current),
  ]).map((l) => networkLineComment('#', l));
  appendAll(lines, [
    '# 1. New objects and groups, grown groups',
    ...objectLines(
      after,
      new Set(d.addressObjects.added.map(([n]) => n)),
      new Set(d.portObjects.added.map(([n]) => n)),
    ),
    ...groupLines(
      after,
      new Set(d.addressGroups.added.map((g) => g.name)),
      new Set(d.serviceGroups.added.map((g) => g.name)),
    ),
  ]);
  const grow = (section: string, list: typeof d.addressChanges | typeof d.serviceChanges) =>
    block(
      section,
      list
        .filter((c) => c.grow.length)
        .map((c) => edit(q(c.after.name), [`        append member ${c.grow.map(q).join(' ')}`])),
    );
  const v4 = (c: (typeof d.addressChanges)[number]) => c.after.group.family === 4;
  appendAll(lines, [
    ...grow('firewall addrgrp', d.addressChanges.filter(v4)),
    ...grow(
      'firewall addrgrp6',
      d.addressChanges.filter((c) => !v4(c)),
    ),
    ...grow('firewall service group', d.serviceChanges),
  ]);
  lines.push('# 2. New policies; comments of kept policies updated');
  appendAll(lines, [
    ...block('firewall policy', [
      ...d.rules.added.map(({ point, named }) =>
        policyLines(point, named, newIds.get(named.name)!, current),
      ),
      ...d.rules.kept
        .filter(([o, n]) => ruleComment(o.named) !== ruleComment(n.named))
        .map(([o, n]) =>
          edit(String(oldIds.get(o.named.name)!), [
            `        set comments ${fortiString(ruleComment(n.named))}`,
          ]),
        ),
    ]),
  ]);
  lines.push('# 3. Policies no longer needed');
  appendAll(lines, [
    ...block(
      'firewall policy',
      d.rules.removed.map(({ named }) => [`    delete ${oldIds.get(named.name)!}`]),
    ),
  ]);
  lines.push('# 4. Members, groups and objects no longer needed');
  const shrink = (section: string, list: typeof d.addressChanges | typeof d.serviceChanges) =>
    block(
      section,
      list
        .filter((c) => c.shrink.length)
        .map((c) =>
          edit(q(c.after.name), [`        unselect member ${c.shrink.map(q).join(' ')}`]),
        ),
    );
  const del = (section: string, names: readonly string[]) =>
    block(
      section,
      names.map((n) => [`    delete ${q(n)}`]),
    );
  appendAll(lines, [
    ...shrink('firewall addrgrp', d.addressChanges.filter(v4)),
    ...shrink(
      'firewall addrgrp6',
      d.addressChanges.filter((c) => !v4(c)),
    ),
    ...shrink('firewall service group', d.serviceChanges),
    ...del(
      'firewall addrgrp',
      d.addressGroups.removed.filter((g) => g.group.family === 4).map((g) => g.name),
    ),
    ...del(
      'firewall addrgrp6',
      d.addressGroups.removed.filter((g) => g.group.family === 6).map((g) => g.name),
    ),
    ...del(
      'firewall service group',
      d.serviceGroups.removed.map((g) => g.name),
    ),
    ...del(
      'firewall address',
      d.addressObjects.removed.filter(([, c]) => c.family === 4).map(([n]) => n),
    ),
    ...del(
      'firewall address6',
      d.addressObjects.removed.filter(([, c]) => c.family === 6).map(([n]) => n),
    ),
    ...del(
      'firewall service custom',
      d.portObjects.removed.map(([n]) => n),
    ),
  ]);
  return {
    files: [{ name: FORTIGATE_DELTA_FILE, content: joinLines(lines), language: 'plaintext' }],
    warnings,
  };
}

export const fortigate: Exporter = {
  id: 'fortigate',
  label: 'FortiGate (FortiOS)',
  description: `${FORTIGATE_FILE}: addresses, address groups, custom services, service groups and policies per zone pair (interfaces named after the zones). Delta with --since.`,
  ...networkExporter('fortigate', renderFortigate, renderFortigateDelta, [FORTIGATE_FILE]),
};
