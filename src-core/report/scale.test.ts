// Size test of the report: time grows linearly with the plan, measured as a ratio between two sizes.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EXPORTERS } from '../export/index';
import { computeFlows, getCatalog } from '../index';
import { generateSyntheticPlan } from '../testing/synthetic-plan';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildChangeRequest } from './model';
import { scriptIndexFromExporters } from './scripts';

const SMALL = 500;
const LARGE = 4000;
/**
 * Allowed growth beyond linear (the 1.2×). Linear code measures 0.5–0.75× linear here (the
 * small plan pays more per node for warm-up and caches); one look-up per host over every exported
 * file, as the report had, measured 1.3–1.5× at these sizes, and it worsens with size.
 */
const SLACK = 1.2;
const RUNS = 3;

// A full collection before each run: otherwise the garbage of earlier runs, collected inside the
// timed one, costs more the larger the heap and makes linear code look superlinear.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** CPU milliseconds this process spent so far: unlike wall time, other processes do not add to it. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The least CPU time of a few runs: noise from a shared machine only ever adds time. */
function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    collect();
    const start = cpuMs();
    run();
    best = Math.min(best, cpuMs() - start);
  }
  return best;
}

function stages(nodes: number): Record<'model' | 'html' | 'markdown', number> {
  const plan = generateSyntheticPlan({ nodes });
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog);
  // The exporters' own cost is measured by the bench; here only the report's code is timed.
  const scripts = scriptIndexFromExporters(EXPORTERS, { plan, catalog, result, options: {} });
  const build = () => buildChangeRequest(plan, catalog, result, { scripts });
  const doc = build();
  return {
    model: fastest(build),
    html: fastest(() => renderHtml(doc, { paper: 'a4' })),
    markdown: fastest(() => renderMarkdown(doc)),
  };
}

describe('report size', () => {
  it(`grows linearly from ${SMALL} to ${LARGE} nodes (model, HTML, Markdown)`, () => {
    stages(200); // warm-up: the first run also compiles the code
    const small = stages(SMALL);
    const large = stages(LARGE);
    const limit = (LARGE / SMALL) * SLACK;
    for (const stage of ['model', 'html', 'markdown'] as const) {
      const ratio = large[stage] / small[stage];
      expect(
        ratio,
        `${stage}: ${small[stage].toFixed(1)} ms at ${SMALL} nodes, ${large[stage].toFixed(1)} ms at ${LARGE}`,
      ).toBeLessThan(limit);
    }
  });
});
