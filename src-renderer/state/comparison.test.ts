// The changes view: canvas marks of a diff, the comparison state, and approval through persistence.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { diffPlans, flowKey } from '../../src-core/index';
import type { Plan } from '../../src-core/plan/types';
import { PortolanDatabase } from '../db/database';
import { PlansRepository } from '../db/plans-repository';
import { samplePlan } from '../db/test-db';
import { approvalLabel, canvasDelta } from './comparison.svelte';
import { Persistence } from './persistence.svelte';
import { PlanStore } from './plan-store.svelte';

const base = samplePlan('distributed');
/** The sample with one worker gone, one repository changed and moved, one node and link added. */
function edited(plan: Plan): Plan {
  return {
    ...plan,
    nodes: [
      ...plan.nodes
        .filter((n) => n.id !== 'w3')
        .map((n) =>
          n.id === 'repo'
            ? { ...n, addresses: ['198.51.100.11'] }
            : n.id === 'vbr'
              ? { ...n, position: { x: 999, y: 999 } }
              : n,
        ),
      {
        id: 'w4',
        type: 'worker',
        name: 'WORKER04',
        addresses: ['198.51.100.144'],
        zone: 'virt',
        extraRoles: [],
        options: {},
        position: { x: 0, y: 0 },
      },
    ],
    connections: [
      ...plan.connections.filter((c) => c.from !== 'w3' && c.to !== 'w3'),
      { id: 'vbr--w4', from: 'vbr', to: 'w4' },
    ],
  };
}

describe('canvasDelta', () => {
  it('marks added and changed nodes (not moves), new links, and ghosts what was removed', () => {
    const next = edited(base);
    const delta = canvasDelta(diffPlans(base, next), next);
    expect([...delta.nodes]).toEqual([
      ['w4', 'added'],
      ['repo', 'changed'],
    ]);
    expect([...delta.connections]).toEqual(['vbr--w4']);
    expect(delta.ghostNodes.map((n) => n.id)).toEqual(['w3']);
    const removed = base.connections.filter((c) => c.from === 'w3' || c.to === 'w3');
    expect(delta.ghostConnections.map((c) => c.id).sort()).toEqual(removed.map((c) => c.id).sort());
  });
});

describe('Comparison on the plan store', () => {
  it('is off until a baseline is chosen; follows edits; a loaded plan resets it', () => {
    const store = new PlanStore(base);
    expect(store.comparison.diff).toBeNull();
    store.comparison.compareWith({ doc: base, label: 'test' });
    flushSync();
    expect(store.comparison.diff?.flows.added).toEqual([]);
    store.apply('edit', edited);
    flushSync();
    const added = store.comparison.addedFlowKeys;
    expect(added.size).toBeGreaterThan(0);
    for (const f of store.result.flows.filter((f) => f.to === 'w4' || f.from === 'w4')) {
      expect(added.has(flowKey(f))).toBe(true);
    }
    expect(
      store.comparison.removedFlows.every(
        (f) => f.from === 'w3' || f.to === 'w3' || f.to === 'repo' || f.from === 'repo',
      ),
    ).toBe(true);
    expect(store.comparison.canvas?.ghostNodes.map((n) => n.id)).toEqual(['w3']);
    store.load(base, { planId: null, filePath: null });
    expect(store.comparison.against).toBeNull();
    expect(store.comparison.diff).toBeNull();
  });
});

describe('Mark as approved', () => {
  it('stores the approval with the history and reloads it with the plan', async () => {
    const indexedDB = new IDBFactory();
    const db = new PortolanDatabase('portolan', { indexedDB, IDBKeyRange });
    const repo = new PlansRepository(db, 'tab-1');
    const store = new PlanStore(base);
    const persistence = new Persistence(store, repo, { debounceMs: 5, maxWaitMs: 20 });
    const stop = persistence.start();
    try {
      await persistence.openStartupPlan(() => base);
      expect(store.comparison.approved).toBeNull();
      const r = await persistence.markApproved('CHG-7', '2026-11-30');
      expect(r).toEqual({ ok: true });
      expect(store.comparison.approved?.label).toBe('approved version (CHG-7, 2026-11-30)');
      store.apply('edit', edited);
      await persistence.flush();

      // Reopening the plan (another window, next start) finds the same baseline.
      const record = await repo.get(store.origin.planId!);
      const again = new PlanStore(base);
      const other = new Persistence(again, new PlansRepository(db, 'tab-2'));
      await other.openRecord(record!);
      expect(again.comparison.approved?.approval?.number).toBe('CHG-7');
      expect(again.comparison.approved?.doc.nodes.some((n) => n.id === 'w3')).toBe(true);
      again.comparison.showApproved();
      flushSync();
      expect(again.comparison.diff?.nodes.added.map((n) => n.id)).toEqual(['w4']);
      expect(await persistence.markApproved('X', 'not a date')).toMatchObject({ ok: false });
    } finally {
      stop();
      db.close();
    }
  });

  it('labels approvals with and without a change number', () => {
    expect(approvalLabel({ number: '', date: '2026-01-02', at: 1 })).toBe(
      'approved version (2026-01-02)',
    );
  });
});
