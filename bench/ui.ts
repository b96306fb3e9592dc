// UI figures in Debian's Chromium on the built renderer: open a large plan, edit a node, drag a node.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serializePlan } from '../src-core/index';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { CHROMIUM_ARGS, chromiumPath } from '../src-main/pdf-chromium';
import { serveStatic } from './serve';
import { type Spread, spreadOf } from './stats';

export interface UiOptions {
  /** Built renderer (`npm run build:renderer` → dist/renderer). */
  readonly rendererDir: string;
  readonly nodes: number;
  readonly seed: number;
  readonly runs: number;
  readonly progress: (message: string) => void;
}

export interface UiResult {
  readonly browserVersion: string;
  /** ms: open, edit-address, edit-name, drag-frame. */
  readonly timings: Record<string, Spread>;
  /** Single figures: longest task while opening, frames of the drag, slow frames… */
  readonly values: Record<string, number>;
  readonly notes: string[];
}

const VIEWPORT = { width: 1440, height: 900 };
/** Longest any one step may take before the bench gives up on the UI figures. */
const STEP_TIMEOUT = 60_000;

/**
 * In-page helper: resolves when `done()` holds, checked once per animation frame (a check on
 * every DOM mutation would itself cost seconds while 1 000 nodes render), then waits for that
 * frame to be painted. Returns [condition met, painted], in ms since `start`.
 */
const WAIT_SOURCE = `
// tsx (esbuild keepNames) wraps named functions in page.evaluate callbacks with __name().
window.__name = window.__name || ((f) => f);
window.__benchWait = (done, start, timeout) => new Promise((resolve, reject) => {
  const deadline = performance.now() + timeout;
  const frame = () => {
    let ok = false;
    try { ok = done(); } catch { ok = false; }
    if (ok) {
      const met = performance.now();
      // The task queued from rAF runs after this frame is on screen.
      setTimeout(() => resolve([met - start, performance.now() - start]), 0);
    } else if (performance.now() > deadline) reject(new Error('timed out'));
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});
window.__benchLongTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {}
`;

export async function startPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(WAIT_SOURCE);
  await page.goto(url);
  await page.getByTestId('app-shell').waitFor();
  // The first start stores the sample plan; wait until that has settled.
  await page.locator('[data-testid="save-indicator"][data-status="saved"]').waitFor();
  return page;
}

/**
 * Opens the plan the way a user does without a dialog: a file dropped on the window (the
 * renderer's own drop handler imports it into IndexedDB and opens it). Rendered = the plan
 * name shows and the canvas holds nodes; interactive = the next frame after that is painted.
 */
export async function openPlan(page: Page, text: string, name: string): Promise<[number, number]> {
  return page.evaluate(
    async ({ text, name, timeout }) => {
      const w = window as unknown as {
        __benchWait: (
          done: () => boolean,
          start: number,
          timeout: number,
        ) => Promise<[number, number]>;
      };
      const data = new DataTransfer();
      data.items.add(new File([text], 'synthetic.portolan.json', { type: 'application/json' }));
      const start = performance.now();
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
      return w.__benchWait(
        () =>
          (document.querySelector('[data-testid="plan-name"]') as HTMLInputElement | null)
            ?.value === name && document.querySelectorAll('.svelte-flow__node').length > 0,
        start,
        timeout,
      );
    },
    { text, name, timeout: STEP_TIMEOUT },
  );
}

/**
 * Commits a new value in an inspector field (as a blur does: the `change` event) and times
 * until `expect` holds in the DOM, and until the frame after it is painted.
 */
export async function editField(
  page: Page,
  testid: string,
  value: string,
  expect: string,
): Promise<[number, number]> {
  return page.evaluate(
    async ({ testid, value, expect, timeout }) => {
      const w = window as unknown as {
        __benchWait: (
          done: () => boolean,
          start: number,
          timeout: number,
        ) => Promise<[number, number]>;
      };
      const field = document.querySelector(`[data-testid="${testid}"]`) as
        HTMLInputElement | HTMLTextAreaElement | null;
      if (!field) throw new Error(`no field ${testid}`);
      field.focus();
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const done = new Function(`return (${expect})`) as () => boolean;
      const start = performance.now();
      field.dispatchEvent(new Event('change', { bubbles: true }));
      return w.__benchWait(done, start, timeout);
    },
    { testid, value, expect, timeout: STEP_TIMEOUT },
  );
}

/** Selects a node by clicking it on the canvas; the inspector then shows it. */
export async function selectNode(page: Page, id: string): Promise<void> {
  const node = page.locator(`.svelte-flow__node[data-id="${id}"]`);
  await node.click({ timeout: STEP_TIMEOUT });
  await page.getByTestId('tab-inspector').click();
  await page.getByTestId('node-inspector').waitFor();
}

/** Drags a node across the canvas in small pointer steps while a rAF loop records frame times. */
export async function dragNode(page: Page, id: string): Promise<number[]> {
  const box = await page.locator(`.svelte-flow__node[data-id="${id}"]`).boundingBox();
  if (!box) throw new Error(`node ${id} is not on screen`);
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (!canvas) throw new Error('no canvas');
  await page.evaluate(() => {
    const w = window as unknown as { __benchFrames: number[]; __benchFrameStop: boolean };
    w.__benchFrames = [];
    w.__benchFrameStop = false;
    let last = performance.now();
    const tick = (now: number) => {
      w.__benchFrames.push(now - last);
      last = now;
      if (!w.__benchFrameStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  const x0 = box.x + box.width / 2;
  const y0 = box.y + box.height / 2;
  // Across most of the canvas width and a little down, 80 pointer moves.
  const dx = canvas.x + canvas.width * 0.85 - x0;
  const dy = canvas.height * 0.2;
  const steps = 80;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + (dx * i) / steps, y0 + (dy * i) / steps);
  }
  await page.mouse.up();
  return page.evaluate(async () => {
    const w = window as unknown as { __benchFrames: number[]; __benchFrameStop: boolean };
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    w.__benchFrameStop = true;
    return w.__benchFrames.slice(1);
  });
}

export async function benchUi(options: UiOptions): Promise<UiResult> {
  const index = join(options.rendererDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(
      `no built renderer at ${options.rendererDir}: run npm run build:renderer first`,
    );
  }
  const notes: string[] = [
    `UI measured on the renderer built ${statSync(index).mtime.toISOString()} (${options.rendererDir})`,
  ];
  const plan = generateSyntheticPlan({ nodes: options.nodes, seed: options.seed });
  const text = serializePlan(plan);
  const { chromium } = await import('playwright-core');
  const server = await serveStatic(options.rendererDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
    timeout: STEP_TIMEOUT,
  });
  const errors: string[] = [];
  try {
    const open: number[] = [];
    const openDom: number[] = [];
    const longest: number[] = [];
    let page: Page | null = null;
    // Each run in a fresh context: empty IndexedDB, cold page, as a user opening the file.
    for (let run = 0; run < options.runs; run++) {
      if (page) await page.context().close();
      page = await startPage(browser, server.url, errors);
      const [dom, painted] = await openPlan(page, text, plan.name);
      openDom.push(dom);
      open.push(painted);
      const tasks = await page.evaluate(
        () => (window as unknown as { __benchLongTasks: { duration: number }[] }).__benchLongTasks,
      );
      longest.push(Math.max(0, ...tasks.map((t) => t.duration)));
    }
    page = page!;
    options.progress(`  open: ${open.map((x) => x.toFixed(0)).join(', ')} ms`);
    const rendered = await page.locator('.svelte-flow__node').count();

    // The node of the first row of the flow table: its name is in the table's first rows.
    const target = plan.connections
      .slice()
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((c) => (c.from < c.to ? c.from : c.to))[0]!;
    const targetNode = plan.nodes.find((n) => n.id === target)!;
    const other = plan.nodes.find((n) => n.id !== target && n.addresses.length > 0)!;
    await selectNode(page, target);

    const editAddress: number[] = [];
    const editName: number[] = [];
    const warningsBadge = `document.querySelector('[data-testid="tab-warnings"] .badge')?.textContent?.trim()`;
    // Edits are quick: at least five samples each.
    for (let run = 0; run < Math.max(5, options.runs); run++) {
      // Duplicate another node's address: the result's warnings change (badge count).
      const before = await page.evaluate(`${warningsBadge}`);
      const [, addrPainted] = await editField(
        page,
        'field-addresses',
        run % 2 === 0 ? other.addresses[0]! : targetNode.addresses[0]!,
        `${warningsBadge} !== ${JSON.stringify(before)}`,
      );
      editAddress.push(addrPainted);
      // Rename: every flow row of this node shows the new name.
      const name = `${targetNode.name}-R${run}`;
      const [, namePainted] = await editField(
        page,
        'field-name',
        name,
        `[...document.querySelectorAll('[data-testid="flow-row"] td.c-from, [data-testid="flow-row"] td.c-to')].some((td) => td.textContent.trim() === ${JSON.stringify(name)})`,
      );
      editName.push(namePainted);
    }
    options.progress(
      `  edit address: ${editAddress.map((x) => x.toFixed(0)).join(', ')} ms; name: ${editName.map((x) => x.toFixed(0)).join(', ')} ms`,
    );

    // An address in another zone's network moves the node into that zone's frame (it follows its
    // address), possibly out of view; and the first node may sit at the very edge of the fitted
    // view. Drag the node nearest the centre of the canvas instead.
    const dragId = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
      const cx = c.left + c.width / 2;
      const cy = c.top + c.height / 2;
      let best = '';
      let bestD = Infinity;
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.svelte-flow__node'))) {
        const r = el.getBoundingClientRect();
        const d = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
        if (d < bestD) {
          bestD = d;
          best = el.dataset.id ?? '';
        }
      }
      return best;
    });
    const frames = await dragNode(page, dragId || target);
    const drag = spreadOf(frames);
    options.progress(`  drag: ${frames.length} frames, median ${drag.median.toFixed(1)} ms`);
    if (errors.length > 0)
      notes.push(`UI: console errors during the run: ${errors.slice(0, 3).join(' | ')}`);
    return {
      browserVersion: browser.version(),
      timings: {
        open: spreadOf(open),
        'open-dom': spreadOf(openDom),
        'edit-address': spreadOf(editAddress),
        'edit-name': spreadOf(editName),
        'drag-frame': drag,
      },
      values: {
        'open-longest-task': spreadOf(longest).median,
        'canvas-nodes-rendered': rendered,
        'drag-frames': frames.length,
        'drag-frame-max': drag.max,
        'drag-frames-over-50ms': frames.filter((f) => f > 50).length,
      },
      notes,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
