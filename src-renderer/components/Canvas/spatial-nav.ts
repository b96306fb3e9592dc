// Keyboard moves between canvas nodes by direction: the nearest node whose centre lies in a 90°
// cone towards the arrow pressed, distance along the arrow counting less than distance across it.
import type { Position } from '../../../src-core/plan/types';

export type Direction = 'left' | 'right' | 'up' | 'down';

/** The arrow key's direction, or null for other keys. */
export function arrowDirection(key: string): Direction | null {
  switch (key) {
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return null;
  }
}

/**
 * The node to move to from `from` in `direction`, by top-left positions (every node has the same
 * size, so they compare like centres); null when no node lies that way. Ties go to the lower id so
 * the answer is stable.
 */
export function nearestInDirection(
  positions: ReadonlyMap<string, Position>,
  from: string,
  direction: Direction,
): string | null {
  const here = positions.get(from);
  if (!here) return null;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [id, p] of positions) {
    if (id === from) continue;
    const dx = p.x - here.x;
    const dy = p.y - here.y;
    const along =
      direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const across = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0 || across > along) continue;
    const score = along + 2 * across;
    if (score < bestScore || (score === bestScore && best !== null && id < best)) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}
