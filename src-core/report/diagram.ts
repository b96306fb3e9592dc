// The plan's diagram as a standalone SVG string: zones around their hosts, connections, labels.
import type { Catalog } from '../catalog/types';
import { componentType } from '../catalog/roles';
import type { Plan, PlanNode } from '../plan/types';
import { zoneKeys } from './risk';

/** Size of a host box in plan coordinates (close to the canvas node size). */
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 56;
const ZONE_PAD = 22;
const ZONE_LABEL = 40;
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

function finite(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/**
 * Draws the plan: node positions from the plan, a rectangle around the members of each zone
 * (with its name and networks), a line per connection. Every plan string is escaped.
 */
export function renderDiagram(plan: Plan, catalog: Catalog, title = 'Plan diagram'): DiagramSvg {
  const pos = (n: PlanNode): { x: number; y: number } => ({
    x: finite(n.position?.x),
    y: finite(n.position?.y),
  });
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
  // Members of every zone in one pass over the nodes (plan order kept within a zone).
  const keyOf = zoneKeys(plan);
  const membersOf = new Map<string, PlanNode[]>();
  for (const n of plan.nodes) {
    const key = keyOf(n);
    const list = membersOf.get(key);
    if (list) list.push(n);
    else membersOf.set(key, [n]);
  }
  plan.zones.forEach((zone, i) => {
    const members = membersOf.get(zone.id) ?? [];
    if (members.length === 0) return;
    const xs = members.map((n) => pos(n).x);
    const ys = members.map((n) => pos(n).y);
    // reduce, not Math.min(...xs): spreading a very large zone would exceed the call-stack limit.
    const least = (a: number, b: number) => (b < a ? b : a);
    const most = (a: number, b: number) => (b > a ? b : a);
    const x1 = xs.reduce(least) - ZONE_PAD;
    const y1 = ys.reduce(least) - ZONE_PAD - ZONE_LABEL;
    const x2 = xs.reduce(most) + NODE_WIDTH + ZONE_PAD;
    const y2 = ys.reduce(most) + NODE_HEIGHT + ZONE_PAD;
    grow(x1, y1, x2, y2);
    const colour = zone.color && HEX_COLOUR.test(zone.color) ? zone.color : '#555555';
    const label = clip(zone.name, 40);
    const cidrs = zone.cidrs.join(', ');
    zoneShapes.push(
      `<rect class="zone" x="${num(x1)}" y="${num(y1)}" width="${num(x2 - x1)}" height="${num(y2 - y1)}" rx="10" fill="${colour}" fill-opacity="0.06" stroke="${colour}" stroke-width="1.6" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`,
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
          ? `<rect x="${num(x1 + 6)}" y="${num(y1 + 22)}" width="${num(cidrWidth)}" height="15" fill="#fff" fill-opacity="0.85"/>` +
            `<text x="${num(x1 + 10)}" y="${num(y1 + 33)}" font-size="11" fill="#333">${escapeXml(cidrText)}</text>`
          : ''),
    );
  });

  const edges: string[] = [];
  for (const c of plan.connections) {
    const a = byId.get(c.from);
    const b = byId.get(c.to);
    if (!a || !b) continue;
    const pa = pos(a);
    const pb = pos(b);
    edges.push(
      `<line x1="${num(pa.x + NODE_WIDTH / 2)}" y1="${num(pa.y + NODE_HEIGHT / 2)}" x2="${num(pb.x + NODE_WIDTH / 2)}" y2="${num(pb.y + NODE_HEIGHT / 2)}"/>`,
    );
  }

  const boxes: string[] = [];
  for (const n of plan.nodes) {
    const { x, y } = pos(n);
    grow(x, y, x + NODE_WIDTH, y + NODE_HEIGHT);
    const type = componentType(catalog, n.type);
    const internet = type?.defaultOs === 'internet';
    boxes.push(
      `<g class="node"><title>${escapeXml(n.name)}</title>` +
        `<rect x="${num(x)}" y="${num(y)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="#fff" stroke="#111" stroke-width="${internet ? 1.2 : 1.4}"${internet ? ' stroke-dasharray="4 3"' : ''}/>` +
        `<text x="${num(x + 10)}" y="${num(y + 23)}" font-size="13" font-weight="700" fill="#111">${escapeXml(clip(n.name, 22))}</text>` +
        `<text x="${num(x + 10)}" y="${num(y + 42)}" font-size="11" fill="#333">${escapeXml(clip(type?.label ?? n.type, 28))}</text>` +
        `</g>`,
    );
  }

  if (plan.nodes.length === 0) grow(0, 0, 320, 60);
  const x0 = minX - MARGIN;
  const y0 = minY - MARGIN;
  const width = maxX - minX + 2 * MARGIN;
  const height = maxY - minY + 2 * MARGIN;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(width)} ${num(height)}" width="100%" preserveAspectRatio="xMidYMin meet" role="img" aria-label="${escapeXml(title)}" font-family="Inter, 'DejaVu Sans', Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    ...zoneShapes,
    `<g class="edges" stroke="#444" stroke-width="1.3" fill="none">${edges.join('')}</g>`,
    ...boxes,
    `<g class="zone-labels">${zoneLabels.join('')}</g>`,
    plan.nodes.length === 0
      ? `<text x="16" y="36" font-size="14" fill="#333">The plan has no hosts yet.</text>`
      : '',
    `</svg>`,
  );
  return { svg: parts.join(''), width, height };
}
