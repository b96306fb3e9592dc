// The plan's diagram as a standalone SVG string, drawn with the canvas's geometry
// (src-core/layout/geometry.ts): the same node boxes, zone frames (empty zones included) and
// orthogonal routes through the bend points auto-layout stored, arrowheads by the flows' dominant
// direction and port counts on the lines, so the printed diagram is the one on screen.
import type { Catalog } from '../catalog/types';
import { componentType } from '../catalog/roles';
import type { Flow } from '../flows/types';
import { summariseEdge } from '../layout/edge-summary';
import {
  arrowHead,
  connectionBends,
  NODE_HEIGHT,
  NODE_WIDTH,
  nodeBox,
  nodePosition,
  routeConnection,
  routeMidpoint,
  routePath,
  zoneFrames,
} from '../layout/geometry';
import type { Plan, PlanNode } from '../plan/types';
import { appendAll } from '../util/arrays';

export { NODE_HEIGHT, NODE_WIDTH };
const MARGIN = 16;

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
  // One pass, and none for the common text without special characters: a large report escapes
  // hundreds of thousands of strings, and five chained replaces made five copies of each.
  return XML_SPECIAL.test(s) ? s.replace(XML_SPECIAL_ALL, (c) => XML_ENTITY[c] ?? c) : s;
}

const XML_SPECIAL = /[&<>"']/;
const XML_SPECIAL_ALL = /[&<>"']/g;
const XML_ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Dash patterns so zones differ in black and white too, not only by colour. */
const DASHES = ['6 4', '2 3', '10 4 2 4', '1 0', '8 3 2 3 2 3'];
const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}){1,2}$/;

export interface DiagramSvg {
  /** `<svg …>…</svg>`, with a viewBox; scales to its container. */
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/**
 * Draws the plan: node positions from the plan, each zone's frame (with its name and networks), a
 * line per connection along its route, with arrowheads and a port count when `flows` are given.
 * Every plan string is escaped.
 */
export function renderDiagram(
  plan: Plan,
  catalog: Catalog,
  title = 'Plan diagram',
  flows: readonly Flow[] = [],
): DiagramSvg {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const parts: string[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (x1: number, y1: number, x2: number, y2: number): void => {
    minX = Math.min(minX, x1);
    minY = Math.min(minY, y1);
    maxX = Math.max(maxX, x2);
    maxY = Math.max(maxY, y2);
  };

  const zoneShapes: string[] = [];
  const zoneLabels: string[] = [];
  const zonesById = new Map(plan.zones.map((z, i) => [z.id, { zone: z, index: i }]));
  for (const frame of zoneFrames(plan)) {
    const entry = zonesById.get(frame.zone);
    if (!entry) continue;
    const { zone, index } = entry;
    const x1 = frame.x;
    const y1 = frame.y;
    const x2 = frame.x + frame.width;
    const y2 = frame.y + frame.height;
    grow(x1, y1, x2, y2);
    const colour = zone.color && HEX_COLOUR.test(zone.color) ? zone.color : '#555555';
    const label = clip(zone.name, 40);
    const cidrs = zone.cidrs.join(', ');
    zoneShapes.push(
      `<rect class="zone" x="${num(x1)}" y="${num(y1)}" width="${num(x2 - x1)}" height="${num(y2 - y1)}" rx="10" fill="${colour}" fill-opacity="0.06" stroke="${colour}" stroke-width="1.6" stroke-dasharray="${DASHES[index % DASHES.length]}"/>`,
    );
    // Name and networks on two lines at the top left, each on a white backing rectangle so
    // overlapping hosts or edges never hide them. Widths are estimates (no font metrics here);
    // a stroke halo would be simpler but makes Chromium print the text as a Type 3 font.
    const room = (x2 - x1 - 16) / (11 * 0.58);
    const cidrText = clip(cidrs, Math.max(8, Math.floor(room)));
    const labelWidth = [...label].length * 13 * 0.64 + 8;
    const cidrWidth = [...cidrText].length * 11 * 0.6 + 8;
    zoneLabels.push(
      `<rect x="${num(x1 + 6)}" y="${num(y1 + 4)}" width="${num(labelWidth)}" height="18" fill="#fff" fill-opacity="0.85"/>` +
        `<text x="${num(x1 + 10)}" y="${num(y1 + 17)}" font-size="13" font-weight="700" fill="#111">${escapeXml(label)}</text>` +
        (cidrText
          ? `<rect x="${num(x1 + 6)}" y="${num(y1 + 21)}" width="${num(cidrWidth)}" height="15" fill="#fff" fill-opacity="0.85"/>` +
            `<text x="${num(x1 + 10)}" y="${num(y1 + 32)}" font-size="11" fill="#333">${escapeXml(cidrText)}</text>`
          : '') +
        (frame.empty
          ? `<text x="${num(x1 + frame.width / 2)}" y="${num(y1 + frame.height / 2 + 14)}" font-size="11" fill="#555" text-anchor="middle">no hosts</text>`
          : ''),
    );
  }

  // Flows by connection once, so each line's summary costs only its own flows.
  const flowsOf = new Map<string, Flow[]>();
  for (const f of flows) {
    if (!f.connection) continue;
    const list = flowsOf.get(f.connection);
    if (list) list.push(f);
    else flowsOf.set(f.connection, [f]);
  }
  const edges: string[] = [];
  const arrows: string[] = [];
  const labels: string[] = [];
  for (const c of plan.connections) {
    const a = byId.get(c.from);
    const b = byId.get(c.to);
    if (!a || !b || a === b) continue;
    const route = routeConnection(
      nodeBox(nodePosition(a)),
      nodeBox(nodePosition(b)),
      connectionBends(c),
    );
    edges.push(`<path d="${routePath(route)}"/>`);
    for (const p of route) grow(p.x, p.y, p.x, p.y);
    const own = flowsOf.get(c.id);
    if (!own) continue;
    const summary = summariseEdge(c, own);
    if (summary.direction === 'forward' || summary.direction === 'both') {
      arrows.push(`<path d="${arrowHead(route)}"/>`);
    }
    if (summary.direction === 'backward' || summary.direction === 'both') {
      arrows.push(`<path d="${arrowHead(route, true)}"/>`);
    }
    const mid = routeMidpoint(route);
    const text = `${summary.portCount} port${summary.portCount === 1 ? '' : 's'}`;
    const w = text.length * 9 * 0.6 + 8;
    labels.push(
      `<rect x="${num(mid.x - w / 2)}" y="${num(mid.y - 7)}" width="${num(w)}" height="14" rx="7" fill="#fff" stroke="#666" stroke-width="0.6"/>` +
        `<text x="${num(mid.x)}" y="${num(mid.y + 3)}" font-size="9" fill="#222" text-anchor="middle">${text}</text>`,
    );
  }

  const boxes: string[] = [];
  for (const n of plan.nodes) {
    const { x, y } = nodePosition(n);
    grow(x, y, x + NODE_WIDTH, y + NODE_HEIGHT);
    boxes.push(hostBox(n, x, y, catalog));
  }

  if (plan.nodes.length === 0 && plan.zones.length === 0) grow(0, 0, 320, 60);
  const x0 = minX - MARGIN;
  const y0 = minY - MARGIN;
  const width = maxX - minX + 2 * MARGIN;
  const height = maxY - minY + 2 * MARGIN;
  appendAll(parts, [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(width)} ${num(height)}" width="100%" preserveAspectRatio="xMidYMin meet" role="img" aria-label="${escapeXml(title)}" font-family="Inter, 'DejaVu Sans', Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    ...zoneShapes,
    `<g class="edges" stroke="#444" stroke-width="1.3" fill="none">${edges.join('')}</g>`,
    `<g class="arrows" fill="#444">${arrows.join('')}</g>`,
    ...boxes,
    `<g class="edge-labels">${labels.join('')}</g>`,
    `<g class="zone-labels">${zoneLabels.join('')}</g>`,
    plan.nodes.length === 0
      ? `<text x="${num(x0 + 16)}" y="${num(y0 + 36)}" font-size="14" fill="#333">The plan has no hosts yet.</text>`
      : '',
    `</svg>`,
  ]);
  return { svg: parts.join(''), width, height };
}

function hostBox(n: PlanNode, x: number, y: number, catalog: Catalog): string {
  const type = componentType(catalog, n.type);
  const internet = type?.defaultOs === 'internet';
  return (
    `<g class="node"><title>${escapeXml(n.name)}</title>` +
    `<rect x="${num(x)}" y="${num(y)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="#fff" stroke="#111" stroke-width="${internet ? 1.2 : 1.4}"${internet ? ' stroke-dasharray="4 3"' : ''}/>` +
    `<text x="${num(x + 10)}" y="${num(y + 26)}" font-size="13" font-weight="700" fill="#111">${escapeXml(clip(n.name, 24))}</text>` +
    `<text x="${num(x + 10)}" y="${num(y + 46)}" font-size="11" fill="#333">${escapeXml(clip(type?.label ?? n.type, 30))}</text>` +
    `</g>`
  );
}
