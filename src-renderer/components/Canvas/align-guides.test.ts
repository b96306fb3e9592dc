// Alignment guides while dragging.
import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from '../../../src-core/layout/geometry';
import { alignmentGuides } from './align-guides';

describe('alignmentGuides', () => {
  it('draws a vertical guide for a shared column and a horizontal one for a shared row', () => {
    const positions = new Map([
      ['d', { x: 100, y: 100 }],
      ['col', { x: 100, y: 400 }],
      ['row', { x: 600, y: 100 }],
      ['off', { x: 333, y: 777 }],
    ]);
    expect(alignmentGuides(positions, 'd')).toEqual([
      {
        axis: 'x',
        at: 100 + NODE_WIDTH / 2,
        from: 100 + NODE_HEIGHT / 2,
        to: 400 + NODE_HEIGHT / 2,
      },
      {
        axis: 'y',
        at: 100 + NODE_HEIGHT / 2,
        from: 100 + NODE_WIDTH / 2,
        to: 600 + NODE_WIDTH / 2,
      },
    ]);
    expect(alignmentGuides(positions, 'off')).toEqual([]);
    expect(alignmentGuides(positions, 'missing')).toEqual([]);
  });
});
