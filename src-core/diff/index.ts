// Public API of plan differences (deltas against a baseline).
export {
  diffPlans,
  isEmptyDiff,
  reverseDiff,
  applyFlowChanges,
  flowKey,
  connectionKey,
} from './plan-diff';
export type { DiffOptions } from './plan-diff';
export type * from './types';
export { diffSummary } from './summary';
