// Pure parts of the changes view: baselines, their labels, and what the canvas marks for a diff.
import type { Plan, PlanConnection, PlanDiff, PlanNode } from '../../src-core/index';
import type { Approval } from '../db/database';

/** A version of the plan to compare the open plan with. */
export interface Baseline {
  readonly doc: Plan;
  /** What the view calls it, e.g. "approved version (CHG-42, 2026-11-30)". */
  readonly label: string;
  /** Set when the baseline is an approved version. */
  readonly approval?: Approval;
}

/** How a node or connection of the open plan stands against the baseline. */
export type DeltaMark = 'added' | 'changed';

/** What the canvas draws differently while a comparison is shown. */
export interface CanvasDelta {
  /** Nodes of the open plan that are new or changed (moves alone are no change). */
  readonly nodes: ReadonlyMap<string, DeltaMark>;
  /** Connections of the open plan that are new (by id). */
  readonly connections: ReadonlySet<string>;
  /** Nodes of the baseline that are gone, drawn ghosted where they were. */
  readonly ghostNodes: readonly PlanNode[];
  /** Connections of the baseline that are gone, drawn ghosted (both ends are drawn). */
  readonly ghostConnections: readonly PlanConnection[];
}

/** The label of an approved baseline. */
export function approvalLabel(approval: Approval): string {
  return approval.number
    ? `approved version (${approval.number}, ${approval.date})`
    : `approved version (${approval.date})`;
}

/** The marks of a diff for the canvas; ghost ids never collide with the open plan's. */
export function canvasDelta(diff: PlanDiff, plan: Plan): CanvasDelta {
  const nodes = new Map<string, DeltaMark>();
  for (const n of diff.nodes.added) nodes.set(n.id, 'added');
  for (const c of diff.nodes.changed) if (!c.layoutOnly) nodes.set(c.id, 'changed');
  const present = new Set(plan.nodes.map((n) => n.id));
  const ghostNodes = diff.nodes.removed.filter((n) => !present.has(n.id));
  const drawn = new Set([...present, ...ghostNodes.map((n) => n.id)]);
  const ids = new Set(plan.connections.map((c) => c.id));
  const ghostConnections = diff.connections.removed.filter(
    (c) => drawn.has(c.from) && drawn.has(c.to) && !ids.has(c.id),
  );
  return {
    nodes,
    connections: new Set(diff.connections.added.map((c) => c.id)),
    ghostNodes,
    ghostConnections,
  };
}
