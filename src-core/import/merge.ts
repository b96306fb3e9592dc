// Imported hosts joined to a plan: same name updates the node, new names are placed in a grid by zone.
import type { Catalog } from '../catalog/types';
import type { Plan, PlanNode, PlanZone } from '../plan/types';
import { PLAN_FORMAT_VERSION } from '../plan/types';
import type { ImportChange, ImportedHost } from './types';
import { maxOf } from '../util/arrays';

/** Grid cell and layout of imported nodes: one block of columns per zone, side by side. */
const CELL_X = 200;
const CELL_Y = 110;
const PER_ROW = 4;
const ZONE_GAP = 120;
const ORIGIN = { x: 80, y: 80 };

/** An empty plan for an import without `--into`. */
export function emptyPlan(name: string, catalog: Catalog): Plan {
  return {
    format: 'portolan-plan',
    version: PLAN_FORMAT_VERSION,
    name,
    catalog: catalog.edition,
    options: {},
    zones: [],
    nodes: [],
    connections: [],
  };
}

/** A safe id from text ("Web 01" → "web-01"), unique against `taken` (which it extends). */
export function uniqueId(text: string, taken: Set<string>, fallback = 'node'): string {
  const base =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The plan with the hosts added or updated, and what changed. A host whose name matches a
 * node (exactly) updates that node's type and the addresses, host name, zone and vmid it
 * gives (an empty one keeps the node's value), and keeps everything else (position, connections, options, notes); a new name becomes a node placed
 * below the plan's nodes, in a grid with one block of columns per zone. Zones named by the
 * import and missing from the plan are created (without networks). Pure: the input plan is
 * not changed.
 */
export function mergeImport(
  plan: Plan,
  hosts: readonly ImportedHost[],
): { plan: Plan; changes: ImportChange[] } {
  const zones: PlanZone[] = [...plan.zones];
  const zoneIds = new Set(zones.map((z) => z.id));
  const zoneOf = (text: string | undefined): string | null => {
    if (text === undefined) return null;
    const found = zones.find((z) => z.id === text) ?? zones.find((z) => z.name === text);
    if (found) return found.id;
    const id = uniqueId(text, zoneIds, 'zone');
    zones.push({ id, name: text, cidrs: [] });
    return id;
  };
  const byName = new Map(plan.nodes.map((n, i) => [n.name, i]));
  const nodes: PlanNode[] = [...plan.nodes];
  const ids = new Set(plan.nodes.map((n) => n.id));
  const changes: ImportChange[] = [];
  const added: { node: PlanNode; zone: string }[] = [];
  for (const h of hosts) {
    const zone = zoneOf(h.zone);
    const index = byName.get(h.name);
    if (index !== undefined) {
      // An empty field keeps the node's value: an import never erases what it does not know.
      const old = nodes[index]!;
      const next = {
        type: h.type,
        addresses: h.addresses.length ? [...h.addresses] : old.addresses,
        hostname: h.hostname ?? old.hostname,
        zone: h.zone === undefined ? (old.zone ?? null) : zone,
        vmid: h.vmid ?? old.options.vmid,
      };
      const lines: string[] = [];
      if (old.type !== next.type) lines.push(`type: ${old.type} → ${next.type}`);
      if (!same(old.addresses, next.addresses)) {
        lines.push(
          `addresses: ${old.addresses.join(' ') || '(none)'} → ${next.addresses.join(' ')}`,
        );
      }
      if ((old.hostname ?? '') !== (next.hostname ?? '')) {
        lines.push(`hostname: ${old.hostname || '(none)'} → ${next.hostname}`);
      }
      if ((old.zone ?? null) !== next.zone) {
        lines.push(`zone: ${old.zone ?? '(none)'} → ${next.zone}`);
      }
      if (old.options.vmid !== next.vmid)
        lines.push(`vmid: ${old.options.vmid ?? '(none)'} → ${next.vmid}`);
      if (lines.length === 0) {
        changes.push({ kind: 'unchanged', id: old.id, name: h.name, type: h.type, changes: [] });
        continue;
      }
      nodes[index] = {
        ...old,
        type: next.type,
        addresses: next.addresses,
        ...(next.hostname ? { hostname: next.hostname } : {}),
        zone: next.zone,
        options: next.vmid !== undefined ? { ...old.options, vmid: next.vmid } : old.options,
      };
      changes.push({ kind: 'updated', id: old.id, name: h.name, type: h.type, changes: lines });
      continue;
    }
    const node: PlanNode = {
      id: uniqueId(h.name, ids),
      type: h.type,
      name: h.name,
      ...(h.hostname ? { hostname: h.hostname } : {}),
      addresses: [...h.addresses],
      zone,
      extraRoles: [],
      options: h.vmid !== undefined ? { vmid: h.vmid } : {},
      position: { x: 0, y: 0 },
    };
    byName.set(h.name, nodes.length);
    nodes.push(node);
    added.push({ node, zone: zone ?? '' });
    changes.push({ kind: 'added', id: node.id, name: h.name, type: h.type, changes: [] });
  }
  // New nodes go below everything already drawn: one block per zone (plan zone order, no zone last).
  const top = plan.nodes.length
    ? maxOf(plan.nodes.map((n) => n.position.y)) + CELL_Y * 1.5
    : ORIGIN.y;
  const order = [...zones.map((z) => z.id), ''];
  let x = ORIGIN.x;
  const placed = new Map<PlanNode, { x: number; y: number }>();
  for (const zone of order) {
    const members = added.filter((a) => a.zone === zone);
    if (members.length === 0) continue;
    members.forEach((a, i) => {
      placed.set(a.node, {
        x: x + (i % PER_ROW) * CELL_X,
        y: top + Math.floor(i / PER_ROW) * CELL_Y,
      });
    });
    x += Math.min(PER_ROW, members.length) * CELL_X + ZONE_GAP;
  }
  const positioned = nodes.map((n) => {
    const p = placed.get(n);
    return p ? { ...n, position: p } : n;
  });
  return { plan: { ...plan, zones, nodes: positioned }, changes };
}

/** One line per added/updated node and a count line, for the CLI and the app's toast. */
export function importSummary(changes: readonly ImportChange[]): string[] {
  const count = (k: ImportChange['kind']) => changes.filter((c) => c.kind === k).length;
  const lines = [
    `${count('added')} added, ${count('updated')} updated, ${count('unchanged')} unchanged`,
  ];
  for (const c of changes) {
    if (c.kind === 'added') lines.push(`  added ${c.name} (${c.type}) as ${c.id}`);
    if (c.kind === 'updated') lines.push(`  updated ${c.name}: ${c.changes.join('; ')}`);
  }
  return lines;
}
