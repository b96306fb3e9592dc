// The plan compared with a baseline (its approved version or a history snapshot): what the canvas,
// the flow table and the report preview mark as added, changed and removed.
import { diffPlans, flowKey } from '../../src-core/index';
import type { Flow, PlanDiff } from '../../src-core/index';
import { type Baseline, type CanvasDelta, canvasDelta } from './canvas-delta';
import type { PlanStore } from './plan-store.svelte';

export { approvalLabel, canvasDelta } from './canvas-delta';
export type { Baseline, CanvasDelta, DeltaMark } from './canvas-delta';

export class Comparison {
  /** The open plan's approved version, loaded from the history with the plan. */
  approved = $state.raw<Baseline | null>(null);
  /** The baseline the changes view shows; null while the view is off. */
  against = $state.raw<Baseline | null>(null);

  /** The diff from the baseline to the open plan while the view is on. */
  readonly diff: PlanDiff | null;
  /** Canvas marks of the diff, or null while the view is off. */
  readonly canvas: CanvasDelta | null;
  /** Keys of the flows the open plan adds (flow table marks every flow with such a key). */
  readonly addedFlowKeys: ReadonlySet<string>;
  /** Flows of the baseline the open plan no longer has (listed struck out in the flow table). */
  readonly removedFlows: readonly Flow[];

  constructor(store: PlanStore) {
    // Derived in the constructor: they read the store, which a field initializer cannot yet see.
    this.diff = $derived(
      this.against ? diffPlans(this.against.doc, store.plan, { newFlows: store.result }) : null,
    );
    this.canvas = $derived(this.diff ? canvasDelta(this.diff, store.plan) : null);
    // A snapshot rebuilt per change, never mutated (the $state.raw pattern).
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.addedFlowKeys = $derived(new Set(this.diff?.flows.added.map(flowKey) ?? []));
    this.removedFlows = $derived(this.diff?.flows.removed ?? []);
  }

  /** Show the changes since the approved version (no-op when there is none). */
  showApproved(): void {
    this.against = this.approved;
  }

  /** Show the changes since any version (a history snapshot). */
  compareWith(baseline: Baseline): void {
    this.against = baseline;
  }

  close(): void {
    this.against = null;
  }

  /** A different plan was opened: its baseline is loaded again by storage. */
  reset(): void {
    this.approved = null;
    this.against = null;
  }
}
