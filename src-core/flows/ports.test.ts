// Port parsing, formatting and coalescing, checked against brute-force port sets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortRange } from '../catalog/types';
import { coalescePorts, formatPorts, parsePorts } from './ports';

const range = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 3000 }))
  .map(([start, len]): PortRange => ({ start, end: Math.min(65535, start + len) }));

/** Every port covered by the ranges, as a bitmap. */
function bitmap(ranges: readonly PortRange[]): Uint8Array {
  const bits = new Uint8Array(65536);
  for (const r of ranges) bits.fill(1, r.start, r.end + 1);
  return bits;
}

/** First port where two bitmaps differ, or -1 (deep-equal on 64 KiB arrays is slow). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('parsePorts / formatPorts', () => {
  it.each([
    ['22', { start: 22, end: 22 }],
    ['2500-3300', { start: 2500, end: 3300 }],
    ['65535', { start: 65535, end: 65535 }],
    ['1-65535', { start: 1, end: 65535 }],
  ])('parses %s', (text, expected) => {
    expect(parsePorts(text)).toEqual(expected);
    expect(formatPorts(expected)).toBe(text);
  });

  it.each([
    '',
    '0',
    '65536',
    '3300-2500',
    ' 22',
    '22 ',
    '22-',
    '-22',
    'ssh',
    '2500 - 3300',
    '1e3',
    '22,23',
    '123456',
  ])('refuses %j', (text) => expect(parsePorts(text)).toBeNull());

  it('round-trips every valid range', () => {
    fc.assert(
      fc.property(range, (r) => {
        expect(parsePorts(formatPorts(r))).toEqual(r);
      }),
    );
  });

  it('never accepts something it cannot format back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const r = parsePorts(s);
        if (r === null) return;
        expect(r.start).toBeGreaterThanOrEqual(1);
        expect(r.end).toBeLessThanOrEqual(65535);
        expect(r.start).toBeLessThanOrEqual(r.end);
        expect(parsePorts(formatPorts(r))).toEqual(r);
      }),
    );
  });
});

describe('coalescePorts', () => {
  it('merges overlapping and adjacent ranges only', () => {
    expect(
      coalescePorts([
        { start: 445, end: 445 },
        { start: 2500, end: 3300 },
        { start: 22, end: 22 },
        { start: 3301, end: 3400 },
        { start: 2600, end: 2700 },
        { start: 23, end: 23 },
        { start: 25, end: 25 },
      ]),
    ).toEqual([
      { start: 22, end: 23 },
      { start: 25, end: 25 },
      { start: 445, end: 445 },
      { start: 2500, end: 3400 },
    ]);
    expect(coalescePorts([])).toEqual([]);
  });

  it('covers exactly the ports of its input, sorted, disjoint and non-adjacent', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 12 }), (ranges) => {
        const out = coalescePorts(ranges);
        expect(firstDifference(bitmap(out), bitmap(ranges))).toBe(-1);
        for (let i = 1; i < out.length; i++)
          expect(out[i]!.start).toBeGreaterThan(out[i - 1]!.end + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        fc
          .array(range, { maxLength: 10 })
          .chain((r) => fc.tuple(fc.constant(r), fc.shuffledSubarray(r, { minLength: r.length }))),
        ([a, b]) => {
          expect(coalescePorts(b)).toEqual(coalescePorts(a));
        },
      ),
    );
  });
});
