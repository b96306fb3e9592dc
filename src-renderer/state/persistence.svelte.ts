// Autosave of the open plan to IndexedDB, history snapshots, conflict detection between tabs and
// windows, and crash recovery; the plan stays in memory with "Save to file" when storage fails.
import type { Subscription } from 'dexie';
import { untrack } from 'svelte';
import type { Plan } from '../../src-core/plan/types';
import type { PlanRecord, SnapshotReason, SnapshotRecord } from '../db/database';
import {
  describeStorageError,
  type PlansRepository,
  type SaveResult,
} from '../db/plans-repository';
import type { PlanStore } from './plan-store.svelte';
import { approvalLabel } from './comparison.svelte';

/** State of the open plan in storage, for the header indicator. */
export type SaveStatus =
  /** Everything the user did is stored. */
  | 'saved'
  /** An edit waits for the debounce. */
  | 'pending'
  /** A write is in flight. */
  | 'saving'
  /** Another tab/window changed or deleted the plan; autosave is paused until the user chooses. */
  | 'conflict'
  /** The last write failed (quota, IndexedDB error); the plan is only in memory. */
  | 'error'
  /** IndexedDB cannot be used at all in this browser/profile. */
  | 'unavailable';

/** What another tab/window did to the open plan. */
export interface ConflictInfo {
  /** Their version, or null when they deleted the plan. */
  readonly theirs: PlanRecord | null;
  /** True when this window has edits that are not stored. */
  readonly localChanges: boolean;
}

/** The page events persistence listens to (window and document in the app; fakes in tests). */
export interface PageEvents {
  addEventListener(type: 'pagehide' | 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'pagehide' | 'visibilitychange', listener: () => void): void;
  /** 'hidden' when the page is being hidden (tab switch, close, minimise). */
  readonly visibilityState?: string;
}

/** Synchronous key/value storage for the crash journal (localStorage in the app). */
export interface JournalStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Number of keys, and the key at an index (as Web Storage enumerates them). */
  readonly length: number;
  key(index: number): string | null;
}

export interface PersistenceOptions {
  /** Quiet time after an edit before writing (ms). */
  readonly debounceMs?: number;
  /** Longest an edit may wait during continuous editing (ms); the issue asks for ≤ 1 s. */
  readonly maxWaitMs?: number;
  /** Minutes of editing between periodic history snapshots, in ms. */
  readonly snapshotEveryMs?: number;
  readonly now?: () => number;
  readonly page?: PageEvents;
  readonly journal?: JournalStorage | null;
  /** This tab or window, in its journal's key; PlansRepository.writer by default. */
  readonly tabId?: string;
  /**
   * The tabs still open (Web Locks in the app): their journals are theirs to clear, not a
   * crash to recover. Without it every journal found at start is recovered.
   */
  readonly liveTabs?: () => Promise<ReadonlySet<string>>;
}

/** A journal entry: the latest edits written synchronously when the page hides. */
interface JournalEntry {
  readonly planId: string;
  /** The tab that wrote it (absent in journals of the previous version). */
  readonly tab?: string;
  readonly baseRev: number;
  readonly time: number;
  readonly doc: unknown;
}

/**
 * Key of the single journal the previous version wrote for all tabs: still read once at start,
 * so edits a crash left there are not lost by the upgrade.
 */
export const JOURNAL_KEY = 'portolan.unsaved-plan';

/** No tab known to be open (the default when Web Locks are missing). */
const NO_TABS: ReadonlySet<string> = Object.freeze(new Set<string>());

/** Journals are keyed by plan and tab, so two tabs editing never overwrite each other's. */
export function journalKey(planId: string, tabId: string): string {
  return `${JOURNAL_KEY}:${planId}:${tabId}`;
}

/** Longest an autosave waits for the page to be idle once its debounce has passed (ms). */
const IDLE_TIMEOUT_MS = 200;

/**
 * Run `task` when the page is idle (after the frames an edit causes are painted), or after
 * `timeout` ms at the latest; returns a cancel function. Without requestIdleCallback (unit tests,
 * older engines) it runs at once.
 */
function whenIdle(task: () => void, timeout: number): () => void {
  const ric = globalThis.requestIdleCallback;
  if (typeof ric !== 'function') {
    task();
    return () => undefined;
  }
  const handle = ric(task, { timeout });
  return () => globalThis.cancelIdleCallback(handle);
}

/**
 * Resolves after the next frame is painted; at once where there are no frames (unit tests, a
 * hidden page), and after 1 s at the latest (a page hidden while waiting).
 */
function afterPaint(): Promise<void> {
  const raf = globalThis.requestAnimationFrame;
  if (typeof raf !== 'function' || typeof document === 'undefined') return Promise.resolve();
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 1000);
    raf(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

export class Persistence {
  /** Storage state of the open plan. */
  status = $state<SaveStatus>('saved');
  /** Message for 'error' / 'unavailable'. */
  message = $state<string | null>(null);
  /** When the open plan was last stored (epoch ms). */
  lastSaved = $state<number | null>(null);
  /** Set while another tab/window's change waits for the user's decision. */
  conflict = $state.raw<ConflictInfo | null>(null);

  readonly store: PlanStore;
  readonly repo: PlansRepository | null;

  #debounceMs: number;
  #maxWaitMs: number;
  #snapshotEveryMs: number;
  #now: () => number;
  #page: PageEvents | null;
  #journal: JournalStorage | null;
  #tabId: string;
  #liveTabs: () => Promise<ReadonlySet<string>>;

  /** Revision of the stored record this window last read or wrote. */
  #baseRev = 0;
  /** PlanStore.revision that is in storage. */
  #storedRevision = -1;
  /** Plan id the base revision belongs to. */
  #basePlanId: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Cancels an autosave waiting for idle time. */
  #cancelIdle: (() => void) | null = null;
  #firstPendingAt: number | null = null;
  #writing: Promise<void> | null = null;
  #lastSnapshotAt = 0;
  /** PlanStore.revision held by the journal this window wrote, while it is not yet stored. */
  #journalRevision: number | null = null;
  #watch: Subscription | null = null;
  #stopEffects: (() => void) | null = null;

  constructor(store: PlanStore, repo: PlansRepository | null, options: PersistenceOptions = {}) {
    this.store = store;
    this.repo = repo;
    this.#debounceMs = options.debounceMs ?? 250;
    this.#maxWaitMs = options.maxWaitMs ?? 800;
    this.#snapshotEveryMs = options.snapshotEveryMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
    this.#page = options.page ?? null;
    this.#journal = options.journal ?? null;
    this.#tabId = options.tabId ?? repo?.writer ?? Math.random().toString(36).slice(2);
    this.#liveTabs = options.liveTabs ?? (() => Promise.resolve(NO_TABS));
    // The plan the store was created with is not an edit; storage starts from openStartupPlan.
    this.#storedRevision = store.revision;
    if (!repo) {
      this.status = 'unavailable';
      this.message = describeStorageError({ name: 'MissingAPIError' });
    }
  }

  /** True when the open plan has edits that are not in storage. */
  get hasUnstoredChanges(): boolean {
    return this.store.revision !== this.#storedRevision;
  }

  /** Mark the open plan as needing a write although the document did not change (file path). */
  markChanged(): void {
    this.#storedRevision = -1;
  }

  /** Start watching the store and the page; returns a stop function. */
  start(): () => void {
    this.#stopEffects = $effect.root(() => {
      $effect(() => {
        // Every change of plan (edit, undo, redo, load) bumps revision.
        void this.store.revision;
        untrack(() => this.changed());
      });
    });
    const onHide = (): void => {
      if (this.#page?.visibilityState !== undefined && this.#page.visibilityState !== 'hidden')
        return;
      this.#writeJournal();
      void this.flush();
    };
    const onPageHide = (): void => {
      this.#writeJournal();
      void this.flush();
    };
    this.#page?.addEventListener('visibilitychange', onHide);
    this.#page?.addEventListener('pagehide', onPageHide);
    return () => {
      this.#stopEffects?.();
      this.#page?.removeEventListener('visibilitychange', onHide);
      this.#page?.removeEventListener('pagehide', onPageHide);
      this.#watch?.unsubscribe();
      this.#clearTimer();
    };
  }

  // ---- opening -------------------------------------------------------------------------------

  /** Show a stored plan in the editor and snapshot it ('open'). */
  async openRecord(record: PlanRecord): Promise<void> {
    await this.flush();
    this.#clearTimer();
    this.store.load(record.doc, { planId: record.id, filePath: record.filePath ?? null });
    this.#adopt(record);
    this.#storedRevision = this.store.revision;
    this.status = 'saved';
    this.message = null;
    this.conflict = null;
    // The snapshot validates and clones the whole plan: let the editor show it first.
    await afterPaint();
    await this.snapshot('open');
    await this.#loadApproved(record.id);
    await this.#rememberLast(record.id);
  }

  /** Put the plan's approved version (if any) where the changes view finds it. */
  async #loadApproved(planId: string): Promise<void> {
    if (!this.repo) return;
    try {
      const approved = await this.repo.approvedSnapshot(planId);
      if (this.store.origin.planId !== planId) return; // another plan was opened meanwhile
      this.store.comparison.approved = approved?.approval
        ? {
            doc: approved.doc,
            label: approvalLabel(approved.approval),
            approval: approved.approval,
          }
        : null;
    } catch (error) {
      console.warn('Portolan: the approved version could not be read', error);
    }
  }

  /**
   * Mark the open plan as approved (stored with the history, under a change number and date):
   * it becomes the baseline of "Changes since approved" and of the report's delta mode.
   */
  async markApproved(number: string, date: string): Promise<{ ok: boolean; message?: string }> {
    const planId = this.store.origin.planId;
    if (!this.repo || !planId) {
      return { ok: false, message: 'The plan is not stored yet, so it cannot be approved.' };
    }
    await this.flush();
    const result = await this.repo.markApproved(planId, this.store.plan, { number, date });
    if (!result.ok) return { ok: false, message: result.message };
    const approval = result.value.approval!;
    this.store.comparison.approved = {
      doc: result.value.doc,
      label: approvalLabel(approval),
      approval,
    };
    return { ok: true };
  }

  /**
   * Choose the plan to show at start: recover a journal left by a page closed mid-edit, then the
   * plan open last, then the most recent one; on a first start, store and open `firstPlan`.
   */
  async openStartupPlan(firstPlan: () => Plan): Promise<void> {
    if (!this.repo) return;
    try {
      await this.#recoverJournal();
      const lastId = await this.repo.getSetting<string>('lastPlanId');
      let record = lastId ? await this.repo.get(lastId) : undefined;
      if (!record) {
        const list = await this.repo.list();
        const newest = list.sort((a, b) => b.modified - a.modified)[0];
        record = newest ? await this.repo.get(newest.id) : undefined;
      }
      if (!record) {
        const created = await this.repo.create(firstPlan());
        if (!created.ok) throw new Error(created.message);
        record = created.value;
      }
      await this.openRecord(record);
    } catch (error) {
      this.#fail(error);
    }
  }

  // ---- saving --------------------------------------------------------------------------------

  /** Write pending edits now (page hiding, before switching plans). */
  async flush(): Promise<void> {
    this.#clearTimer();
    // Writes are serialised so two saves never race on the same base revision.
    while (this.#writing) await this.#writing;
    if (!this.hasUnstoredChanges || !this.repo) return;
    if (this.status === 'conflict') return;
    this.#writing = this.#write().finally(() => (this.#writing = null));
    await this.#writing;
  }

  /** Take a history snapshot of the open plan now (e.g. before a destructive edit). */
  async snapshot(reason: SnapshotReason): Promise<void> {
    const planId = this.store.origin.planId;
    if (!this.repo || !planId) return;
    try {
      const r = await this.repo.snapshot(planId, reason, this.store.plan);
      if (r.ok) this.#lastSnapshotAt = this.#now();
    } catch (error) {
      console.warn('Portolan: history snapshot failed', error);
    }
  }

  /** Snapshots of the open plan, newest first. */
  async history(): Promise<SnapshotRecord[]> {
    const planId = this.store.origin.planId;
    return this.repo && planId ? this.repo.listSnapshots(planId) : [];
  }

  /** Restore a snapshot as the current plan (the current state is snapshotted first). */
  async restoreSnapshot(snapshot: SnapshotRecord): Promise<void> {
    await this.snapshot('before-restore');
    this.store.apply('Restore from history', () => snapshot.doc);
    await this.flush();
  }

  // ---- conflicts -----------------------------------------------------------------------------

  /** Conflict: drop this window's edits and show the other window's version (mine goes to history). */
  async reloadTheirs(): Promise<void> {
    const theirs = this.conflict?.theirs;
    if (!this.repo || !theirs) return;
    const mine = this.store.plan;
    await this.repo.snapshot(theirs.id, 'before-reload', mine).catch(() => undefined);
    this.conflict = null;
    this.status = 'saved';
    await this.openRecord(theirs);
  }

  /** Conflict: keep this window's version as a new plan; theirs stays untouched. */
  async keepMineAsCopy(): Promise<void> {
    if (!this.repo) return;
    const mine = this.store.plan;
    const created = await this.repo.create(mine, { name: `${mine.name} (my copy)` });
    if (!created.ok) {
      this.status = 'error';
      this.message = created.message;
      return;
    }
    this.conflict = null;
    this.status = 'saved';
    await this.openRecord(created.value);
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * The plan changed: schedule a write. Called by the revision effect of start(); safe to call
   * again (it only reschedules), which unit tests do because vitest runs Svelte's server build,
   * where effects never run.
   */
  changed(): void {
    if (!this.repo || !this.hasUnstoredChanges) return;
    // A plan loaded by someone else (New, Open) has no id yet: it gets one on the first write.
    if (this.status === 'conflict') return;
    const now = this.#now();
    this.#firstPendingAt ??= now;
    if (this.status !== 'saving') this.status = 'pending';
    // A write already waiting for idle time stores the plan as it is then: keep it (cancelling it
    // on every edit would starve autosave during continuous editing).
    if (this.#cancelIdle) return;
    if (this.#timer) clearTimeout(this.#timer);
    const wait = Math.max(
      0,
      Math.min(this.#debounceMs, this.#firstPendingAt + this.#maxWaitMs - now),
    );
    // The write (validation, structured clone into IndexedDB) costs tens of ms on a big plan:
    // after the debounce it waits for idle time so it never delays the frames of the next edit.
    this.#timer = setTimeout(() => {
      this.#timer = null;
      let ran = false;
      const cancel = whenIdle(() => {
        ran = true;
        this.#cancelIdle = null;
        void this.flush();
      }, IDLE_TIMEOUT_MS);
      if (!ran) this.#cancelIdle = cancel;
    }, wait);
  }

  async #write(): Promise<void> {
    const repo = this.repo!;
    const revision = this.store.revision;
    const plan = this.store.plan;
    const origin = this.store.origin;
    this.status = 'saving';
    this.#firstPendingAt = null;
    try {
      let result: SaveResult;
      if (origin.planId === null || origin.planId !== this.#basePlanId) {
        // New, Open or Import from code outside this module: store it as a new library plan.
        const created = await repo.create(plan, { filePath: origin.filePath });
        result = created.ok
          ? { ok: true, record: created.value }
          : { ok: false, conflict: false, message: created.message };
        if (created.ok) {
          this.store.origin = { planId: created.value.id, filePath: origin.filePath };
          await this.#rememberLast(created.value.id);
        }
      } else {
        result = await repo.save(origin.planId, plan, this.#baseRev, { filePath: origin.filePath });
      }
      if (result.ok) {
        this.#adopt(result.record);
        this.#storedRevision = revision;
        this.lastSaved = result.record.modified;
        this.message = null;
        // The journal may hold edits made while this write was in flight (the page hid
        // meanwhile): it goes only once a write covers them, or a page dying now loses them.
        if (this.#journalRevision !== null && revision >= this.#journalRevision) {
          this.#clearJournal(result.record.id);
          this.#journalRevision = null;
        }
        this.status = this.hasUnstoredChanges ? 'pending' : 'saved';
        if (this.hasUnstoredChanges) this.changed();
        if (this.#now() - this.#lastSnapshotAt >= this.#snapshotEveryMs)
          await this.snapshot('periodic');
      } else if (result.conflict) {
        this.status = 'conflict';
        this.conflict = { theirs: result.theirs, localChanges: true };
      } else {
        this.status = 'error';
        this.message = result.message;
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    console.error('Portolan: storage failed', error);
    this.status = 'error';
    this.message = describeStorageError(error);
  }

  /** Make `record` the base of future saves and watch it for other writers. */
  #adopt(record: PlanRecord): void {
    this.#baseRev = record.rev;
    if (this.#basePlanId !== record.id) {
      this.#basePlanId = record.id;
      this.#watch?.unsubscribe();
      const id = record.id;
      this.#watch =
        this.repo?.watch(id).subscribe({
          next: (current) => this.#observed(id, current),
          error: (error: unknown) => console.warn('Portolan: live query failed', error),
        }) ?? null;
    }
  }

  /** liveQuery saw the open plan's record; a revision we did not write is another window's. */
  #observed(id: string, current: PlanRecord | undefined): void {
    if (id !== this.#basePlanId || this.status === 'conflict') return;
    if (current && current.rev === this.#baseRev) return;
    // Our own write can be observed before #write adopts it: same writer and a newer revision.
    if (current && current.writer === this.repo?.writer && current.rev > this.#baseRev) return;
    if (this.#writing && current?.writer === this.repo?.writer) return;
    this.#clearTimer();
    this.status = 'conflict';
    this.conflict = { theirs: current ?? null, localChanges: this.hasUnstoredChanges };
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#cancelIdle?.();
    this.#cancelIdle = null;
  }

  async #rememberLast(id: string): Promise<void> {
    try {
      await this.repo?.setSetting('lastPlanId', id);
    } catch {
      /* not worth an error message: only decides which plan opens next time */
    }
  }

  /**
   * IndexedDB writes are asynchronous and a page closed right after an edit may not finish one,
   * so on hide the latest plan also goes to synchronous localStorage; the next start applies it.
   */
  #writeJournal(): void {
    const planId = this.store.origin.planId;
    if (!this.#journal || !planId || !this.hasUnstoredChanges || this.status === 'conflict') return;
    const entry: JournalEntry = {
      planId,
      tab: this.#tabId,
      baseRev: this.#baseRev,
      time: this.#now(),
      doc: this.store.plan,
    };
    try {
      this.#journal.setItem(journalKey(planId, this.#tabId), JSON.stringify(entry));
      this.#journalRevision = this.store.revision;
    } catch {
      // Over the localStorage quota (very large plan): the IndexedDB flush is still under way.
    }
  }

  #clearJournal(planId: string): void {
    this.#journal?.removeItem(journalKey(planId, this.#tabId));
  }

  /** Keys of every journal in storage: this version's per plan and tab, and the old single one. */
  #journalKeys(): string[] {
    const journal = this.#journal;
    if (!journal) return [];
    const keys: string[] = [];
    for (let i = 0; i < journal.length; i++) {
      const key = journal.key(i);
      if (key === JOURNAL_KEY || key?.startsWith(`${JOURNAL_KEY}:`)) keys.push(key);
    }
    return keys.sort();
  }

  /** Recover every journal a closed or crashed tab left; journals of open tabs are theirs. */
  async #recoverJournal(): Promise<void> {
    if (!this.repo) return;
    const keys = this.#journalKeys();
    if (keys.length === 0) return;
    let live: ReadonlySet<string> = NO_TABS;
    try {
      live = await this.#liveTabs();
    } catch {
      /* unknown: recover them all, as the previous version did */
    }
    for (const key of keys) await this.#recoverEntry(key, live);
  }

  async #recoverEntry(key: string, live: ReadonlySet<string>): Promise<void> {
    const raw = this.#journal?.getItem(key);
    if (!raw || !this.repo) return;
    let entry: JournalEntry | null = null;
    try {
      entry = JSON.parse(raw) as JournalEntry;
    } catch {
      /* unreadable: dropped below */
    }
    if (typeof entry?.planId !== 'string' || typeof entry.baseRev !== 'number') {
      this.#journal?.removeItem(key);
      return;
    }
    if (typeof entry.tab === 'string' && entry.tab !== this.#tabId && live.has(entry.tab)) return;
    // The journal is removed only once its edits are stored: when storage fails here, the next
    // start tries again instead of losing them, and this start still opens a plan.
    try {
      const stored = await this.repo.get(entry.planId);
      if (stored && stored.rev === entry.baseRev) {
        // The edits never reached IndexedDB and nobody wrote since: apply them (validated).
        const saved = await this.repo.save(entry.planId, entry.doc, entry.baseRev);
        if (!saved.ok && saved.conflict) {
          await this.repo.snapshot(entry.planId, 'before-reload', entry.doc);
        }
      } else if (stored && JSON.stringify(stored.doc) !== JSON.stringify(entry.doc)) {
        // Someone wrote since (or the flush did land with more edits after): keep both.
        await this.repo.snapshot(entry.planId, 'before-reload', entry.doc);
      }
      this.#journal?.removeItem(key);
    } catch (error) {
      console.warn('Portolan: could not recover the unsaved edits; kept for the next start', error);
    }
  }
}
