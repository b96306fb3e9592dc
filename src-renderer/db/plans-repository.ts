// The one module through which plans, snapshots and settings are written: every document is
// checked by src-core restorePlan first, so a bad or hostile plan is refused and nothing is stored.
import { Dexie, liveQuery, type Observable } from 'dexie';
import { formatPlanError, parsePlanText, restorePlan } from '../../src-core/index';
import type { PlanError } from '../../src-core/plan/restore';
import type { Plan } from '../../src-core/plan/types';
import { MAX_PLAN_FILE_BYTES } from '../platform/platform';
import type {
  Approval,
  PlanRecord,
  PortolanDatabase,
  SettingKey,
  SnapshotReason,
  SnapshotRecord,
} from './database';

/** What the library lists for a plan (no document). */
export type PlanSummary = Omit<PlanRecord, 'doc'>;

/** Outcome of a write: the stored record, or a message for the user (never a partial write). */
export type WriteResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly errors?: readonly PlanError[] };

/** Outcome of an autosave: stored, refused, or someone else wrote the plan since we read it. */
export type SaveResult =
  | { readonly ok: true; readonly record: PlanRecord }
  | { readonly ok: false; readonly conflict: true; readonly theirs: PlanRecord | null }
  | { readonly ok: false; readonly conflict: false; readonly message: string };

/** Snapshots kept per plan besides the approved ones; the oldest go first. */
export const HISTORY_LIMIT = 50;

/** A random id; crypto.randomUUID where available (secure contexts), else from getRandomValues. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A message naming the first problems of a refused plan. */
export function describeErrors(errors: readonly PlanError[], what = 'The plan'): string {
  const shown = errors.slice(0, 3).map(formatPlanError).join('; ');
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return `${what} was refused: ${shown || 'invalid plan'}${more}.`;
}

/** Turn a storage exception into a sentence for the user. */
export function describeStorageError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return 'The browser storage is full, so the plan could not be stored. It is still open here: save it to a file.';
  }
  if (name === 'MissingAPIError' || name === 'InvalidStateError' || name === 'OpenFailedError') {
    return 'Local storage (IndexedDB) is not available, so plans cannot be stored. Work can still be saved to a file.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Storing the plan failed (${name || 'error'}: ${message}). It is still open here: save it to a file.`;
}

function validate(input: unknown): WriteResult<Plan> {
  let result;
  try {
    result = restorePlan(input);
  } catch (error) {
    // restorePlan should never throw; if a hostile document makes it, refuse rather than crash.
    return { ok: false, message: `The plan was refused: ${(error as Error).message}` };
  }
  return result.ok
    ? { ok: true, value: result.plan }
    : { ok: false, message: describeErrors(result.errors), errors: result.errors };
}

function summaryOf(record: PlanRecord): PlanSummary {
  const { doc: _doc, ...summary } = record;
  return summary;
}

export class PlansRepository {
  /** Identifies this tab/window's writes in `PlanRecord.writer`. */
  readonly writer: string;

  constructor(
    readonly db: PortolanDatabase,
    writer: string = newId(),
    private readonly now: () => number = Date.now,
  ) {
    this.writer = writer;
  }

  // ---- reading ---------------------------------------------------------------------------

  async list(): Promise<PlanSummary[]> {
    return (await this.db.plans.toArray()).map(summaryOf);
  }

  /** The plan list, live: re-emits whenever any tab changes a plan. */
  watchList(): Observable<PlanSummary[]> {
    return liveQuery(async () => (await this.db.plans.toArray()).map(summaryOf));
  }

  /** The library plan that belongs to a file, if the file was opened or saved before. */
  async findByFilePath(filePath: string): Promise<PlanRecord | undefined> {
    return this.db.plans.filter((p) => p.filePath === filePath).first();
  }

  /**
   * Replace a plan's document regardless of its revision: used when the user explicitly opens
   * the plan's file again (the previous state is snapshotted by the caller first).
   */
  async replace(
    id: string,
    plan: unknown,
    filePath: string | null,
  ): Promise<WriteResult<PlanRecord>> {
    const checked = validate(plan);
    if (!checked.ok) return checked;
    return this.db.transaction('rw', this.db.plans, async () => {
      const current = await this.db.plans.get(id);
      if (!current) return { ok: false, message: 'That plan no longer exists.' } as const;
      const record = this.#record(
        id,
        checked.value,
        current.created,
        this.now(),
        current.rev + 1,
        filePath,
      );
      await this.db.plans.put(record);
      return { ok: true, value: record } as const;
    });
  }

  get(id: string): Promise<PlanRecord | undefined> {
    return this.db.plans.get(id);
  }

  /** One plan, live (for detecting another tab's writes). */
  watch(id: string): Observable<PlanRecord | undefined> {
    return liveQuery(() => this.db.plans.get(id));
  }

  // ---- creating ----------------------------------------------------------------------------

  /** Store `input` (any value) as a new plan, if restorePlan accepts it. */
  async create(
    input: unknown,
    options: { readonly name?: string; readonly filePath?: string | null } = {},
  ): Promise<WriteResult<PlanRecord>> {
    const named =
      options.name !== undefined && typeof input === 'object' && input !== null
        ? { ...(input as object), name: options.name }
        : input;
    const checked = validate(named);
    if (!checked.ok) return checked;
    return this.#add(checked.value, options.filePath ?? null);
  }

  /** Store an already validated plan as a new record. */
  async #add(plan: Plan, filePath: string | null): Promise<WriteResult<PlanRecord>> {
    const time = this.now();
    const record = this.#record(newId(), plan, time, time, 1, filePath);
    await this.db.plans.add(record);
    return { ok: true, value: record };
  }

  /**
   * Import file text as a new plan. Text over 50 MB is refused before parsing; anything
   * parsePlanText refuses is reported with the fields it names, and nothing is stored.
   */
  async importText(
    text: string,
    fileName: string,
    options: { readonly filePath?: string | null } = {},
  ): Promise<WriteResult<PlanRecord>> {
    if (text.length > MAX_PLAN_FILE_BYTES) {
      return { ok: false, message: `${fileName} is larger than 50 MB and was refused.` };
    }
    let parsed;
    try {
      parsed = parsePlanText(text);
    } catch (error) {
      return { ok: false, message: `${fileName} was refused: ${(error as Error).message}` };
    }
    if (!parsed.ok) {
      return { ok: false, message: describeErrors(parsed.errors, fileName), errors: parsed.errors };
    }
    // parsePlanText already validated it (restorePlan): a second pass costs ~10 ms on a big plan.
    return this.#add(parsed.plan, options.filePath ?? null);
  }

  async duplicate(id: string): Promise<WriteResult<PlanRecord>> {
    const source = await this.get(id);
    if (!source) return { ok: false, message: 'That plan no longer exists.' };
    return this.create(source.doc, { name: `${source.doc.name} (copy)` });
  }

  // ---- updating ----------------------------------------------------------------------------

  /**
   * Autosave: write `plan` over plan `id` if its stored revision is still `baseRev`. A different
   * revision means another tab or window wrote it; then nothing is written and the caller decides
   * (never a silent overwrite). Checked and written in one transaction.
   */
  async save(
    id: string,
    plan: unknown,
    baseRev: number,
    extra: { readonly filePath?: string | null } = {},
  ): Promise<SaveResult> {
    const checked = validate(plan);
    if (!checked.ok) return { ok: false, conflict: false, message: checked.message };
    return this.db.transaction('rw', this.db.plans, async () => {
      const current = await this.db.plans.get(id);
      if (!current || current.rev !== baseRev) {
        return { ok: false, conflict: true, theirs: current ?? null } as const;
      }
      const filePath = extra.filePath !== undefined ? extra.filePath : (current.filePath ?? null);
      const record = this.#record(
        id,
        checked.value,
        current.created,
        this.now(),
        current.rev + 1,
        filePath,
      );
      await this.db.plans.put(record);
      return { ok: true, record } as const;
    });
  }

  async rename(id: string, name: string): Promise<WriteResult<PlanRecord>> {
    if (name.trim() === '') return { ok: false, message: 'A plan needs a name.' };
    return this.db.transaction('rw', this.db.plans, async () => {
      const current = await this.db.plans.get(id);
      if (!current) return { ok: false, message: 'That plan no longer exists.' } as const;
      const checked = validate({ ...current.doc, name: name.trim() });
      if (!checked.ok) return checked;
      const record = this.#record(
        id,
        checked.value,
        current.created,
        this.now(),
        current.rev + 1,
        current.filePath ?? null,
      );
      await this.db.plans.put(record);
      return { ok: true, value: record } as const;
    });
  }

  /**
   * Delete a plan and its history; returns what was removed so `restoreDeleted` can undo it.
   */
  async delete(id: string): Promise<{ plan: PlanRecord; history: SnapshotRecord[] } | null> {
    return this.db.transaction('rw', this.db.plans, this.db.history, async () => {
      const plan = await this.db.plans.get(id);
      if (!plan) return null;
      const history = await this.db.history.where('planId').equals(id).toArray();
      await this.db.history.where('planId').equals(id).delete();
      await this.db.plans.delete(id);
      return { plan, history };
    });
  }

  /** Undo a delete: put the plan and its history back (validated again on the way in). */
  async restoreDeleted(deleted: {
    plan: PlanRecord;
    history: SnapshotRecord[];
  }): Promise<WriteResult<PlanRecord>> {
    const checked = validate(deleted.plan.doc);
    if (!checked.ok) return checked;
    const snapshots = deleted.history.filter((s) => restorePlan(s.doc).ok);
    return this.db.transaction('rw', this.db.plans, this.db.history, async () => {
      if (await this.db.plans.get(deleted.plan.id)) {
        return { ok: false, message: 'A plan with that id exists again.' } as const;
      }
      const record = {
        ...deleted.plan,
        doc: checked.value,
        rev: deleted.plan.rev + 1,
        writer: this.writer,
      };
      await this.db.plans.add(record);
      await this.db.history.bulkAdd(snapshots);
      return { ok: true, value: record } as const;
    });
  }

  // ---- history -----------------------------------------------------------------------------

  /** Record a snapshot of `doc`; skipped when identical to the plan's latest snapshot. */
  async snapshot(
    planId: string,
    reason: SnapshotReason,
    doc: unknown,
  ): Promise<WriteResult<SnapshotRecord | null>> {
    const checked = validate(doc);
    if (!checked.ok) return checked;
    const plan = checked.value;
    return this.db.transaction('rw', this.db.history, async () => {
      const latest = await this.db.history
        .where('[planId+created]')
        .between([planId, Dexie.minKey], [planId, Dexie.maxKey])
        .last();
      if (latest && JSON.stringify(latest.doc) === JSON.stringify(plan)) {
        return { ok: true, value: null } as const;
      }
      const record: SnapshotRecord = {
        planId,
        created: this.now(),
        reason,
        name: plan.name,
        nodeCount: plan.nodes.length,
        connectionCount: plan.connections.length,
        doc: plan,
      };
      const id = await this.db.history.add(record);
      await this.#prune(planId);
      return { ok: true, value: { ...record, id } } as const;
    });
  }

  /** Drop the oldest unapproved snapshots beyond HISTORY_LIMIT (approved ones are baselines). */
  async #prune(planId: string): Promise<void> {
    const all = await this.db.history.where('planId').equals(planId).sortBy('id');
    const prunable = all.filter((s) => s.approval === undefined);
    if (prunable.length > HISTORY_LIMIT) {
      const gone = prunable.slice(0, prunable.length - HISTORY_LIMIT).map((s) => s.id!);
      await this.db.history.bulkDelete(gone);
    }
  }

  /**
   * Mark `doc` as the approved version of a plan: the newest snapshot when it holds exactly this
   * document, else a new 'approved' snapshot. Returns the approved snapshot.
   */
  async markApproved(
    planId: string,
    doc: unknown,
    approval: { readonly number: string; readonly date: string },
  ): Promise<WriteResult<SnapshotRecord>> {
    const checked = validate(doc);
    if (!checked.ok) return checked;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(approval.date)) {
      return { ok: false, message: 'The approval date must be a date (YYYY-MM-DD).' };
    }
    const plan = checked.value;
    const stamp: Approval = { number: approval.number.trim(), date: approval.date, at: this.now() };
    return this.db.transaction('rw', this.db.history, async () => {
      const latest = await this.db.history
        .where('[planId+created]')
        .between([planId, Dexie.minKey], [planId, Dexie.maxKey])
        .last();
      if (latest?.id !== undefined && JSON.stringify(latest.doc) === JSON.stringify(plan)) {
        const marked = { ...latest, approval: stamp };
        await this.db.history.put(marked);
        return { ok: true, value: marked } as const;
      }
      const record: SnapshotRecord = {
        planId,
        created: stamp.at,
        reason: 'approved',
        name: plan.name,
        nodeCount: plan.nodes.length,
        connectionCount: plan.connections.length,
        doc: plan,
        approval: stamp,
      };
      const id = await this.db.history.add(record);
      await this.#prune(planId);
      return { ok: true, value: { ...record, id } } as const;
    });
  }

  /** The plan's approved baseline: the snapshot marked approved most recently, or null. */
  async approvedSnapshot(planId: string): Promise<SnapshotRecord | null> {
    const list = await this.db.history.where('planId').equals(planId).toArray();
    let best: SnapshotRecord | null = null;
    for (const s of list) {
      if (s.approval && (!best || s.approval.at > best.approval!.at)) best = s;
    }
    return best;
  }

  /** Snapshots of a plan, newest first. */
  async listSnapshots(planId: string): Promise<SnapshotRecord[]> {
    const list = await this.db.history.where('planId').equals(planId).sortBy('created');
    return list.reverse();
  }

  /** Time of the plan's newest snapshot, or null. */
  async latestSnapshotTime(planId: string): Promise<number | null> {
    const list = await this.listSnapshots(planId);
    return list[0]?.created ?? null;
  }

  // ---- settings ----------------------------------------------------------------------------

  async getSetting<T>(key: SettingKey): Promise<T | undefined> {
    return (await this.db.settings.get(key))?.value as T | undefined;
  }

  async setSetting(key: SettingKey, value: unknown): Promise<void> {
    await this.db.settings.put({ key, value });
  }

  #record(
    id: string,
    doc: Plan,
    created: number,
    modified: number,
    rev: number,
    filePath: string | null,
  ): PlanRecord {
    return {
      filePath,
      id,
      name: doc.name,
      created,
      modified,
      nodeCount: doc.nodes.length,
      connectionCount: doc.connections.length,
      doc,
      rev,
      writer: this.writer,
    };
  }
}
