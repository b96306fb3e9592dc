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

const SMALL = 1000;
const LARGE = 4000;
/**
 * Allowed growth beyond linear (the 1.2×). Linear code measures 0.5–0.75× linear here (the
 * small plan pays more per node for warm-up and caches); one look-up per host over every exported
 * file, as the report had, measured 1.3–1.5× at these sizes, and it worsens with size.
 */
const SLACK = 1.2;
const RUNS = 3;
/**
 * Renderers against the text they write: one string pass over a document of megabytes costs a
 * little more per byte than over a small one (measured 1.1–1.6× on a loaded machine); a look-up
 * per row over a list would be 4× here.
 */
const RENDER_SLACK = 2;
/** Calls of a renderer per measured run (see `stages`). */
const RENDER_BATCH = 8;

function repeat(run: () => unknown): void {
  for (let i = 0; i < RENDER_BATCH; i++) run();
}

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

function stages(nodes: number): Record<'model' | 'html' | 'markdown' | 'bytes', number> {
  const plan = generateSyntheticPlan({ nodes });
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog);
  // The exporters' own cost is measured by the bench; here only the report's code is timed.
  const scripts = scriptIndexFromExporters(EXPORTERS, { plan, catalog, result, options: {} });
  const build = () => buildChangeRequest(plan, catalog, result, { scripts });
  const doc = build();
  return {
    model: fastest(build),
    // Renderers take a few milliseconds at the small size, where a collection or a busy core is
    // a large share of one call: a batch of calls per measurement keeps the ratio meaningful.
    html: fastest(() => repeat(() => renderHtml(doc, { paper: 'a4' }))) / RENDER_BATCH,
    markdown: fastest(() => repeat(() => renderMarkdown(doc))) / RENDER_BATCH,
    bytes: renderHtml(doc, { paper: 'a4' }).length,
  };
}

describe('report size', () => {
  it(`grows linearly from ${SMALL} to ${LARGE} nodes (model, HTML, Markdown)`, () => {
    stages(200); // warm-up: the first run also compiles the code
    const small = stages(SMALL);
    const large = stages(LARGE);
    // Rendering is linear in the document, which is written in rules: least-privilege groups
    // never mix zones, so a synthetic plan with more zones and proxies gets more rules per node
    // (4.4× the text for 4× the nodes here). Below about 1 000 nodes the whole document fits
    // V8's young generation and renders disproportionately fast, so the small size is 1 000. The model is judged against the plan, the renderers
    // against whichever grew more, the plan or the text they write.
    const growth = Math.max(LARGE / SMALL, large.bytes / small.bytes);
    for (const stage of ['model', 'html', 'markdown'] as const) {
      const ratio = large[stage] / small[stage];
      const limit = stage === 'model' ? (LARGE / SMALL) * SLACK : growth * RENDER_SLACK;
      expect(
        ratio,
        `${stage}: ${small[stage].toFixed(1)} ms at ${SMALL} nodes, ${large[stage].toFixed(1)} ms at ${LARGE} (text ${(large.bytes / small.bytes).toFixed(1)}×)`,
      ).toBeLessThan(limit);
    }
    // The setup builds two plans, their flows and rule sets: on a shared, loaded machine that
    // alone can pass vitest's default minute.
  }, 180_000);
});
