// Change-request HTML at growing plan sizes (1 000 → 4 000 → 16 000 nodes): the report must grow linearly.
import { computeFlows } from '../src-core/flows/engine';
import { getCatalog } from '../src-core/index';
import type { FlowResult, Plan } from '../src-core/index';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { type Clock, type Spread, measure, onClock } from './stats';

/** Default sizes: each 4× the previous, so a quadratic step shows as 16× and a linear one as 4×. */
export const REPORT_GROWTH_SIZES: readonly number[] = [1000, 4000, 16000];

export interface ReportGrowthResult {
  /** Time of one report HTML render per plan size. */
  readonly sizes: ReadonlyMap<number, Spread>;
  /** Ratio of medians (on the chosen clock) between consecutive sizes, `a→b` keyed. */
  readonly growth: Readonly<Record<string, number>>;
}

/**
 * Renders the change-request HTML of synthetic plans of each size (seeded as the rest of the
 * bench); only the render is timed, the plan and its flows are built beforehand.
 */
export function benchReportGrowth(options: {
  readonly sizes: readonly number[];
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  readonly clock: Clock;
  readonly render: (plan: Plan, result: FlowResult) => string;
  readonly progress: (message: string) => void;
}): ReportGrowthResult {
  const sizes = new Map<number, Spread>();
  for (const size of options.sizes) {
    options.progress(`change-request HTML of ${size} nodes…`);
    const plan = generateSyntheticPlan({ nodes: size, seed: options.seed });
    const result = computeFlows(plan, getCatalog(plan.catalog));
    sizes.set(
      size,
      measure(() => options.render(plan, result), options.runs, options.warmup),
    );
  }
  const growth: Record<string, number> = {};
  const ordered = [...sizes.keys()];
  for (let i = 1; i < ordered.length; i++) {
    const a = ordered[i - 1]!;
    const b = ordered[i]!;
    const before = onClock(sizes.get(a)!, options.clock).median;
    const after = onClock(sizes.get(b)!, options.clock).median;
    growth[`${a}→${b}`] = Math.round((after / before) * 100) / 100;
  }
  return { sizes, growth };
}
