// Developer tool: CPU profiles of the UI steps the bench times (open, edit, drag), for DevTools.
// Usage: npx tsx bench/profile-ui.ts [RENDERER_DIR] [OUT_DIR]  (build with --minify false for names)
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../src-main/pdf-chromium';
import { serializePlan } from '../src-core/index';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { serveStatic } from './serve';
import { startPage, openPlan, editField, selectNode, dragNode } from './ui';
const dir = process.argv[2] ?? 'dist/renderer';
const out = process.argv[3] ?? 'bench/results';
mkdirSync(out, { recursive: true });
const plan = generateSyntheticPlan({ nodes: 1000, seed: 1 });
const text = serializePlan(plan);
const server = await serveStatic(dir);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
const errors: string[] = [];
const page = await startPage(browser, server.url, errors);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const prof = async (name: string, fn: () => Promise<unknown>) => {
  await cdp.send('Profiler.start');
  const r = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(`${out}/ui-${name}.cpuprofile`, JSON.stringify(profile));
  console.log(name, JSON.stringify(r), `→ ${out}/ui-${name}.cpuprofile`);
};
await prof('open', () => openPlan(page, text, plan.name));
const target = [...plan.connections]
  .sort((a, b) => (a.id < b.id ? -1 : 1))
  .map((c) => (c.from < c.to ? c.from : c.to))[0]!;
await selectNode(page, target);
const other = plan.nodes.find((n) => n.id !== target)!;
await prof('edit-address', () => editField(page, 'field-addresses', other.addresses[0]!, 'true'));
await prof('edit-name', () => editField(page, 'field-name', 'RENAMED', 'true'));
await prof('drag', () => dragNode(page, target).then((f) => f.length));
console.log('errors', errors.slice(0, 3));
await browser.close();
await server.close();
