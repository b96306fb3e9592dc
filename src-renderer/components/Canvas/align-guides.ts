// Alignment guides while dragging: the lines through the dragged node that other nodes line up
// with (same column or row of centres, or a shared edge), as in a diagram tool.
import { NODE_HEIGHT, NODE_WIDTH } from '../../../src-core/layout/geometry';
import type { Position } from '../../../src-core/plan/types';

/** One guide: a vertical line at x (from y0 to y1) or a horizontal line at y (x0 to x1). */
export interface Guide {
  readonly axis: 'x' | 'y';
  /** The line's coordinate across its axis. */
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

const TOLERANCE = 0.5;

/**
 * Guides for node `id` at its live position: a vertical guide when another node's left edge,
 * centre or right edge is at the same x (nodes share one size, so these coincide in pairs), a
 * horizontal one likewise for y. Each guide spans the aligned nodes.
 */
export function alignmentGuides(positions: ReadonlyMap<string, Position>, id: string): Guide[] {
  const p = positions.get(id);
  if (!p) return [];
  const cx = p.x + NODE_WIDTH / 2;
  const cy = p.y + NODE_HEIGHT / 2;
  // Spans of the vertical (v) and horizontal (h) guide; NaN until a node lines up.
  let v0 = NaN;
  let v1 = NaN;
  let h0 = NaN;
  let h1 = NaN;
  for (const [other, q] of positions) {
    if (other === id) continue;
    if (Math.abs(q.x - p.x) < TOLERANCE) {
      const y = q.y + NODE_HEIGHT / 2;
      v0 = Math.min(Number.isNaN(v0) ? cy : v0, y);
      v1 = Math.max(Number.isNaN(v1) ? cy : v1, y);
    }
    if (Math.abs(q.y - p.y) < TOLERANCE) {
      const x = q.x + NODE_WIDTH / 2;
      h0 = Math.min(Number.isNaN(h0) ? cx : h0, x);
      h1 = Math.max(Number.isNaN(h1) ? cx : h1, x);
    }
  }
  const out: Guide[] = [];
  if (!Number.isNaN(v0)) out.push({ axis: 'x', at: cx, from: v0, to: v1 });
  if (!Number.isNaN(h0)) out.push({ axis: 'y', at: cy, from: h0, to: h1 });
  return out;
}
