// Public API of the policy layer: rule sets per enforcement point, their groups, names and address runs.
export { buildPolicy, plural } from './build';
export {
  addressNumber,
  addressText,
  formatRun,
  mergeRuns,
  numericRun,
  parseRun,
  runPrefix,
  runSize,
  runToCidrs,
  toAddressRun,
} from './addresses';
export type { NumericRun } from './addresses';
export {
  cleanName,
  fitName,
  MAX_NAME_LENGTH,
  NAME_PATTERN,
  NameTable,
  RESERVED_NAMES,
} from './names';
export { policyIndex } from './lookup';
export type { PolicyIndex } from './lookup';
export type * from './types';
