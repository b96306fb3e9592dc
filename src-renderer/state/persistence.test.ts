// Autosave, reopen, conflicts between windows, storage failures, crash journal and snapshots.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Plan } from '../../src-core/plan/types';
import { PortolanDatabase } from '../db/database';
import { PlansRepository } from '../db/plans-repository';
import { samplePlan } from '../db/test-db';
import {
  JOURNAL_KEY,
  journalKey,
  Persistence,
  type JournalStorage,
  type PageEvents,
} from './persistence.svelte';
import { PlanStore } from './plan-store.svelte';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

class FakePage implements PageEvents {
  visibilityState = 'visible';
  readonly listeners = new Map<string, (() => void)[]>();
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }
  fire(type: 'pagehide' | 'visibilitychange'): void {
    for (const l of this.listeners.get(type) ?? []) l();
  }
}

class MemoryStorage implements JournalStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
}

/** One browser profile: a fake IndexedDB shared by the "tabs" opened on it. */
function profile() {
  const indexedDB = new IDBFactory();
  const journal = new MemoryStorage();
  const live = new Set<string>();
  let n = 0;
  return {
    journal,
    /** Open a tab: its own database connection, repository, store and persistence. */
    /** Tabs still open, as Web Locks would report them to a starting tab. */
    live,
    async tab(options: { debounceMs?: number; now?: () => number; snapshotEveryMs?: number } = {}) {
      const db = new PortolanDatabase('portolan', { indexedDB, IDBKeyRange });
      const repo = new PlansRepository(db, `tab-${++n}`);
      const store = new PlanStore(samplePlan('distributed'));
      const page = new FakePage();
      const persistence = new Persistence(store, repo, {
        debounceMs: options.debounceMs ?? 10,
        maxWaitMs: 50,
        page,
        journal,
        liveTabs: async () => live,
        ...(options.now ? { now: options.now } : {}),
        ...(options.snapshotEveryMs ? { snapshotEveryMs: options.snapshotEveryMs } : {}),
      });
      const stop = persistence.start();
      stops.push(() => {
        stop();
        db.close();
      });
      await persistence.openStartupPlan(() => samplePlan('all-in-one'));
      return { db, repo, store, page, persistence };
    },
  };
}

/** An edit, then what the revision effect does in the app (vitest runs Svelte's server build). */
function rename(tab: { store: PlanStore; persistence: Persistence }, name: string): void {
  tab.store.apply('Rename', (plan: Plan) => ({ ...plan, name }));
  flushSync();
  tab.persistence.changed();
}

const settle = () => vi.waitFor(() => undefined);

describe('Persistence', () => {
  it('opens the sample on a first start and snapshots it', async () => {
    const { store, repo, persistence } = await profile().tab();
    expect(store.plan.name).toBe('All-in-one site');
    expect(store.origin.planId).not.toBeNull();
    expect(await repo.list()).toHaveLength(1);
    expect(await repo.getSetting('lastPlanId')).toBe(store.origin.planId);
    expect((await persistence.history()).map((s) => s.reason)).toEqual(['open']);
    expect(persistence.status).toBe('saved');
  });

  it('writes after the debounce only once the page is idle, and edits meanwhile do not starve it', async () => {
    const queued: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (task: () => void) => queued.push(task));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    try {
      const a = await profile().tab();
      rename(a, 'Idle 1');
      await vi.waitFor(() => expect(queued).toHaveLength(1));
      // Not written before the page is idle.
      expect((await a.repo.get(a.store.origin.planId!))?.name).not.toBe('Idle 1');
      // A further edit does not cancel the queued write, which then stores the latest plan.
      rename(a, 'Idle 2');
      await new Promise((r) => setTimeout(r, 30));
      expect(queued).toHaveLength(1);
      queued.shift()!();
      await vi.waitFor(async () =>
        expect((await a.repo.get(a.store.origin.planId!))?.name).toBe('Idle 2'),
      );
      expect(a.persistence.status).toBe('saved');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('stores an edit within a second and reopens it in a new tab', async () => {
    const p = profile();
    const a = await p.tab();
    rename(a, 'Edited');
    expect(a.persistence.status).toBe('pending');
    await vi.waitFor(
      async () => expect((await a.repo.get(a.store.origin.planId!))?.name).toBe('Edited'),
      {
        timeout: 1000,
      },
    );
    expect(a.persistence.status).toBe('saved');
    const b = await p.tab();
    expect(b.store.plan.name).toBe('Edited');
    expect(b.store.origin.planId).toBe(a.store.origin.planId);
  });

  it('flushes at once when the page is hidden', async () => {
    const a = await profile().tab({ debounceMs: 60_000 });
    rename(a, 'Hidden at once');
    a.page.visibilityState = 'hidden';
    a.page.fire('visibilitychange');
    await vi.waitFor(async () =>
      expect((await a.repo.get(a.store.origin.planId!))?.name).toBe('Hidden at once'),
    );
  });

  it('writes a journal on pagehide, and a new start applies one that never reached IndexedDB', async () => {
    const p = profile();
    const a = await p.tab({ debounceMs: 60_000 });
    const id = a.store.origin.planId!;
    const stored = (await a.repo.get(id))!;
    // Simulate a page killed after the journal write but before IndexedDB committed.
    p.journal.setItem(
      JOURNAL_KEY,
      JSON.stringify({
        planId: id,
        baseRev: stored.rev,
        time: 1,
        doc: { ...stored.doc, name: 'From journal' },
      }),
    );
    const b = await p.tab();
    expect(b.store.plan.name).toBe('From journal');
    expect(p.journal.getItem(JOURNAL_KEY)).toBeNull();
    // And the real pagehide path writes the journal synchronously.
    rename(b, 'Closing');
    b.page.fire('pagehide');
    const key = journalKey(b.store.origin.planId!, b.repo.writer);
    expect(JSON.parse(p.journal.getItem(key)!).doc.name).toBe('Closing');
  });

  it('keeps the journal when storage fails while recovering it, and applies it next start', async () => {
    const p = profile();
    const a = await p.tab();
    const id = a.store.origin.planId!;
    const stored = (await a.repo.get(id))!;
    const entry = {
      planId: id,
      baseRev: stored.rev,
      time: 1,
      doc: { ...stored.doc, name: 'Kept' },
    };
    p.journal.setItem(JOURNAL_KEY, JSON.stringify(entry));
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const save = vi.spyOn(PlansRepository.prototype, 'save').mockRejectedValueOnce(quota);
    vi.spyOn(console, 'warn').mockImplementationOnce(() => undefined);
    const b = await p.tab();
    expect(save).toHaveBeenCalled();
    save.mockRestore();
    expect(JSON.parse(p.journal.getItem(JOURNAL_KEY)!).doc.name).toBe('Kept');
    const c = await p.tab();
    expect(c.store.plan.name).toBe('Kept');
    expect(p.journal.getItem(JOURNAL_KEY)).toBeNull();
    void b;
  });

  it('a write that finishes after the page hid does not drop the journal of later edits', async () => {
    const p = profile();
    const a = await p.tab({ debounceMs: 60_000 });
    const realSave = PlansRepository.prototype.save;
    // The first write lands; the second never finishes (the page is gone).
    const save = vi
      .spyOn(a.repo, 'save')
      .mockImplementation((...args) =>
        save.mock.calls.length === 1 ? realSave.apply(a.repo, args) : new Promise(() => undefined),
      );
    rename(a, 'One');
    const first = a.persistence.flush();
    // Edited again while the first write is in flight, then the page hides.
    rename(a, 'Two');
    a.page.fire('pagehide');
    await first;
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect((await a.repo.get(a.store.origin.planId!))?.name).toBe('One');
    const key = journalKey(a.store.origin.planId!, a.repo.writer);
    expect(JSON.parse(p.journal.getItem(key)!).doc.name).toBe('Two');
  });

  it('keys journals by plan and tab: two tabs closing mid-edit both leave theirs', async () => {
    const p = profile();
    const a = await p.tab({ debounceMs: 60_000 });
    const b = await p.tab({ debounceMs: 60_000 });
    const id = a.store.origin.planId!;
    expect(b.store.origin.planId).toBe(id);
    const writes = vi
      .spyOn(PlansRepository.prototype, 'save')
      .mockReturnValue(new Promise(() => undefined));
    rename(a, 'Edited in A');
    a.page.fire('pagehide');
    rename(b, 'Edited in B');
    b.page.fire('pagehide');
    writes.mockRestore();
    expect(JSON.parse(p.journal.getItem(journalKey(id, a.repo.writer))!).doc.name).toBe(
      'Edited in A',
    );
    expect(JSON.parse(p.journal.getItem(journalKey(id, b.repo.writer))!).doc.name).toBe(
      'Edited in B',
    );
    // The next start recovers both: one is applied, the other kept in history, none lost.
    const c = await p.tab();
    const names = [c.store.plan.name, ...(await c.persistence.history()).map((s) => s.doc.name)];
    expect(names).toContain('Edited in A');
    expect(names).toContain('Edited in B');
    expect(p.journal.length).toBe(0);
  });

  it('leaves the journal of a tab that is still open to that tab', async () => {
    const p = profile();
    const a = await p.tab({ debounceMs: 60_000 });
    const id = a.store.origin.planId!;
    const writes = vi
      .spyOn(PlansRepository.prototype, 'save')
      .mockReturnValue(new Promise(() => undefined));
    rename(a, 'Still editing');
    a.page.fire('visibilitychange');
    a.page.visibilityState = 'hidden';
    a.page.fire('visibilitychange');
    writes.mockRestore();
    p.live.add(a.repo.writer);
    const b = await p.tab();
    expect(b.store.plan.name).not.toBe('Still editing');
    expect(p.journal.getItem(journalKey(id, a.repo.writer))).not.toBeNull();
  });

  it('still reads the single journal the previous version wrote, once', async () => {
    const p = profile();
    const a = await p.tab();
    const id = a.store.origin.planId!;
    const stored = (await a.repo.get(id))!;
    p.journal.setItem(
      JOURNAL_KEY,
      JSON.stringify({
        planId: id,
        baseRev: stored.rev,
        time: 1,
        doc: { ...stored.doc, name: 'Old journal' },
      }),
    );
    const b = await p.tab();
    expect(b.store.plan.name).toBe('Old journal');
    expect(p.journal.getItem(JOURNAL_KEY)).toBeNull();
  });

  it('ignores a journal that holds an invalid plan', async () => {
    const p = profile();
    const a = await p.tab();
    const id = a.store.origin.planId!;
    const rev = (await a.repo.get(id))!.rev;
    p.journal.setItem(
      JOURNAL_KEY,
      JSON.stringify({ planId: id, baseRev: rev, time: 1, doc: { evil: true } }),
    );
    const b = await p.tab();
    expect(b.store.plan.name).toBe('All-in-one site');
  });

  it("detects another tab's write and never overwrites it", async () => {
    const p = profile();
    const a = await p.tab();
    const b = await p.tab();
    const id = a.store.origin.planId!;
    expect(b.store.origin.planId).toBe(id);
    rename(b, 'Theirs');
    await vi.waitFor(async () => expect((await b.repo.get(id))?.name).toBe('Theirs'));
    rename(a, 'Mine');
    await vi.waitFor(() => expect(a.persistence.status).toBe('conflict'), { timeout: 2000 });
    await settle();
    expect((await a.repo.get(id))?.name).toBe('Theirs');
    expect(a.persistence.conflict?.theirs?.name).toBe('Theirs');

    // Keep mine as a copy: theirs untouched, mine stored as a new plan and open.
    await a.persistence.keepMineAsCopy();
    expect(a.store.plan.name).toBe('Mine (my copy)');
    expect(a.store.origin.planId).not.toBe(id);
    expect((await a.repo.get(id))?.name).toBe('Theirs');
    expect(a.persistence.status).toBe('saved');
  });

  it('reload theirs keeps mine in history', async () => {
    const p = profile();
    const a = await p.tab();
    const b = await p.tab();
    const id = a.store.origin.planId!;
    rename(b, 'Theirs');
    await vi.waitFor(async () => expect((await b.repo.get(id))?.name).toBe('Theirs'));
    rename(a, 'Mine');
    await vi.waitFor(() => expect(a.persistence.status).toBe('conflict'), { timeout: 2000 });
    await a.persistence.reloadTheirs();
    expect(a.store.plan.name).toBe('Theirs');
    const history = await a.persistence.history();
    expect(history.some((s) => s.reason === 'before-reload' && s.name === 'Mine')).toBe(true);
    rename(a, 'After reload');
    await vi.waitFor(async () => expect((await a.repo.get(id))?.name).toBe('After reload'));
  });

  it('keeps the plan in memory with a clear message when storage fails', async () => {
    const a = await profile().tab();
    vi.spyOn(a.repo, 'save').mockRejectedValue(
      Object.assign(new Error('quota'), { name: 'QuotaExceededError' }),
    );
    rename(a, 'Unsaved but kept');
    await vi.waitFor(() => expect(a.persistence.status).toBe('error'));
    expect(a.persistence.message).toMatch(/storage is full.*save it to a file/);
    expect(a.store.plan.name).toBe('Unsaved but kept');
    expect(a.persistence.hasUnstoredChanges).toBe(true);
  });

  it('stores a plan loaded by other code (New/Open) as a new library plan', async () => {
    const a = await profile().tab();
    const first = a.store.origin.planId;
    a.store.load(
      { ...samplePlan('distributed'), name: 'Loaded elsewhere' },
      { planId: null, filePath: null },
    );
    flushSync();
    a.persistence.changed();
    await vi.waitFor(() => expect(a.store.origin.planId).not.toBeNull());
    expect(a.store.origin.planId).not.toBe(first);
    expect((await a.repo.list()).map((p) => p.name).sort()).toEqual([
      'All-in-one site',
      'Loaded elsewhere',
    ]);
  });

  it('takes a periodic snapshot after N minutes of editing and restores a snapshot', async () => {
    let now = 1_000_000;
    const a = await profile().tab({ now: () => now, snapshotEveryMs: 5 * 60_000 });
    rename(a, 'One');
    await vi.waitFor(() => expect(a.persistence.status).toBe('saved'));
    expect((await a.persistence.history()).length).toBe(1);
    now += 5 * 60_000;
    rename(a, 'Two');
    await vi.waitFor(async () => expect((await a.persistence.history()).length).toBe(2));
    const [latest, open] = await a.persistence.history();
    expect(latest?.reason).toBe('periodic');
    await a.persistence.restoreSnapshot(open!);
    expect(a.store.plan.name).toBe('All-in-one site');
    // The state before the restore stays restorable (here as the identical periodic snapshot).
    expect((await a.persistence.history()).some((s) => s.name === 'Two')).toBe(true);
    expect((await a.repo.get(a.store.origin.planId!))?.name).toBe('All-in-one site');
  });
});
