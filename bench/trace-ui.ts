// Developer tool: a Chromium timeline trace (style, layout, paint, scripting) of one node edit on
// a large plan; prints where the time went. Usage: npx tsx bench/trace-ui.ts [RENDERER_DIR] [NODES]
import { chromium } from 'playwright-core';
import { serializePlan } from '../src-core/index';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { CHROMIUM_ARGS, chromiumPath } from '../src-main/pdf-chromium';
import { serveStatic } from './serve';
import { dragNode, editField, openPlan, selectNode, startPage } from './ui';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly dur?: number;
  readonly tid: number;
}

const dir = process.argv[2] ?? 'dist/renderer';
const plan = generateSyntheticPlan({ nodes: Number(process.argv[3] ?? 1000), seed: 1 });
const server = await serveStatic(dir);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
try {
  const page = await startPage(browser, server.url, []);
  await openPlan(page, serializePlan(plan), plan.name);
  const target = [...plan.connections]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((c) => (c.from < c.to ? c.from : c.to))[0]!;
  await selectNode(page, target);
  const cdp = await page.context().newCDPSession(page);
  const steps: [string, () => Promise<unknown>][] = [
    ['edit-name', () => editField(page, 'field-name', 'RENAMED', 'true')],
    ['drag', () => dragNode(page, target)],
  ];
  for (const [label, step] of steps) {
    const events: TraceEvent[] = [];
    const collect = (e: { value: readonly object[] }) => {
      events.push(...(e.value as TraceEvent[]));
    };
    cdp.on('Tracing.dataCollected', collect);
    const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,blink,v8',
      transferMode: 'ReportEvents',
    });
    const result = await step();
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
    const totals = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur) continue;
      if (
        !/^(UpdateLayoutTree|Layout|Paint|PrePaint|Layerize|Commit|FunctionCall|EvaluateScript|RunMicrotasks|FireAnimationFrame|TimerFire|EventDispatch|ParseHTML|HitTest|MajorGC|MinorGC|V8.GC_SCAVENGER|UpdateLayerTree|IntersectionObserverController::computeIntersections|ResizeObserverController::DeliverObservations)/.test(
          e.name,
        )
      )
        continue;
      totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
    }
    console.log(
      `== ${label} ${Array.isArray(result) ? `${result.length} frames` : JSON.stringify(result)}`,
    );
    for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
      console.log(`${v.toFixed(1).padStart(9)} ms  ${k}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
