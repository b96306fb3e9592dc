// Public API of src-core: catalogs, plan loading and writing, flow computation, port helpers.
export { getCatalog, listCatalogs, findCatalog, catalogEditions } from './catalog/registry';
export { parseCatalog, catalogSchema } from './catalog/schema';
export { nodeRoles, roleOfNode, hasRole, componentType, roleLabel } from './catalog/roles';
export type { RoleBearer } from './catalog/roles';
export {
  optionDefinition,
  planOptionDefinitions,
  nodeOptionDefinitions,
  isOptionValue,
  optionValueLabel,
  optionDefault,
  optionDefaultSource,
  effectiveOption,
  nodeOptionValue,
  nodeOs,
} from './catalog/options';
export type { EffectiveOption, OptionDefaultSource, OptionSubject } from './catalog/options';
export { restorePlan, parsePlanText, formatPath, formatPlanError } from './plan/restore';
export type { PlanError, RestoreResult } from './plan/restore';
export { serializePlan } from './plan/serialize';
export { isHostname } from './plan/schema';
export { MIGRATIONS, OLDEST_PLAN_VERSION } from './plan/migrations';
export { computeFlows } from './flows/engine';
export { mergeFlows } from './flows/merge';
export { formatPorts, parsePorts, coalescePorts, isPort, portsOverlap } from './flows/ports';
export { parseAddress, parseCidr, networkContains } from './util/ip';
export type { ParsedAddress } from './util/ip';
export { isSafeId, SAFE_ID_PATTERN } from './util/ids';
export { compareStrings } from './util/compare';
export { PLAN_FORMAT_VERSION } from './plan/types';
export type * from './catalog/types';
export type * from './plan/types';
export type * from './flows/types';
export * from './policy/index';
export {
  diffPlans,
  isEmptyDiff,
  reverseDiff,
  applyFlowChanges,
  flowKey,
  connectionKey,
  diffSummary,
} from './diff/index';
export type * from './diff/types';
