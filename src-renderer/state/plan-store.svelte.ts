// The open plan: its document, undo/redo history and the flows src-core derives from it.
import type { Catalog } from '../../src-core/catalog/types';
import type { FlowResult } from '../../src-core/flows/types';
import type { Plan } from '../../src-core/plan/types';
import { computeFlows, getCatalog } from '../../src-core/index';
import { Comparison } from './comparison.svelte';

/** Where the open plan is stored and where it came from. */
export interface PlanOrigin {
  /** Dexie id of the stored plan; null before it is first stored. */
  readonly planId: string | null;
  /** File the plan was opened from or last saved to (Electron), for Save. */
  readonly filePath: string | null;
}

const HISTORY_LIMIT = 500;

export class PlanStore {
  /** The current plan document; replaced on every edit, never mutated. */
  plan = $state.raw<Plan>() as Plan;
  /** Where the plan lives (Dexie id, file path). */
  origin = $state<PlanOrigin>({ planId: null, filePath: null });
  /** Bumped on every change of `plan` (edit, undo, redo, load); persistence watches it. */
  revision = $state(0);
  /** Revision last written to a file (for the unsaved-changes prompt). */
  fileRevision = $state(0);
  /** Bumped by every `load` (a document replaced, not edited): the canvas fits the view then. */
  loads = $state(0);
  /** Catalog edition the plan names. */
  readonly catalog: Catalog = $derived(getCatalog(this.plan.catalog));
  /** Flows, absent flows and warnings computed by src-core. */
  readonly result: FlowResult = $derived(computeFlows(this.plan, this.catalog));
  /** The plan against its approved version or a snapshot ("Changes since approved"). */
  readonly comparison: Comparison = new Comparison(this);

  #past = $state.raw<readonly { plan: Plan; label: string }[]>([]);
  #future = $state.raw<readonly { plan: Plan; label: string }[]>([]);

  constructor(initial: Plan) {
    this.plan = initial;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }
  /** Label of the edit Undo would revert, for menus and tooltips. */
  get undoLabel(): string | null {
    return this.#past.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.#future.at(-1)?.label ?? null;
  }

  /** Replace the whole document (open, import, restore); clears history. */
  load(plan: Plan, origin: PlanOrigin): void {
    this.plan = plan;
    this.origin = origin;
    this.comparison.reset();
    this.#past = [];
    this.#future = [];
    this.revision++;
    this.fileRevision = this.revision;
    this.loads++;
  }

  /** Apply one undoable edit. `edit` returns the new plan (or the same object for no change). */
  apply(label: string, edit: (plan: Plan) => Plan): void {
    const next = edit(this.plan);
    if (next === this.plan) return;
    this.#past = [...this.#past.slice(-(HISTORY_LIMIT - 1)), { plan: this.plan, label }];
    this.#future = [];
    this.plan = next;
    this.revision++;
  }

  undo(): void {
    const last = this.#past.at(-1);
    if (!last) return;
    this.#past = this.#past.slice(0, -1);
    this.#future = [...this.#future, { plan: this.plan, label: last.label }];
    this.plan = last.plan;
    this.revision++;
  }

  redo(): void {
    const next = this.#future.at(-1);
    if (!next) return;
    this.#future = this.#future.slice(0, -1);
    this.#past = [...this.#past, { plan: this.plan, label: next.label }];
    this.plan = next.plan;
    this.revision++;
  }

  /** True when the plan came from a file and has changed since it was last written there. */
  get unsavedFileChanges(): boolean {
    return this.origin.filePath !== null && this.revision !== this.fileRevision;
  }
}
