// The bundled sample plans, restored through src-core like any file (never trusted as-is).
import { formatPlanError, parsePlanText } from '../../src-core/index';
import type { Plan } from '../../src-core/plan/types';
import allInOneText from '../../resources/samples/all-in-one.portolan.json?raw';

/** The all-in-one sample: the first plan a new user sees and "Start from a sample". */
export function samplePlan(): Plan {
  const r = parsePlanText(allInOneText);
  if (!r.ok) {
    throw new Error(`Bundled sample is invalid: ${r.errors.map(formatPlanError).join('; ')}`);
  }
  return r.plan;
}
