// appendAll, maxOf and minOf agree with the spread forms and hold at sizes the spread forms cannot.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendAll, maxOf, minOf, sortStable } from './arrays';

describe('array helpers', () => {
  it('agree with push(...), Math.max(...) and Math.min(...) on small arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer()), (a, b) => {
        expect(appendAll([...a], b)).toEqual([...a, ...b]);
        if (b.length > 0) {
          expect(maxOf(b)).toBe(Math.max(...b));
          expect(minOf(b)).toBe(Math.min(...b));
        }
      }),
    );
  });

  it('answer the empty value for no values', () => {
    expect(maxOf([])).toBe(-Infinity);
    expect(maxOf([], 0)).toBe(0);
    expect(minOf([], 7)).toBe(7);
  });

  it('hold a million items, where the spread forms overflow the stack', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => Math.max(...big)).toThrow(RangeError);
    expect(maxOf(big)).toBe(999_999);
    expect(minOf(big)).toBe(0);
    expect(appendAll([-1], big)).toHaveLength(1_000_001);
  });

  it('sortStable orders exactly as Array.prototype.sort, ties kept in order, at any length', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ k: fc.integer({ min: 0, max: 5 }), i: fc.nat() })), (a) => {
        const byKey = (x: { k: number }, y: { k: number }) => x.k - y.k;
        expect(sortStable([...a], byKey)).toEqual([...a].sort(byKey));
      }),
    );
  });
});
