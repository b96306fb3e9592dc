// Diagram geometry shared by the canvas and the change request's SVG: node boxes, zone frames
// (including frames of zones with no node), where a node goes into a zone, and the orthogonal route
// of a connection through the bend points the layout stored in the plan.
import type { Plan, PlanConnection, PlanNode, Position } from '../plan/types';
import { maxOf, minOf } from '../util/arrays';

/** Size every node is drawn with, on the canvas and in the report. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;
/** Space between a zone's frame and its nodes. */
export const ZONE_PAD = 20;
/** Height of the band at the top of a frame holding the zone's name and networks. */
export const ZONE_LABEL = 36;
/** Size of the frame of a zone with no node. */
export const EMPTY_ZONE_WIDTH = NODE_WIDTH + 2 * ZONE_PAD + 60;
export const EMPTY_ZONE_HEIGHT = NODE_HEIGHT + 2 * ZONE_PAD + ZONE_LABEL;
/** Gap between the drawing and the column of empty zone frames, and between those frames. */
const EMPTY_ZONE_GAP = 60;

/** An axis-aligned rectangle. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The frame drawn for one zone. */
export interface ZoneFrame extends Box {
  readonly zone: string;
  /** True when the zone has no node: the frame sits in the column right of the drawing. */
  readonly empty: boolean;
}

function finite(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** A node's position with non-numbers read as 0 (a report must render any loaded plan). */
export function nodePosition(n: Pick<PlanNode, 'position'>): Position {
  return { x: finite(n.position?.x), y: finite(n.position?.y) };
}

/** The box of a node at a position. */
export function nodeBox(p: Position): Box {
  return { x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT };
}

/** True when two boxes share interior area (touching edges do not count). */
export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** True when a point lies inside a box (edges included). */
export function boxContains(b: Box, p: Position): boolean {
  return p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
}

/** The frame around boxes at these positions. */
function frameAround(positions: readonly Position[]): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of positions) {
    if (p.x < x0) x0 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.x + NODE_WIDTH > x1) x1 = p.x + NODE_WIDTH;
    if (p.y + NODE_HEIGHT > y1) y1 = p.y + NODE_HEIGHT;
  }
  if (!Number.isFinite(x0)) return null;
  return {
    x: x0 - ZONE_PAD,
    y: y0 - ZONE_PAD - ZONE_LABEL,
    width: x1 - x0 + 2 * ZONE_PAD,
    height: y1 - y0 + 2 * ZONE_PAD + ZONE_LABEL,
  };
}

/** Bounds of boxes (null for none). */
export function unionBox(boxes: Iterable<Box>): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/**
 * Frames of every zone of the plan, in zone order: a zone with nodes is framed around them; a zone
 * with none gets a fixed-size frame in a column right of everything else, so it is visible and a
 * node can be dropped into it. `positions` overrides plan positions (live positions while dragging);
 * nodes in `exclude` are left out (the nodes being dragged, when asking where they were dropped).
 * The column of empty frames is placed from the plan's own positions only, so it stays put while a
 * node is dragged towards it.
 */
export function zoneFrames(
  plan: Pick<Plan, 'zones' | 'nodes'>,
  positions?: ReadonlyMap<string, Position>,
  exclude?: ReadonlySet<string>,
): ZoneFrame[] {
  const live = framesAround(plan, positions, exclude);
  const committed = positions || exclude ? framesAround(plan) : live;
  const drawing = unionBox([
    ...plan.nodes.map((n) => nodeBox(nodePosition(n))),
    ...committed.values(),
  ]);
  let x = drawing ? drawing.x + drawing.width + EMPTY_ZONE_GAP : 0;
  let y = drawing ? drawing.y : 0;
  if (!drawing) x = 0;
  const out: ZoneFrame[] = [];
  for (const z of plan.zones) {
    const f = live.get(z.id);
    if (f) {
      out.push({ zone: z.id, empty: false, ...f });
      continue;
    }
    out.push({ zone: z.id, empty: true, x, y, width: EMPTY_ZONE_WIDTH, height: EMPTY_ZONE_HEIGHT });
    y += EMPTY_ZONE_HEIGHT + EMPTY_ZONE_GAP / 2;
  }
  return out;
}

/** Frames around the members of each zone that has some (by zone id). */
function framesAround(
  plan: Pick<Plan, 'zones' | 'nodes'>,
  positions?: ReadonlyMap<string, Position>,
  exclude?: ReadonlySet<string>,
): Map<string, Box> {
  const members = new Map<string, Position[]>();
  const known = new Set(plan.zones.map((z) => z.id));
  for (const n of plan.nodes) {
    if (exclude?.has(n.id) || !n.zone || !known.has(n.zone)) continue;
    const p = positions?.get(n.id) ?? nodePosition(n);
    const list = members.get(n.zone);
    if (list) list.push(p);
    else members.set(n.zone, [p]);
  }
  const out = new Map<string, Box>();
  for (const [zone, list] of members) {
    const box = frameAround(list);
    if (box) out.set(zone, box);
  }
  return out;
}

/**
 * The zone whose frame holds a point, or null. Where frames overlap (nodes placed by hand), the
 * smallest frame wins: it is the one drawn on top and the more specific drop target.
 */
export function zoneAt(frames: readonly ZoneFrame[], p: Position): string | null {
  let best: ZoneFrame | null = null;
  for (const f of frames) {
    if (!boxContains(f, p)) continue;
    if (!best || f.width * f.height < best.width * best.height) best = f;
  }
  return best?.zone ?? null;
}

/** Grid positions in zone frames are rounded to, so placed nodes line up with dragged ones. */
const GRID = 20;
const snapUp = (v: number) => Math.ceil(v / GRID) * GRID;

/**
 * Where to put a node that has just joined a zone so it sits inside that zone's frame: where it is
 * when it is the zone's first node and its frame would meet no other (else inside the empty zone's
 * frame), otherwise next to the zone's other nodes (right of the rightmost in its row,
 * or under the lowest one), choosing the first spot whose grown frame meets no other zone's frame
 * and no other node. Null when the node already lies inside the frame.
 */
export function placeInZone(
  plan: Pick<Plan, 'zones' | 'nodes'>,
  nodeId: string,
  zoneId: string,
): Position | null {
  const node = plan.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const others = plan.nodes.filter((n) => n.id !== nodeId);
  const frames = zoneFrames({ zones: plan.zones, nodes: others });
  const frame = frames.find((f) => f.zone === zoneId);
  if (!frame) return null;
  const here = nodePosition(node);
  const centre = { x: here.x + NODE_WIDTH / 2, y: here.y + NODE_HEIGHT / 2 };
  if (!frame.empty && boxContains(frame, centre)) return null;
  const otherFrames = frames.filter((f) => f.zone !== zoneId && !f.empty);
  if (frame.empty) {
    // The zone's first node: its frame forms around it where it is, unless that would lie over
    // another zone's frame; then it goes into the empty zone's frame in the column.
    const own = frameAround([here]);
    if (own && !otherFrames.some((f) => boxesIntersect(f, own))) return null;
    return { x: snapUp(frame.x + ZONE_PAD), y: snapUp(frame.y + ZONE_PAD + ZONE_LABEL) };
  }
  const members = others.filter((n) => n.zone === zoneId).map(nodePosition);
  const right = maxOf(members.map((p) => p.x));
  const bottom = maxOf(members.map((p) => p.y));
  const left = minOf(members.map((p) => p.x));
  const top = minOf(members.map((p) => p.y));
  const candidates: Position[] = [
    { x: snapUp(right + NODE_WIDTH + 40), y: snapUp(top) },
    { x: snapUp(left), y: snapUp(bottom + NODE_HEIGHT + 40) },
    { x: snapUp(right + NODE_WIDTH + 40), y: snapUp(bottom) },
  ];
  const otherBoxes = others.filter((n) => n.zone !== zoneId).map((n) => nodeBox(nodePosition(n)));
  for (const c of candidates) {
    const grown = frameAround([...members, c]);
    if (!grown) continue;
    const clash =
      otherFrames.some((f) => boxesIntersect(f, grown)) ||
      otherBoxes.some((b) => boxesIntersect(b, grown));
    if (!clash) return c;
  }
  return candidates[1] ?? null;
}

/** Points of a connection's line, first on the source box's border, last on the target's. */
export type Route = readonly Position[];

function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.5;
}

/** The point where an orthogonal segment through `p` leaves box `b`, or null when none does. */
function orthogonalExit(b: Box, p: Position): Position | null {
  if (p.x >= b.x && p.x <= b.x + b.width) {
    if (p.y <= b.y) return { x: p.x, y: b.y };
    if (p.y >= b.y + b.height) return { x: p.x, y: b.y + b.height };
  }
  if (p.y >= b.y && p.y <= b.y + b.height) {
    if (p.x <= b.x) return { x: b.x, y: p.y };
    if (p.x >= b.x + b.width) return { x: b.x + b.width, y: p.y };
  }
  return null;
}

/** True when every step of the polyline is horizontal or vertical. */
function orthogonal(points: readonly Position[]): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (!near(a.x, b.x) && !near(a.y, b.y)) return false;
  }
  return true;
}

/** An elbow between two boxes: out of the facing sides, one turn pair at the middle. */
function elbow(a: Box, b: Box): Route {
  const ca = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  const cb = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const sideBySide = a.x + a.width <= b.x || b.x + b.width <= a.x;
  if (
    sideBySide &&
    (Math.abs(dx) >= Math.abs(dy) || (a.y + a.height > b.y && b.y + b.height > a.y))
  ) {
    const sx = dx > 0 ? a.x + a.width : a.x;
    const tx = dx > 0 ? b.x : b.x + b.width;
    if (near(ca.y, cb.y))
      return [
        { x: sx, y: ca.y },
        { x: tx, y: cb.y },
      ];
    const mx = (sx + tx) / 2;
    return [
      { x: sx, y: ca.y },
      { x: mx, y: ca.y },
      { x: mx, y: cb.y },
      { x: tx, y: cb.y },
    ];
  }
  const sy = dy > 0 ? a.y + a.height : a.y;
  const ty = dy > 0 ? b.y : b.y + b.height;
  if (near(ca.x, cb.x) || Math.sign(ty - sy) !== Math.sign(dy)) {
    // Overlapping boxes: a straight line between centres' borders is the least confusing.
    return [
      { x: ca.x, y: sy },
      { x: cb.x, y: ty },
    ];
  }
  const my = (sy + ty) / 2;
  return [
    { x: ca.x, y: sy },
    { x: ca.x, y: my },
    { x: cb.x, y: my },
    { x: cb.x, y: ty },
  ];
}

/**
 * The route of a connection between two node boxes. The bend points the layout stored are used
 * while they still fit the boxes (the first and last bend line up orthogonally with the end boxes
 * and every step is horizontal or vertical); otherwise, e.g. after a node moved, an elbow.
 */
export function routeConnection(from: Box, to: Box, bends?: readonly Position[]): Route {
  if (bends && bends.length > 0) {
    const first = bends[0]!;
    const last = bends[bends.length - 1]!;
    const start = orthogonalExit(from, first);
    const end = orthogonalExit(to, last);
    if (start && end) {
      const points = [start, ...bends, end];
      if (orthogonal(points)) return points;
    }
  }
  return elbow(from, to);
}

/** Bend points stored on a connection, when they are a well-formed list of finite points. */
export function connectionBends(c: PlanConnection): readonly Position[] | undefined {
  const b = c.bends;
  if (!Array.isArray(b)) return undefined;
  const ok = b.every(
    (p: unknown) =>
      typeof p === 'object' &&
      p !== null &&
      Number.isFinite((p as Position).x) &&
      Number.isFinite((p as Position).y),
  );
  return ok ? (b as readonly Position[]) : undefined;
}

/** The middle of a route by length, for its label, with the direction of the segment there. */
export function routeMidpoint(route: Route): Position & { readonly horizontal: boolean } {
  let total = 0;
  for (let i = 1; i < route.length; i++) total += dist(route[i - 1]!, route[i]!);
  let left = total / 2;
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const d = dist(a, b);
    if (d >= left && d > 0) {
      const t = left / d;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, horizontal: near(a.y, b.y) };
    }
    left -= d;
  }
  const p = route[0] ?? { x: 0, y: 0 };
  return { x: p.x, y: p.y, horizontal: true };
}

function dist(a: Position, b: Position): number {
  return Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
}

/** SVG path data of a route. */
export function routePath(route: Route): string {
  return route.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Length and half-width of an arrowhead. */
const ARROW_LENGTH = 10;
const ARROW_HALF = 4.5;

/**
 * SVG path of a filled arrowhead at the end (or, with `atStart`, the start) of a route, its tip on
 * the node's border, pointing along the last (first) segment.
 */
export function arrowHead(route: Route, atStart = false): string {
  if (route.length < 2) return '';
  const tip = atStart ? route[0]! : route[route.length - 1]!;
  let from = atStart ? route[1]! : route[route.length - 2]!;
  // A zero-length last segment has no direction: look one further back.
  if (route.length > 2 && dist(from, tip) < 0.5)
    from = atStart ? route[2]! : route[route.length - 3]!;
  const dx = tip.x - from.x;
  const dy = tip.y - from.y;
  const len = Math.hypot(dx, dy);
  if (len < 0.5) return '';
  const ux = dx / len;
  const uy = dy / len;
  const bx = tip.x - ux * ARROW_LENGTH;
  const by = tip.y - uy * ARROW_LENGTH;
  const p1 = { x: bx - uy * ARROW_HALF, y: by + ux * ARROW_HALF };
  const p2 = { x: bx + uy * ARROW_HALF, y: by - ux * ARROW_HALF };
  return `M${round(tip.x)},${round(tip.y)} L${round(p1.x)},${round(p1.y)} L${round(p2.x)},${round(p2.y)} Z`;
}
