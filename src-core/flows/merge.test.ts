// mergeFlows against the plain reference definition (group by string key, one sort), on random flows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../catalog/types';
import { compareStrings } from '../util/compare';
import { mergeFlows } from './merge';
import { coalescePorts } from './ports';
import type { Flow, MergedFlow } from './types';

/** The definition: group by (from, to, protocol), coalesce, sort by the three keys. */
function reference(flows: readonly Flow[]): MergedFlow[] {
  const groups = new Map<string, Flow[]>();
  for (const f of flows) {
    if (f.local) continue;
    const key = JSON.stringify([f.from, f.to, f.protocol]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()]
    .map((g) => ({
      from: g[0]!.from,
      to: g[0]!.to,
      protocol: g[0]!.protocol,
      ports: coalescePorts(g.map((f) => f.ports)),
      flows: g,
    }))
    .sort(
      (a, b) =>
        compareStrings(a.from, b.from) ||
        compareStrings(a.to, b.to) ||
        compareStrings(a.protocol, b.protocol),
    );
}

const ids = fc.constantFrom('a', 'b', 'B', 'a1', 'a10', 'a2', 'é', 'z-9', '10', '9', '_');
const port = fc.integer({ min: 1, max: 65535 });

function flowArb(protocols: fc.Arbitrary<string>): fc.Arbitrary<Flow> {
  return fc
    .record({
      from: ids,
      to: ids,
      protocol: protocols,
      a: port,
      b: port,
      local: fc.boolean(),
      rule: fc.constantFrom('r1', 'r2', 'r3'),
    })
    .map((r, i = 0) => ({
      id: `c:${r.from}>${r.to}:${r.rule}:${i}`,
      connection: r.local ? null : 'c',
      from: r.from,
      to: r.local ? r.from : r.to,
      protocol: r.protocol as Protocol,
      ports: { start: Math.min(r.a, r.b), end: Math.max(r.a, r.b) },
      rule: r.rule,
      purpose: 'p',
      source: { document: 'd', table: 't', row: 1 },
      local: r.local,
      conditions: [],
    }));
}

describe('mergeFlows', () => {
  it('equals the reference definition (tcp/udp)', () => {
    fc.assert(
      fc.property(fc.array(flowArb(fc.constantFrom('tcp', 'udp')), { maxLength: 200 }), (flows) => {
        expect(mergeFlows(flows)).toEqual(reference(flows));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the reference with many protocol names (the string-key fallback)', () => {
    const many = fc.constantFrom(...Array.from({ length: 20 }, (_, i) => `p${i}`));
    fc.assert(
      fc.property(fc.array(flowArb(many), { maxLength: 200 }), (flows) => {
        expect(mergeFlows(flows)).toEqual(reference(flows));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps engine order inside a group and drops local flows', () => {
    const base = {
      connection: 'c1',
      from: 'x',
      to: 'y',
      protocol: 'tcp' as const,
      purpose: 'p',
      source: { document: 'd', table: 't', row: 1 },
      local: false,
      conditions: [],
    };
    const flows: Flow[] = [
      { ...base, id: '1', rule: 'r2', ports: { start: 30, end: 40 } },
      { ...base, id: '2', rule: 'r1', ports: { start: 10, end: 29 } },
      { ...base, id: '3', rule: 'r3', ports: { start: 5, end: 5 }, local: true, to: 'x' },
    ];
    const merged = mergeFlows(flows);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.flows.map((f) => f.id)).toEqual(['1', '2']);
    expect(merged[0]!.ports).toEqual([{ start: 10, end: 40 }]);
  });
});
