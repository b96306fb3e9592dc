// diffPlans: examples on the samples and properties over random plans and random edits.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../catalog/registry';
import { planArbitrary } from '../export/__fixtures__/arbitrary';
import { computeFlows } from '../flows/engine';
import { parsePlanText } from '../plan/restore';
import type { Plan } from '../plan/types';
import { editedPlanArbitrary } from './__fixtures__/edits';
import { applyFlowChanges, diffPlans, flowKey, isEmptyDiff, reverseDiff } from './plan-diff';

function sample(name: string): Plan {
  const parsed = parsePlanText(readFileSync(`resources/samples/${name}.portolan.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${name} does not load`);
  return parsed.plan;
}

const flowsOf = (plan: Plan) => computeFlows(plan, getCatalog(plan.catalog)).flows;

describe('diffPlans on the distributed sample', () => {
  const base = sample('distributed');

  it('finds nothing between a plan and itself, or a copy of it', () => {
    expect(isEmptyDiff(diffPlans(base, base))).toBe(true);
    expect(isEmptyDiff(diffPlans(base, structuredClone(base)))).toBe(true);
  });

  it('a new worker linked to the backup server: one node, one connection, its flows', () => {
    const server = base.nodes.find((n) => n.type === 'backup-server')!;
    const next: Plan = {
      ...base,
      nodes: [
        ...base.nodes,
        {
          id: 'worker-new',
          type: 'worker',
          name: 'WRK-NEW',
          addresses: ['192.0.2.99'],
          extraRoles: [],
          options: {},
          position: { x: 0, y: 0 },
        },
      ],
      connections: [...base.connections, { id: 'c-new', from: server.id, to: 'worker-new' }],
    };
    const diff = diffPlans(base, next);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(['worker-new']);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.connections.added.map((c) => c.id)).toEqual(['c-new']);
    expect(diff.flows.removed).toEqual([]);
    expect(diff.flows.added.length).toBeGreaterThan(0);
    for (const f of diff.flows.added) expect([f.from, f.to]).toContain('worker-new');
  });

  it('a widened port override is one flow removed and one added, and a changed field', () => {
    // Overrides apply to flows into the node: the repository (2500-2600 in the sample) widens.
    const repository = base.nodes.find((n) => n.type === 'backup-repository')!;
    const next: Plan = {
      ...base,
      nodes: base.nodes.map((n) =>
        n.id === repository.id
          ? { ...n, options: { ...n.options, portOverrides: { 'data-mover': '2500-3400' } } }
          : n,
      ),
    };
    const diff = diffPlans(base, next);
    expect(diff.nodes.changed).toHaveLength(1);
    expect(diff.nodes.changed[0]!.fields.map((f) => f.field)).toEqual(['options.portOverrides']);
    expect(diff.nodes.changed[0]!.layoutOnly).toBe(false);
    const widened = diff.flows.added.filter((f) => f.ports.end === 3400);
    expect(widened.length).toBeGreaterThan(0);
    for (const f of widened) {
      expect(diff.flows.removed.map(flowKey)).toContain(
        flowKey({ ...f, ports: { start: 2500, end: 2600 } }),
      );
    }
  });

  it('a moved node is a layout-only change with no flow change', () => {
    const next: Plan = {
      ...base,
      nodes: base.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: 1, y: 2 } } : n)),
    };
    const diff = diffPlans(base, next);
    expect(diff.nodes.changed.map((c) => [c.id, c.layoutOnly])).toEqual([
      [base.nodes[0]!.id, true],
    ]);
    expect(diff.flows).toEqual({ added: [], removed: [] });
  });

  it('a connection redrawn in the other direction with another id is no change', () => {
    const [first, ...rest] = base.connections;
    const next: Plan = {
      ...base,
      connections: [...rest, { id: 'redrawn', from: first!.to, to: first!.from }],
    };
    expect(isEmptyDiff(diffPlans(base, next))).toBe(true);
  });

  it('a removed node takes its connections and flows with it', () => {
    const gone = base.nodes.find((n) => n.type === 'worker')!;
    const next: Plan = {
      ...base,
      nodes: base.nodes.filter((n) => n !== gone),
      connections: base.connections.filter((c) => c.from !== gone.id && c.to !== gone.id),
    };
    const diff = diffPlans(base, next);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual([gone.id]);
    expect(diff.connections.removed.length).toBeGreaterThan(0);
    expect(diff.flows.added).toEqual([]);
    for (const f of diff.flows.removed) expect([f.from, f.to]).toContain(gone.id);
  });

  it('plan options and the catalog edition are reported', () => {
    const next: Plan = { ...base, catalog: 'vbr13-pve', options: { legacySmb: true } };
    const diff = diffPlans(base, next);
    expect(diff.options).toEqual([
      { field: 'catalog', old: 'vbr12-pve', new: 'vbr13-pve' },
      { field: 'legacySmb', old: undefined, new: true },
    ]);
  });
});

describe('diffPlans properties', () => {
  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(planArbitrary(), (a) => isEmptyDiff(diffPlans(a, structuredClone(a)))),
      { numRuns: 60 },
    );
  });

  it('diff(a, b) reversed is diff(b, a)', () => {
    fc.assert(
      fc.property(editedPlanArbitrary, ([a, b]) => {
        expect(reverseDiff(diffPlans(a, b))).toEqual(diffPlans(b, a));
      }),
      { numRuns: 80 },
    );
  });

  it('applying the flow changes of diff(a, b) to flows(a) gives flows(b)', () => {
    fc.assert(
      fc.property(editedPlanArbitrary, ([a, b]) => {
        const applied = [...applyFlowChanges(flowsOf(a), diffPlans(a, b))].sort();
        expect(applied).toEqual([...new Set(flowsOf(b).map(flowKey))].sort());
      }),
      { numRuns: 80 },
    );
  });

  it('added and removed never share a key; changed nodes really differ', () => {
    fc.assert(
      fc.property(editedPlanArbitrary, ([a, b]) => {
        const diff = diffPlans(a, b);
        const removed = new Set(diff.flows.removed.map(flowKey));
        for (const f of diff.flows.added) expect(removed.has(flowKey(f))).toBe(false);
        for (const c of diff.nodes.changed) expect(c.fields.length).toBeGreaterThan(0);
        if (isEmptyDiff(diff)) {
          // Nothing reported means nothing a reviewer needs to see changed.
          expect(b.nodes.map((n) => n.id).sort()).toEqual(a.nodes.map((n) => n.id).sort());
          expect([...new Set(flowsOf(b).map(flowKey))].sort()).toEqual(
            [...new Set(flowsOf(a).map(flowKey))].sort(),
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic: the same inputs give the same diff', () => {
    fc.assert(
      fc.property(editedPlanArbitrary, ([a, b]) => {
        expect(diffPlans(a, b)).toEqual(diffPlans(structuredClone(a), structuredClone(b)));
      }),
      { numRuns: 30 },
    );
  });
});
