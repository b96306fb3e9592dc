// Auto-layout with elkjs's layered algorithm: zones are compound nodes (their nodes stay inside,
// frames never overlap), edges are routed orthogonally and their bend points returned so the plan
// keeps them. elkjs is plain JavaScript without DOM, so this runs in the app, the CLI and tests.
import type { Plan, Position } from '../plan/types';
import { NODE_HEIGHT, NODE_WIDTH, ZONE_LABEL, ZONE_PAD } from './geometry';
import { appendAll } from '../util/arrays';
import { compareStrings } from '../util/compare';

/** Result of a layout: a position per node and bend points per connection (absent: straight). */
export interface PlanLayout {
  readonly positions: ReadonlyMap<string, Position>;
  readonly bends: ReadonlyMap<string, readonly Position[]>;
}

interface ElkPoint {
  x: number;
  y: number;
}
interface ElkSection {
  startPoint: ElkPoint;
  endPoint: ElkPoint;
  bendPoints?: ElkPoint[];
}
interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  sections?: ElkSection[];
}
/** elk's JSON graph, as far as used here. */
export interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  edges?: ElkEdge[];
  layoutOptions?: Record<string, string>;
}
/** The part of elk's API used here. */
export interface ElkEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** Where the drawing starts (room for the canvas's controls and the zone labels). */
const ORIGIN = 40;
const GRID = 20;

const COMMON: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': '24',
  'elk.spacing.edgeEdge': '12',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.spacing.componentComponent': '80',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/**
 * Largest plan given to elk. Its layered algorithm with orthogonal routing grows much faster than
 * the plan (measured on the shared build machine: 15 nodes 0.8 s, 100 nodes / 400 connections 5 s,
 * 300 / 1 200 about 27 s), so bigger plans get the zone grid (gridLayout) in milliseconds.
 */
export const ELK_LIMIT = { nodes: 120, connections: 480 } as const;

/** The elk instance to use: elk's own bundle on this thread unless the caller passes one. */
export type ElkFactory = () => Promise<ElkEngine>;

let engine: Promise<ElkEngine> | null = null;

/** elk is loaded on first use: it is a large module that most sessions never need. */
const bundledElk: ElkFactory = () => {
  engine ??= import('elkjs/lib/elk.bundled.js').then(
    (m) => new (m.default as unknown as new () => ElkEngine)(),
  );
  return engine;
};

function nodeKey(id: string): string {
  return `n:${id}`;
}

/**
 * Lay the plan out. Zones with nodes become compound nodes padded by the frame's margins, so the
 * frames drawn around their members (geometry.zoneFrames) stay inside elk's boxes, which never
 * overlap. Node positions are rounded to the canvas grid (moves snap to it anyway); bends are
 * adjusted to the rounded boxes (alignBends).
 */
export async function layoutPlan(plan: Plan, elk: ElkFactory = bundledElk): Promise<PlanLayout> {
  if (plan.nodes.length > ELK_LIMIT.nodes || plan.connections.length > ELK_LIMIT.connections) {
    return gridLayout(plan);
  }
  const zoneIds = new Set(plan.zones.map((z) => z.id));
  const groups = new Map<string, ElkNode>();
  const top: ElkNode[] = [];
  const nodeIds = new Set<string>();
  for (const n of plan.nodes) {
    nodeIds.add(n.id);
    const leaf: ElkNode = { id: nodeKey(n.id), width: NODE_WIDTH, height: NODE_HEIGHT };
    const zone = n.zone && zoneIds.has(n.zone) ? n.zone : null;
    if (!zone) {
      top.push(leaf);
      continue;
    }
    let g = groups.get(zone);
    if (!g) {
      g = {
        id: `z:${zone}`,
        children: [],
        // Options are not inherited into compound nodes: repeat them for each zone.
        layoutOptions: {
          ...COMMON,
          'elk.padding': `[top=${ZONE_PAD + ZONE_LABEL + 4},left=${ZONE_PAD + 4},bottom=${ZONE_PAD + 4},right=${ZONE_PAD + 4}]`,
        },
      };
      groups.set(zone, g);
      top.push(g);
    }
    g.children!.push(leaf);
  }
  const edges: ElkEdge[] = plan.connections
    .filter((c) => nodeIds.has(c.from) && nodeIds.has(c.to) && c.from !== c.to)
    .map((c) => ({ id: c.id, sources: [nodeKey(c.from)], targets: [nodeKey(c.to)] }));
  const graph: ElkNode = {
    id: 'root',
    children: top,
    edges,
    layoutOptions: {
      ...COMMON,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      // Every coordinate relative to the root, so nested edges need no container offsets.
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
    },
  };
  const laid = await (await elk()).layout(graph);

  const positions = new Map<string, Position>();
  const visit = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      if (child.id.startsWith('n:')) {
        const x = ORIGIN + (child.x ?? 0);
        const y = ORIGIN + (child.y ?? 0);
        positions.set(child.id.slice(2), {
          x: Math.round(x / GRID) * GRID,
          y: Math.round(y / GRID) * GRID,
        });
      } else visit(child);
    }
  };
  visit(laid);

  const bends = new Map<string, readonly Position[]>();
  const allEdges: ElkEdge[] = [];
  const collect = (node: ElkNode): void => {
    appendAll(allEdges, node.edges ?? []);
    for (const child of node.children ?? []) collect(child);
  };
  collect(laid);
  const byId = new Map(plan.connections.map((c) => [c.id, c]));
  for (const e of allEdges) {
    const c = byId.get(e.id);
    const section = e.sections?.[0];
    if (!c || !section) continue;
    const source = positions.get(c.from);
    const target = positions.get(c.to);
    if (!source || !target) continue;
    const points = alignBends(section, source, target);
    if (points.length > 0) bends.set(c.id, points);
  }
  return { positions, bends };
}

/**
 * The layout of a plan too big for elk: each zone a grid of its nodes (sorted by type, then name, so
 * nodes of a kind sit together), zones packed left to right in rows, nodes in no zone last. Frames
 * never overlap; connections have no bends and are drawn as elbows.
 */
export function gridLayout(plan: Plan): PlanLayout {
  const groups = new Map<string, Plan['nodes'][number][]>();
  const zoneIds = new Set(plan.zones.map((z) => z.id));
  const order = [...plan.zones.map((z) => z.id), ''];
  for (const n of plan.nodes) {
    const key = n.zone && zoneIds.has(n.zone) ? n.zone : '';
    const list = groups.get(key);
    if (list) list.push(n);
    else groups.set(key, [n]);
  }
  const cellW = NODE_WIDTH + 40;
  const cellH = NODE_HEIGHT + 40;
  const rowWidth = 6000;
  const positions = new Map<string, Position>();
  let x = ORIGIN;
  let y = ORIGIN;
  let rowHeight = 0;
  for (const key of order) {
    const members = groups.get(key);
    if (!members) continue;
    members.sort((a, b) => compareStrings(a.type, b.type) || compareStrings(a.name, b.name));
    const cols = Math.max(1, Math.ceil(Math.sqrt(members.length * 1.6)));
    const rows = Math.ceil(members.length / cols);
    const width = cols * cellW - 40 + 2 * (ZONE_PAD + 20);
    const height = rows * cellH - 40 + 2 * (ZONE_PAD + 20) + ZONE_LABEL;
    if (x > ORIGIN && x + width > rowWidth) {
      x = ORIGIN;
      y += rowHeight + 60;
      rowHeight = 0;
    }
    const x0 = x + ZONE_PAD + 20;
    const y0 = y + ZONE_PAD + 20 + ZONE_LABEL;
    members.forEach((n, i) => {
      positions.set(n.id, {
        x: Math.ceil((x0 + (i % cols) * cellW) / GRID) * GRID,
        y: Math.ceil((y0 + Math.floor(i / cols) * cellH) / GRID) * GRID,
      });
    });
    x += width + 60;
    rowHeight = Math.max(rowHeight, height);
  }
  return { positions, bends: new Map() };
}

/**
 * elk's bend points in plan coordinates, still meeting the end nodes orthogonally after those were
 * rounded to the grid: the first bend's coordinate along the source's side is clamped into the
 * source's (rounded) box, the last bend's into the target's. Clamping that one coordinate keeps the
 * next segment horizontal or vertical, because it runs along the other axis.
 */
function alignBends(section: ElkSection, source: Position, target: Position): Position[] {
  const out = (section.bendPoints ?? []).map((p) => ({ x: p.x + ORIGIN, y: p.y + ORIGIN }));
  const clampInto = (i: number, horizontal: boolean, box: Position): void => {
    const p = out[i]!;
    const inset = 6;
    out[i] = horizontal
      ? { x: p.x, y: clamp(p.y, box.y + inset, box.y + NODE_HEIGHT - inset) }
      : { x: clamp(p.x, box.x + inset, box.x + NODE_WIDTH - inset), y: p.y };
  };
  const first = section.bendPoints?.[0];
  const last = section.bendPoints?.[section.bendPoints.length - 1];
  if (!first || !last) return [];
  clampInto(0, Math.abs(section.startPoint.y - first.y) < 0.5, source);
  clampInto(out.length - 1, Math.abs(section.endPoint.y - last.y) < 0.5, target);
  return out.map(round);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round(p: Position): Position {
  return { x: Math.round(p.x * 2) / 2, y: Math.round(p.y * 2) / 2 };
}
