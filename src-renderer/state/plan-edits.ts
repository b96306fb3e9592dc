// Pure plan edits used by the editor: each takes a plan and returns a new one (or the same object for no change).
import type { Catalog, ComponentType } from '../../src-core/catalog/types';
import type { PlanLayout } from '../../src-core/layout/elk-layout';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  placeInZone,
  zoneAt,
  zoneFrames,
} from '../../src-core/layout/geometry';
import { derivedZone, zoneForAddresses } from '../../src-core/layout/zones';
import type {
  AcknowledgedWarning,
  CustomFlow,
  Plan,
  PlanConnection,
  PlanNode,
  PlanZone,
  Position,
} from '../../src-core/plan/types';

/** Grid the canvas snaps to; positions written by edits are multiples of it. */
export const GRID = 20;

/** Snap a position to the canvas grid. */
export function snap(p: Position): Position {
  return { x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID };
}

/** Turn free text into an id fragment: lower-case letters, digits and `-`. */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.length > 0 ? s.slice(0, 32) : 'item';
}

/** First `${base}-${n}` (n ≥ 1) not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** Default display name for a new node of a type: "Worker 1", "Worker 2"… not used yet. */
export function defaultNodeName(type: ComponentType, plan: Plan): string {
  const names = new Set(plan.nodes.map((n) => n.name));
  for (let n = 1; ; n++) {
    const name = `${type.label} ${n}`;
    if (!names.has(name)) return name;
  }
}

/** Add a node of `typeId` at `position` (snapped); returns the plan and the new node id. */
export function addNode(
  plan: Plan,
  catalog: Catalog,
  typeId: string,
  position: Position,
): { plan: Plan; id: string } {
  const type = catalog.componentTypes.find((t) => t.id === typeId);
  if (!type) throw new Error(`Unknown component type "${typeId}" in catalog ${catalog.edition}`);
  const id = uniqueId(slug(type.id), new Set(plan.nodes.map((n) => n.id)));
  const node: PlanNode = {
    id,
    type: type.id,
    name: defaultNodeName(type, plan),
    addresses: [],
    zone: null,
    extraRoles: [],
    options: {},
    position: snap(position),
  };
  return { plan: { ...plan, nodes: [...plan.nodes, node] }, id };
}

/** Why a connection between `a` and `b` is refused, or null when it may be added. */
export function connectionRefusal(plan: Plan, a: string, b: string): string | null {
  if (a === b) return 'A node cannot be connected to itself.';
  const exists = plan.connections.some(
    (c) => (c.from === a && c.to === b) || (c.from === b && c.to === a),
  );
  if (exists) return 'These two nodes are already connected.';
  if (!plan.nodes.some((n) => n.id === a) || !plan.nodes.some((n) => n.id === b)) {
    return 'Both ends of a connection must be nodes of the plan.';
  }
  return null;
}

/** Connect two nodes; throws when `connectionRefusal` would refuse (check it first). */
export function addConnection(plan: Plan, from: string, to: string): { plan: Plan; id: string } {
  const refusal = connectionRefusal(plan, from, to);
  if (refusal) throw new Error(refusal);
  const id = uniqueId('c', new Set(plan.connections.map((c) => c.id)));
  return { plan: { ...plan, connections: [...plan.connections, { id, from, to }] }, id };
}

/**
 * Remove nodes (and every connection and custom flow touching them) and connections. A custom
 * flow naming a removed node would make the plan invalid, so it goes with the node (undo
 * brings both back).
 */
export function removeElements(
  plan: Plan,
  nodeIds: ReadonlySet<string>,
  connectionIds: ReadonlySet<string>,
): Plan {
  if (nodeIds.size === 0 && connectionIds.size === 0) return plan;
  const nodes = plan.nodes.filter((n) => !nodeIds.has(n.id));
  const connections = plan.connections.filter(
    (c) => !connectionIds.has(c.id) && !nodeIds.has(c.from) && !nodeIds.has(c.to),
  );
  const customFlows = plan.customFlows?.filter((f) => !nodeIds.has(f.from) && !nodeIds.has(f.to));
  if (
    nodes.length === plan.nodes.length &&
    connections.length === plan.connections.length &&
    customFlows?.length === plan.customFlows?.length
  ) {
    return plan;
  }
  return { ...plan, nodes, connections, ...(customFlows ? { customFlows } : {}) };
}

/** A free custom id for a new custom flow between two nodes ("vbr-web", "vbr-web-2"…). */
export function customFlowId(plan: Plan, from: string, to: string): string {
  const taken = new Set([
    ...(plan.customFlows ?? []).map((f) => f.id),
    ...(plan.customRules ?? []).map((r) => r.id),
  ]);
  const base = `${slug(from)}-${slug(to)}`.slice(0, 56);
  if (!taken.has(base)) return base;
  return uniqueId(base, taken);
}

/** Adds `flow`, or replaces the custom flow with id `replacing` (keeping its place in the list). */
export function upsertCustomFlow(plan: Plan, flow: CustomFlow, replacing?: string): Plan {
  const list = plan.customFlows ?? [];
  const index = replacing === undefined ? -1 : list.findIndex((f) => f.id === replacing);
  const next = index < 0 ? [...list, flow] : list.map((f, i) => (i === index ? flow : f));
  return { ...plan, customFlows: next };
}

/** Removes a custom flow; the field goes when the list empties (the plan is as before). */
export function removeCustomFlow(plan: Plan, id: string): Plan {
  const list = plan.customFlows ?? [];
  if (!list.some((f) => f.id === id)) return plan;
  const next = list.filter((f) => f.id !== id);
  if (next.length > 0) return { ...plan, customFlows: next };
  const { customFlows: _gone, ...rest } = plan;
  void _gone;
  return rest as Plan;
}

/** Replaces the acknowledged warnings; the field goes when none are left. */
export function setAcknowledged(plan: Plan, acks: readonly AcknowledgedWarning[]): Plan {
  if (acks.length > 0) return { ...plan, acknowledgedWarnings: acks };
  if (plan.acknowledgedWarnings === undefined) return plan;
  const { acknowledgedWarnings: _gone, ...rest } = plan;
  void _gone;
  return rest as Plan;
}

/** The plan without the bend points of connections touching these nodes (they moved). */
function dropBends(plan: Plan, moved: ReadonlySet<string>): Plan {
  if (moved.size === 0 || !plan.connections.some((c) => c.bends)) return plan;
  let changed = false;
  const connections = plan.connections.map((c) => {
    if (!c.bends || (!moved.has(c.from) && !moved.has(c.to))) return c;
    changed = true;
    const { bends: _bends, ...rest } = c;
    return rest;
  });
  return changed ? { ...plan, connections } : plan;
}

/**
 * Set node positions (snapped); same plan when nothing moved. The bends of a moved node's
 * connections are dropped: they were routed for the old place and would cross the drawing.
 */
export function moveNodes(plan: Plan, positions: ReadonlyMap<string, Position>): Plan {
  const moved = new Set<string>();
  const nodes = plan.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p) return n;
    const s = snap(p);
    if (s.x === n.position.x && s.y === n.position.y) return n;
    moved.add(n.id);
    return { ...n, position: s };
  });
  return moved.size > 0 ? dropBends({ ...plan, nodes }, moved) : plan;
}

/** Apply an auto-layout: every position and every connection's bends (absent: none) at once. */
export function applyLayout(plan: Plan, layout: PlanLayout): Plan {
  const moved = moveNodes(plan, layout.positions);
  const connections = moved.connections.map((c) => {
    const bends = layout.bends.get(c.id);
    if (bends) return { ...c, bends };
    if (!c.bends) return c;
    const { bends: _bends, ...rest } = c;
    return rest;
  });
  return { ...moved, connections };
}

/**
 * Move nodes whose zone just changed into that zone's frame, one after the other (each placed node
 * grows the frame the next one joins). Nodes already inside stay where they are.
 */
function moveIntoZones(plan: Plan, nodeIds: Iterable<string>): Plan {
  let out = plan;
  for (const id of nodeIds) {
    const n = out.nodes.find((x) => x.id === id);
    if (!n?.zone) continue;
    const p = placeInZone(out, id, n.zone);
    if (p) out = moveNodes(out, new Map([[id, p]]));
  }
  return out;
}

/**
 * Re-derive the zone of nodes that follow their address (zonePinned unset) and move those whose
 * zone changed into their new frame.
 */
export function rezone(plan: Plan, nodeIds?: ReadonlySet<string>): Plan {
  const changed: string[] = [];
  const nodes = plan.nodes.map((n) => {
    if (nodeIds && !nodeIds.has(n.id)) return n;
    const z = derivedZone(n, plan.zones);
    if (z === (n.zone ?? null)) return n;
    changed.push(n.id);
    return { ...n, zone: z };
  });
  return changed.length > 0 ? moveIntoZones({ ...plan, nodes }, changed) : plan;
}

/**
 * Replace fields of one node; same plan when every value is unchanged. A new address puts a node
 * that follows its address into the zone holding it; a zone set here is the user's choice and pins
 * it (unless it is the one the address gives); either way the node moves into its zone's frame.
 */
export function updateNode(plan: Plan, id: string, patch: Partial<PlanNode>): Plan {
  let changed = false;
  let patchFinal = patch;
  if ('zone' in patch && !('zonePinned' in patch)) {
    const node = plan.nodes.find((n) => n.id === id);
    const byAddress = node ? zoneForAddresses(node.addresses, plan.zones) : null;
    const zone = patch.zone ?? null;
    patchFinal = { ...patch, zonePinned: zone !== byAddress || undefined };
  }
  let before: PlanNode | undefined;
  const nodes = plan.nodes.map((n) => {
    if (n.id !== id) return n;
    before = n;
    const next = { ...n, ...patchFinal } as Record<string, unknown>;
    if (!next.zonePinned) delete next.zonePinned;
    for (const key of Object.keys(patchFinal)) {
      if (JSON.stringify(next[key]) !== JSON.stringify(n[key])) changed = true;
    }
    return next as PlanNode;
  });
  if (!changed || !before) return plan;
  let out: Plan = { ...plan, nodes };
  if ('addresses' in patch || 'zonePinned' in patch) out = rezone(out, new Set([id]));
  const after = out.nodes.find((n) => n.id === id);
  if (after && (after.zone ?? null) !== (before.zone ?? null)) out = moveIntoZones(out, [id]);
  return out;
}

/**
 * Move nodes (drag end) and let those dropped inside another zone's frame join that zone: frames
 * are those the user saw while dragging (of the nodes not dragged, empty zones' frames where the
 * plan had them), and a node whose centre lands in one joins it, pinned unless its address gives the
 * same zone. Returns the new plan and the ids that changed zone.
 */
export function moveWithDrop(
  plan: Plan,
  positions: ReadonlyMap<string, Position>,
): { plan: Plan; joined: Map<string, string> } {
  const joined = new Map<string, string>();
  const moved = moveNodes(plan, positions);
  if (plan.zones.length === 0 || moved === plan) return { plan: moved, joined };
  const dragged = new Set(positions.keys());
  const frames = zoneFrames(plan, undefined, dragged);
  const nodes = moved.nodes.map((n) => {
    if (!dragged.has(n.id)) return n;
    const z = zoneAt(frames, {
      x: n.position.x + NODE_WIDTH / 2,
      y: n.position.y + NODE_HEIGHT / 2,
    });
    if (!z || z === (n.zone ?? null)) return n;
    joined.set(n.id, z);
    const next: Record<string, unknown> = { ...n, zone: z };
    if (zoneForAddresses(n.addresses, plan.zones) !== z) next.zonePinned = true;
    else delete next.zonePinned;
    return next as PlanNode;
  });
  return { plan: joined.size > 0 ? { ...moved, nodes } : moved, joined };
}

/** A self-contained piece of a plan: some nodes and the connections among them. */
export interface PlanFragment {
  readonly nodes: readonly PlanNode[];
  readonly connections: readonly PlanConnection[];
}

/** Copy nodes and the connections whose both ends are among them. */
export function extractFragment(plan: Plan, nodeIds: ReadonlySet<string>): PlanFragment {
  return {
    nodes: plan.nodes.filter((n) => nodeIds.has(n.id)),
    connections: plan.connections.filter((c) => nodeIds.has(c.from) && nodeIds.has(c.to)),
  };
}

/**
 * Insert a fragment with fresh ids, shifted by `offset`; names get a " (copy)" suffix when taken.
 * Zones the plan does not have are dropped from the copies.
 */
export function insertFragment(
  plan: Plan,
  fragment: PlanFragment,
  offset: Position,
): { plan: Plan; nodeIds: string[] } {
  const taken = new Set(plan.nodes.map((n) => n.id));
  const names = new Set(plan.nodes.map((n) => n.name));
  const zones = new Set(plan.zones.map((z) => z.id));
  const idMap = new Map<string, string>();
  const nodes: PlanNode[] = [];
  for (const n of fragment.nodes) {
    const id = uniqueId(n.id.replace(/-\d+$/, '') || 'node', taken);
    taken.add(id);
    idMap.set(n.id, id);
    let name = n.name;
    while (names.has(name)) name = `${name} (copy)`;
    names.add(name);
    nodes.push({
      ...n,
      id,
      name,
      zone: n.zone && zones.has(n.zone) ? n.zone : null,
      position: snap({ x: n.position.x + offset.x, y: n.position.y + offset.y }),
    });
  }
  const takenConn = new Set(plan.connections.map((c) => c.id));
  const connections: PlanConnection[] = [];
  for (const c of fragment.connections) {
    const from = idMap.get(c.from);
    const to = idMap.get(c.to);
    if (!from || !to) continue;
    const id = uniqueId('c', takenConn);
    takenConn.add(id);
    connections.push({ ...c, id, from, to });
  }
  return {
    plan: {
      ...plan,
      nodes: [...plan.nodes, ...nodes],
      connections: [...plan.connections, ...connections],
    },
    nodeIds: nodes.map((n) => n.id),
  };
}

/** Zone colours offered to new zones, in order; readable on light and dark canvases. */
export const ZONE_COLORS = [
  '#3b82f6',
  '#10b981',
  '#f59e0b',
  '#ec4899',
  '#8b5cf6',
  '#06b6d4',
  '#ef4444',
  '#84cc16',
] as const;

/** Add a zone with a fresh id, name and colour. */
export function addZone(plan: Plan, name?: string): { plan: Plan; id: string } {
  const taken = new Set(plan.zones.map((z) => z.id));
  const id = uniqueId('zone', taken);
  const names = new Set(plan.zones.map((z) => z.name));
  let zoneName = name ?? '';
  for (let n = plan.zones.length + 1; zoneName === '' || names.has(zoneName); n++) {
    zoneName = `Zone ${n}`;
  }
  const zone: PlanZone = {
    id,
    name: zoneName,
    cidrs: [],
    color: ZONE_COLORS[plan.zones.length % ZONE_COLORS.length],
  };
  return { plan: { ...plan, zones: [...plan.zones, zone] }, id };
}

/** Replace fields of one zone; same plan when unchanged. New networks re-derive address zones. */
export function updateZone(plan: Plan, id: string, patch: Partial<PlanZone>): Plan {
  const out = updateZoneFields(plan, id, patch);
  return out !== plan && 'cidrs' in patch ? rezone(out) : out;
}

function updateZoneFields(plan: Plan, id: string, patch: Partial<PlanZone>): Plan {
  let changed = false;
  const zones = plan.zones.map((z) => {
    if (z.id !== id) return z;
    const next = { ...z, ...patch } as PlanZone;
    for (const key of Object.keys(patch)) {
      if (JSON.stringify(next[key]) !== JSON.stringify(z[key])) changed = true;
    }
    return next;
  });
  return changed ? { ...plan, zones } : plan;
}

/** Remove a zone; its nodes are left in no zone. */
export function removeZone(plan: Plan, id: string): Plan {
  if (!plan.zones.some((z) => z.id === id)) return plan;
  return {
    ...plan,
    zones: plan.zones.filter((z) => z.id !== id),
    nodes: plan.nodes.map((n) => (n.zone === id ? { ...n, zone: null } : n)),
  };
}

/**
 * Put nodes into a zone (or none with null) by hand: pinned unless the address gives that zone,
 * and moved into the zone's frame.
 */
export function assignZone(plan: Plan, nodeIds: ReadonlySet<string>, zone: string | null): Plan {
  const changed: string[] = [];
  const nodes = plan.nodes.map((n) => {
    if (!nodeIds.has(n.id) || (n.zone ?? null) === zone) return n;
    changed.push(n.id);
    const next: Record<string, unknown> = { ...n, zone };
    if (zoneForAddresses(n.addresses, plan.zones) !== zone) next.zonePinned = true;
    else delete next.zonePinned;
    return next as PlanNode;
  });
  return changed.length > 0 ? moveIntoZones({ ...plan, nodes }, changed) : plan;
}
