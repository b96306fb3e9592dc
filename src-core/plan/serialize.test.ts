// Canonical plan files: byte-stable saves, idempotent form, order-independence, small diffs.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffPlans } from '../diff/plan-diff';
import { planArbitrary } from '../export/__fixtures__/arbitrary';
import { parsePlanText, restorePlan } from './restore';
import { serializePlan } from './serialize';
import type { Plan } from './types';

function load(text: string): Plan {
  const result = parsePlanText(text);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.plan;
}

const loadable = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const coordinate = fc.double({ min: -5000, max: 5000, noNaN: true, noDefaultInfinity: true });

/** Random plans with sub-pixel positions, unknown fields, and lists and keys in random order. */
const messyPlan: fc.Arbitrary<Plan> = planArbitrary(loadable).chain((plan) =>
  fc
    .record({
      positions: fc.array(fc.tuple(coordinate, coordinate), {
        minLength: plan.nodes.length,
        maxLength: plan.nodes.length,
      }),
      order: fc.shuffledSubarray([...plan.nodes], {
        minLength: plan.nodes.length,
        maxLength: plan.nodes.length,
      }),
      connections: fc.shuffledSubarray([...plan.connections], {
        minLength: plan.connections.length,
        maxLength: plan.connections.length,
      }),
      roles: fc.shuffledSubarray(['backup-repository', 'guest-interaction-proxy'], {
        minLength: 0,
      }),
      // Unknown fields round-trip; keys JavaScript reserves are refused instead (fast-check
      // favours them in generated keys; input-hardening.test.ts covers the refusal).
      extra: fc.option(
        fc
          .dictionary(loadable, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
          .filter((v) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(v))),
        { nil: undefined },
      ),
      reverseKeys: fc.boolean(),
    })
    .map((r) => {
      const nodes = r.order.map((n) => {
        const i = plan.nodes.indexOf(n);
        const [x, y] = r.positions[i]!;
        const node = { ...n, position: { x, y }, extraRoles: i === 0 ? r.roles : n.extraRoles };
        return r.reverseKeys ? Object.fromEntries(Object.entries(node).reverse()) : node;
      });
      return {
        ...plan,
        ...(r.extra ? { 'x-future': r.extra } : {}),
        nodes,
        connections: r.connections,
      } as Plan;
    }),
);

describe('serializePlan', () => {
  it.each(['all-in-one', 'distributed'])('writes the %s sample back byte for byte', (name) => {
    const text = readFileSync(`resources/samples/${name}.portolan.json`, 'utf8');
    expect(serializePlan(load(text))).toBe(text);
  });

  it('saving twice is byte-identical, also after loading what was saved', () => {
    fc.assert(
      fc.property(messyPlan, (plan) => {
        const once = serializePlan(plan);
        expect(serializePlan(plan)).toBe(once);
        expect(serializePlan(load(once))).toBe(once);
        expect(once.endsWith('}\n')).toBe(true);
        expect(once.endsWith('\n\n')).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('canonical(canonical(x)) is canonical(x)', () => {
    fc.assert(
      fc.property(messyPlan, (plan) => {
        const once = serializePlan(plan);
        expect(serializePlan(JSON.parse(once) as Plan)).toBe(once);
      }),
      { numRuns: 100 },
    );
  });

  it('loading the canonical form gives the same plan: no change but positions within half a pixel', () => {
    fc.assert(
      fc.property(messyPlan, (plan) => {
        const restored = load(serializePlan(plan));
        const diff = diffPlans(plan, restored);
        expect(diff.nodes.added).toEqual([]);
        expect(diff.nodes.removed).toEqual([]);
        expect(diff.connections).toEqual({ added: [], removed: [] });
        expect(diff.flows).toEqual({ added: [], removed: [] });
        for (const c of diff.nodes.changed) {
          // Only the rounding of the position, and the order of the extra-role set.
          for (const f of c.fields) expect(['position', 'extraRoles']).toContain(f.field);
          expect(Math.abs(c.new.position.x - c.old.position.x)).toBeLessThanOrEqual(0.5);
          expect(Math.abs(c.new.position.y - c.old.position.y)).toBeLessThanOrEqual(0.5);
          expect([...c.new.extraRoles].sort()).toEqual([...c.old.extraRoles].sort());
        }
        // Compared as JSON: the value a file can hold (JSON has no -0).
        const json = (v: unknown) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
        expect(restored['x-future']).toEqual(json(plan['x-future']));
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on key order or on the order of nodes, zones and connections', () => {
    fc.assert(
      fc.property(messyPlan, (plan) => {
        const reversed = {
          ...Object.fromEntries(Object.entries(plan).reverse()),
          nodes: [...plan.nodes].reverse(),
          zones: [...plan.zones].reverse(),
          connections: [...plan.connections].reverse(),
        } as unknown as Plan;
        expect(serializePlan(reversed)).toBe(serializePlan(plan));
      }),
      { numRuns: 60 },
    );
  });

  it('a one-node edit changes only that node’s lines', () => {
    const plan = load(readFileSync('resources/samples/distributed.portolan.json', 'utf8'));
    const before = serializePlan(plan).split('\n');
    const edited: Plan = {
      ...plan,
      nodes: [...plan.nodes]
        .reverse()
        .map((n) =>
          n.id === 'w2' ? { ...n, name: 'WORKER02-NEW', position: { x: 1.4, y: 2.6 } } : n,
        ),
    };
    const after = serializePlan(edited).split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual(['      "name": "WORKER02-NEW",', '        "x": 1,', '        "y": 3']);
  });

  it('keeps unknown fields at every level, sorted, and sorts id-bearing lists it does not know', () => {
    const result = restorePlan({
      format: 'portolan-plan',
      version: 1,
      name: 'p',
      catalog: 'vbr12-pve',
      zz: { b: 1, a: [{ id: 'y' }, { id: 'x' }] },
      aa: [3, 1, 2],
      nodes: [
        { id: 'b', type: 'worker', name: 'B', zeta: true, alpha: { d: 1, c: 2 } },
        { id: 'a', type: 'worker', name: 'A', extraRoles: ['worker', 'backup-repository'] },
      ],
      connections: [{ id: 'c1', to: 'a', from: 'b', label: 'x' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = serializePlan(result.plan);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual([
      'format',
      'version',
      'name',
      'catalog',
      'options',
      'zones',
      'nodes',
      'connections',
      'aa',
      'zz',
    ]);
    expect(doc.aa).toEqual([3, 1, 2]);
    expect(doc.zz).toEqual({ a: [{ id: 'x' }, { id: 'y' }], b: 1 });
    expect(Object.keys(doc.zz)).toEqual(['a', 'b']);
    expect(doc.nodes.map((n: { id: string }) => n.id)).toEqual(['a', 'b']);
    expect(doc.nodes[0].extraRoles).toEqual(['backup-repository', 'worker']);
    expect(Object.keys(doc.nodes[1]).slice(-2)).toEqual(['alpha', 'zeta']);
    expect(Object.keys(doc.nodes[1].alpha)).toEqual(['c', 'd']);
    expect(doc.connections[0]).toEqual({ id: 'c1', from: 'b', to: 'a', label: 'x' });
    expect(Object.keys(doc.connections[0])).toEqual(['id', 'from', 'to', 'label']);
  });

  it('writes -0 and sub-pixel positions as whole numbers', () => {
    const plan = load(readFileSync('resources/samples/all-in-one.portolan.json', 'utf8'));
    const moved: Plan = {
      ...plan,
      nodes: plan.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: -0.2, y: 10.5 } } : n)),
    };
    expect(serializePlan(moved)).toContain('"x": 0,\n        "y": 11\n');
  });
});
