// The flows table's layout, at the sizes a large plan reaches.
import { describe, expect, it } from 'vitest';
import { formatTable } from './flows';

describe('formatTable', () => {
  it('pads every column but the last to its widest cell, header included', () => {
    expect(
      formatTable(
        ['A', 'BBBB', 'C'],
        [
          ['xx', 'y', 'last'],
          ['x', '', ''],
        ],
      ),
    ).toBe(['A   BBBB  C', '--  ----  ----', 'xx  y     last', 'x'].join('\n'));
  });

  it('lays out 300 000 rows (a spread of the rows into Math.max would overflow the stack)', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [`c${i}`, 'tcp', '443']);
    const lines = formatTable(['CONNECTION', 'PROTO', 'PORTS'], rows).split('\n');
    expect(lines).toHaveLength(300_002);
    expect(lines[2]).toBe('c0          tcp    443');
    expect(lines.at(-1)).toBe('c299999     tcp    443');
  });
});
