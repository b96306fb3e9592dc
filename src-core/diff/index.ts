// Public API of plan differences (deltas against a baseline).
export {
  diffPlans,
  isEmptyDiff,
  reverseDiff,
  applyFlowChanges,
  applyRuleChanges,
  flowKey,
  connectionKey,
} from './plan-diff';
export type { DiffOptions } from './plan-diff';
export { diffRules, ruleKey, ruleRefs } from './rule-diff';
export type { RuleDiff, RuleRef } from './rule-diff';
export type * from './types';
export { diffSummary } from './summary';
