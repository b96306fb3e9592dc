// Arrow-key navigation between canvas nodes.
import { describe, expect, it } from 'vitest';
import { arrowDirection, nearestInDirection } from './spatial-nav';

const grid = new Map([
  ['c', { x: 0, y: 0 }],
  ['r', { x: 300, y: 20 }],
  ['far-r', { x: 900, y: 0 }],
  ['l', { x: -300, y: 0 }],
  ['d', { x: 0, y: 200 }],
  ['diag', { x: 300, y: 260 }],
]);

describe('nearestInDirection', () => {
  it('picks the nearest node in the arrow’s cone', () => {
    expect(nearestInDirection(grid, 'c', 'right')).toBe('r');
    expect(nearestInDirection(grid, 'c', 'left')).toBe('l');
    expect(nearestInDirection(grid, 'c', 'down')).toBe('d');
    expect(nearestInDirection(grid, 'c', 'up')).toBeNull();
    expect(nearestInDirection(grid, 'd', 'right')).toBe('diag');
    expect(nearestInDirection(grid, 'r', 'right')).toBe('far-r');
  });

  it('returns null for an unknown start and maps only arrow keys', () => {
    expect(nearestInDirection(grid, 'nope', 'right')).toBeNull();
    expect(arrowDirection('ArrowUp')).toBe('up');
    expect(arrowDirection('a')).toBeNull();
  });
});
