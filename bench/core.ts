// Core measurements for one plan size: load, flows, validation, merge, exports, report HTML, memory.
import {
  buildPolicy,
  getCatalog,
  mergeFlows,
  parsePlanText,
  serializePlan,
} from '../src-core/index';
import { computeFlows, computeFlowsOnly } from '../src-core/flows/engine';
import { validatePlan } from '../src-core/flows/validate';
import type { Exporter } from '../src-core/export/exporter';
import type { EmbeddedFont } from '../src-core/report/html';
import type { FlowResult, Plan } from '../src-core/index';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { MemoryWatch, type Spread, collectGarbage, measure } from './stats';

/** Modules that other engineers may still be writing: loaded when present, skipped with a note. */
export interface OptionalModules {
  readonly exporters: readonly Exporter[] | null;
  readonly renderReportHtml:
    ((plan: Plan, result: FlowResult, fonts: readonly EmbeddedFont[]) => string) | null;
  readonly notes: readonly string[];
}

export async function loadOptionalModules(): Promise<OptionalModules> {
  const notes: string[] = [];
  let exporters: readonly Exporter[] | null = null;
  try {
    exporters = (await import('../src-core/export/index')).EXPORTERS;
  } catch (error) {
    notes.push(`exports skipped: src-core/export/index.ts not loadable (${firstLine(error)})`);
  }
  let renderReportHtml: OptionalModules['renderReportHtml'] = null;
  try {
    const report = await import('../src-core/report/index');
    renderReportHtml = (plan, result, fonts) =>
      report.renderReport(plan, getCatalog(plan.catalog), result, 'html', { paper: 'a4', fonts });
  } catch (error) {
    notes.push(`change-request HTML skipped: src-core/report not loadable (${firstLine(error)})`);
  }
  return { exporters, renderReportHtml, notes };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

/** Everything measured for one size: timings (ms), byte counts, and the plan's shape. */
export interface SizeResult {
  readonly nodes: number;
  readonly connections: number;
  readonly flows: number;
  readonly warnings: number;
  readonly timings: Record<string, Spread>;
  readonly bytes: Record<string, number>;
  /** Inputs kept for the PDF step (HTML of the report) so it is rendered once. */
  readonly reportHtml?: string;
}

export interface CoreOptions {
  readonly runs: number;
  readonly warmup: number;
  readonly seed: number;
  readonly keepReportHtml: boolean;
}

/**
 * Measures one size. Each metric is timed alone on the same inputs: parse+validate of the
 * serialized file, the engine without validation, validation alone, the whole computeFlows
 * (what the UI and CLI call), merging, every exporter, the change-request HTML.
 */
export function benchSize(
  size: number,
  modules: OptionalModules,
  fonts: readonly EmbeddedFont[],
  options: CoreOptions,
): SizeResult {
  collectGarbage();
  const heapBase = process.memoryUsage().heapUsed;
  const memory = new MemoryWatch();
  const { runs, warmup } = options;

  const plan = generateSyntheticPlan({ nodes: size, seed: options.seed });
  const text = serializePlan(plan);
  const catalog = getCatalog(plan.catalog);
  const timings: Record<string, Spread> = {};

  timings['load'] = measure(
    () => {
      const r = parsePlanText(text);
      if (!r.ok) throw new Error(`synthetic plan refused: ${r.errors[0]?.message}`);
    },
    runs,
    warmup,
    memory,
  );
  timings['flows'] = measure(() => computeFlowsOnly(plan, catalog), runs, warmup, memory);
  const { context } = computeFlowsOnly(plan, catalog);
  timings['validate'] = measure(() => validatePlan(context), runs, warmup, memory);
  timings['compute'] = measure(() => computeFlows(plan, catalog), runs, warmup, memory);
  const result = computeFlows(plan, catalog);
  // What stays alive for an open plan: the plan, its file text and the engine's result.
  collectGarbage();
  const retainedHeap = Math.max(0, process.memoryUsage().heapUsed - heapBase);
  timings['merge'] = measure(() => mergeFlows(result.flows), runs, warmup, memory);
  // Rule sets over address and service groups (what the network-firewall exports and the
  // change request render from).
  timings['policy'] = measure(() => buildPolicy(plan, catalog, result), runs, warmup, memory);

  const bytes: Record<string, number> = { plan: Buffer.byteLength(text) };
  // Exporters cache their shared model per FlowResult object: a fresh (shallow) copy per call
  // times what one export costs after an edit or from the CLI, model building included.
  const fresh = () => ({ plan, catalog, result: { ...result }, options: {} });
  const exporters = modules.exporters ?? [];
  for (const exporter of exporters) {
    timings[`export:${exporter.id}`] = measure(
      () => exporter.render(fresh()),
      runs,
      warmup,
      memory,
    );
    const files = exporter.render(fresh()).files;
    bytes[`export:${exporter.id}`] = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  }
  if (exporters.length > 1) {
    // Every format from one result (the export dialog's "all formats"): the model is shared.
    timings['export:all'] = measure(
      () => {
        const input = fresh();
        for (const exporter of exporters) exporter.render(input);
      },
      runs,
      warmup,
      memory,
    );
  }
  let reportHtml: string | undefined;
  if (modules.renderReportHtml) {
    const render = modules.renderReportHtml;
    timings['report:html'] = measure(() => render(plan, result, fonts), runs, warmup, memory);
    reportHtml = render(plan, result, fonts);
    bytes['report:html'] = Buffer.byteLength(reportHtml);
  }

  bytes['retainedHeap'] = retainedHeap + 0 * text.length;
  bytes['heapPeak'] = memory.heapPeak;
  bytes['rssPeak'] = process.resourceUsage().maxRSS * 1024;

  return {
    nodes: plan.nodes.length,
    connections: plan.connections.length,
    flows: result.flows.length,
    warnings: result.warnings.length,
    timings,
    bytes,
    ...(options.keepReportHtml && reportHtml !== undefined ? { reportHtml } : {}),
  };
}
