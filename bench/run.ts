// `npm run bench`: times the whole pipeline on synthetic plans of 10 to 5 000 nodes (DESIGN "Performance").
// Flags: --sizes 10,100  --runs N  --warmup N  --seed N  --no-ui  --no-pdf  --json  --renderer DIR
import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type SizeResult, benchSize, loadOptionalModules } from './core';
import { loadReportFonts } from './fonts';
import { documentTargets, pdfPages, samplePdfPages } from './pages';
import { type Clock, type Spread, type Stats, measureAsync, onClock } from './stats';
import { PROCESS_TARGETS, type ProcessResult, benchProcesses } from './process';
import { type Target, growthTable, renderHuman } from './report';
import { REPORT_GROWTH_SIZES, type ReportGrowthResult, benchReportGrowth } from './report-growth';

interface Args {
  sizes: number[];
  runs: number;
  warmup: number;
  seed: number;
  ui: boolean;
  pdf: boolean;
  json: boolean;
  renderer: string;
  pdfMax: number;
  uiNodes: number;
  process: boolean;
  processNodes: number;
  reportSizes: number[];
  clock: Clock;
}

const USAGE = `Usage: npm run bench -- [--sizes 10,100,1000,5000] [--runs N] [--warmup N] [--seed N]
                        [--no-ui] [--no-pdf] [--json] [--clock wall|cpu] [--renderer DIR]
                        [--ui-nodes N] [--no-process] [--process-nodes N]
                        [--report-sizes 1000,4000,16000|none]
  --runs      measured runs per metric (default 7; PDF uses at most 3)
  --warmup    unmeasured runs first (default 2)
  --no-ui     skip the Chromium UI figures (needs a built renderer: npm run build:renderer)
  --no-pdf    skip the change-request PDF (printed by /usr/bin/chromium, sizes up to 1 000)
  --json      print one JSON object instead of the table
  --clock     wall (default) or cpu: CPU time of this process per call, steadier on a loaded
              machine; targets and growth use this clock (browser and PDF figures stay wall)
  --renderer  built renderer to serve (default dist/renderer)
  --ui-nodes  plan size for the UI figures (default 1000)
  --no-process     skip the whole-process figures (built CLI dist/cli/portolan.cjs as a child
                   process: node start, module loading, plan file, output files, exit)
  --process-nodes  plan size for the whole-process figures (default 1000)
  --report-sizes   plan sizes of the change-request HTML growth section (default
                   1000,4000,16000; --report-sizes none skips it)`;

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    sizes: [10, 100, 1000, 5000],
    runs: 7,
    warmup: 2,
    seed: 1,
    ui: true,
    pdf: true,
    json: false,
    renderer: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    pdfMax: 1000,
    uiNodes: 1000,
    process: true,
    processNodes: 1000,
    reportSizes: [...REPORT_GROWTH_SIZES],
    clock: 'wall',
  };
  const int = (v: string | undefined, flag: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`${flag} needs an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--sizes') {
      args.sizes = (argv[++i] ?? '').split(',').map((s) => int(s.trim(), '--sizes', 8));
    } else if (a === '--runs') args.runs = int(argv[++i], a, 1);
    else if (a === '--warmup') args.warmup = int(argv[++i], a, 0);
    else if (a === '--seed') args.seed = int(argv[++i], a, 0);
    else if (a === '--ui-nodes') args.uiNodes = int(argv[++i], a, 8);
    else if (a === '--process-nodes') args.processNodes = int(argv[++i], a, 8);
    else if (a === '--no-process') args.process = false;
    else if (a === '--report-sizes') {
      const list = argv[++i] ?? '';
      args.reportSizes =
        list === 'none' ? [] : list.split(',').map((s) => int(s.trim(), '--report-sizes', 8));
    } else if (a === '--renderer') args.renderer = argv[++i] ?? usage('--renderer needs a folder');
    else if (a === '--clock') {
      const c = argv[++i];
      if (c !== 'wall' && c !== 'cpu') usage('--clock is wall or cpu');
      args.clock = c;
    } else if (a === '--no-ui') args.ui = false;
    else if (a === '--no-pdf') args.pdf = false;
    else if (a === '--json') args.json = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else usage(`unknown argument ${a}`);
  }
  args.sizes = [...new Set(args.sizes)].sort((x, y) => x - y);
  return args;
}

function usage(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Progress on stderr so `--json` stdout stays one parseable object. */
function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadStart = loadavg();
  const modules = await loadOptionalModules();
  const notes: string[] = [...modules.notes];
  const fonts = loadReportFonts();

  const results = new Map<number, SizeResult>();
  const timings = new Map<number, Record<string, Spread>>();
  const values = new Map<number, Record<string, number>>();
  for (const size of args.sizes) {
    progress(`${size} nodes…`);
    const r = benchSize(size, modules, fonts, {
      runs: args.runs,
      warmup: args.warmup,
      seed: args.seed,
      keepReportHtml: args.pdf && size <= args.pdfMax,
    });
    results.set(size, r);
    timings.set(size, { ...r.timings });
    values.set(size, {
      'count.nodes': r.nodes,
      'count.connections': r.connections,
      'count.flows': r.flows,
      'count.warnings': r.warnings,
      ...Object.fromEntries(Object.entries(r.bytes).map(([k, v]) => [`bytes.${k}`, v])),
    });
  }

  let processes: ProcessResult | undefined;
  if (args.process) {
    processes = benchProcesses({
      cli: fileURLToPath(new URL('../dist/cli/portolan.cjs', import.meta.url)),
      nodes: args.processNodes,
      seed: args.seed,
      runs: args.runs,
      warmup: Math.max(1, args.warmup),
      progress,
    });
    notes.push(...processes.notes);
  }

  let reportGrowth: ReportGrowthResult | undefined;
  const renderHtml = modules.renderReportHtml;
  if (renderHtml && args.reportSizes.length > 1) {
    reportGrowth = benchReportGrowth({
      sizes: args.reportSizes,
      seed: args.seed,
      runs: Math.min(args.runs, 5),
      warmup: Math.min(args.warmup, 1),
      clock: args.clock,
      render: (plan, result) => renderHtml(plan, result, fonts),
      progress,
    });
  }

  let chromiumVersion: string | undefined;
  let samplePages: number | undefined;
  if (args.pdf) {
    const pdfSizes = args.sizes.filter((s) => s <= args.pdfMax && results.get(s)?.reportHtml);
    if (!modules.renderReportHtml) notes.push('PDF skipped: no change-request HTML');
    else if (pdfSizes.length > 0) {
      const { renderPdf } = await import('../src-main/pdf-chromium');
      const pdfRuns = Math.min(args.runs, 3);
      for (const size of pdfSizes) {
        progress(`PDF of ${size} nodes…`);
        const html = results.get(size)!.reportHtml!;
        let bytes = 0;
        let pdf: Uint8Array = new Uint8Array();
        try {
          // Each print launches Chromium, as `portolan report` does: the launch is part of it.
          const spread = await measureAsync(
            async () => {
              pdf = await renderPdf(html, { paper: 'a4' });
              bytes = pdf.length;
            },
            // A 1 000-node document prints for about a minute: one sample keeps the bench short.
            size >= 1000 ? 1 : pdfRuns,
            size === pdfSizes[0] ? 1 : 0,
          );
          timings.get(size)!['report:pdf'] = spread;
          values.get(size)!['bytes.report:pdf'] = bytes;
          values.get(size)!['pages.report:pdf'] = pdfPages(pdf);
        } catch (error) {
          notes.push(`PDF skipped: ${String((error as Error).message).split('\n')[0]}`);
          break;
        }
      }
      // The distributed sample, as a new user prints it (default options, appendix included).
      try {
        progress('PDF of the distributed sample…');
        const sample = await samplePdfPages(renderPdf);
        samplePages = sample;
        notes.push(`distributed sample: change request of ${sample} pages (A4, default options)`);
      } catch (error) {
        notes.push(`sample PDF skipped: ${String((error as Error).message).split('\n')[0]}`);
      }
    }
  }

  if (args.ui) {
    const { benchUi } = await import('./ui');
    progress(`UI figures on a ${args.uiNodes}-node plan…`);
    try {
      const ui = await benchUi({
        rendererDir: args.renderer,
        nodes: args.uiNodes,
        seed: args.seed,
        runs: Math.min(args.runs, 3),
        progress,
      });
      chromiumVersion = ui.browserVersion;
      notes.push(...ui.notes);
      const t = timings.get(args.uiNodes) ?? {};
      for (const [k, v] of Object.entries(ui.timings)) t[`ui:${k}`] = v;
      timings.set(args.uiNodes, t);
      const v = values.get(args.uiNodes) ?? { 'count.nodes': args.uiNodes };
      for (const [k, n] of Object.entries(ui.values)) v[`ui.${k}`] = n;
      values.set(args.uiNodes, v);
    } catch (error) {
      notes.push(`UI figures skipped: ${String((error as Error).message).split('\n')[0]}`);
    }
  }

  const sizes = [...new Set([...args.sizes, ...timings.keys()])].sort((a, b) => a - b);
  // Everything judged (growth, targets, medians printed) is on the chosen clock.
  const view = new Map<number, Record<string, Stats>>(
    [...timings].map(([size, map]) => [
      size,
      Object.fromEntries(Object.entries(map).map(([k, v]) => [k, onClock(v, args.clock)])),
    ]),
  );
  const growth = growthTable(
    sizes.filter((s) => args.sizes.includes(s)),
    view,
  );
  const targets = [
    ...evaluateTargets(sizes, view, growth, timings),
    ...documentTargets(values, (size) => timings.get(size)?.['report:pdf']?.median, samplePages),
    ...processTargets(processes),
    ...reportGrowthTargets(reportGrowth),
  ];
  const machine = {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryBytes: totalmem(),
    freeMemoryBytesAtStart: freemem(),
    node: process.version,
    os: `${process.platform} ${release()}`,
    chromium: chromiumVersion ?? null,
    loadAverageAtStart: loadStart.map((x) => Math.round(x * 100) / 100),
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
  };

  if (args.json) {
    const out = {
      machine,
      config: {
        runs: args.runs,
        warmup: args.warmup,
        seed: args.seed,
        clock: args.clock,
        unit: 'ms (bytes.* in bytes, count.* in items)',
      },
      sizes: Object.fromEntries(
        sizes.map((s) => [
          String(s),
          {
            ...Object.fromEntries(
              Object.entries(view.get(s) ?? {}).map(([k, v]) => [k, round(v.median)]),
            ),
            ...values.get(s),
          },
        ]),
      ),
      spread: Object.fromEntries(
        sizes.map((s) => [
          String(s),
          Object.fromEntries(
            Object.entries(timings.get(s) ?? {}).map(([k, v]) => [
              k,
              {
                wall: {
                  median: round(v.median),
                  min: round(v.min),
                  p10: round(v.p10),
                  p90: round(v.p90),
                  max: round(v.max),
                },
                ...(v.cpu
                  ? {
                      cpu: {
                        median: round(v.cpu.median),
                        min: round(v.cpu.min),
                        p90: round(v.cpu.p90),
                      },
                    }
                  : {}),
                runs: v.runs,
              },
            ]),
          ),
        ]),
      ),
      growth,
      targets,
      notes,
      // Whole-process figures (wall and children's CPU ms per command), beside the in-process ones.
      ...(processes
        ? {
            process: {
              nodes: processes.nodes,
              commands: Object.fromEntries(
                Object.entries(processes.commands).map(([k, v]) => [
                  k,
                  {
                    wall: { median: round(v.median), min: round(v.min), p90: round(v.p90) },
                    ...(v.cpu
                      ? { cpu: { median: round(v.cpu.median), min: round(v.cpu.min) } }
                      : {}),
                    runs: v.runs,
                  },
                ]),
              ),
            },
          }
        : {}),
      // Change-request HTML at growing sizes (median ms on the chosen clock, and the ratios).
      ...(reportGrowth
        ? {
            reportGrowth: {
              sizes: Object.fromEntries(
                [...reportGrowth.sizes].map(([n, v]) => [
                  String(n),
                  round(onClock(v, args.clock).median),
                ]),
              ),
              growth: reportGrowth.growth,
            },
          }
        : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(
      renderHuman({
        machine,
        clock: args.clock,
        sizes,
        timings: view,
        values,
        growth,
        targets,
        notes,
        ...(processes ? { processes } : {}),
        ...(reportGrowth ? { reportGrowth } : {}),
      }),
    );
  }
}

/** The report's growth: at most 1.2× linear between consecutive sizes (issue 15). */
function reportGrowthTargets(growth: ReportGrowthResult | undefined): Target[] {
  if (!growth) return [];
  return Object.entries(growth.growth).map(([step, ratio]) => {
    const [a, b] = step.split('→').map(Number) as [number, number];
    const limit = (1.2 * b) / a;
    return {
      name: `growth of change-request HTML, ${a}→${b} nodes (${b / a}×)`,
      value: ratio,
      limit,
      unit: '×' as const,
      pass: ratio <= limit,
    };
  });
}

/** Whole-process targets: median wall time of the command, CPU time of the child beside it. */
function processTargets(processes: ProcessResult | undefined): Target[] {
  if (!processes) return [];
  return Object.entries(PROCESS_TARGETS).flatMap(([name, limit]) => {
    const spread = processes.commands[name as keyof typeof PROCESS_TARGETS];
    if (!spread || limit === undefined) return [];
    return [
      {
        name: `whole process: ${name}, ${processes.nodes} nodes`,
        value: spread.median,
        limit,
        unit: 'ms' as const,
        cpu: spread.cpu?.median,
        pass: spread.median <= limit,
      },
    ];
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** DESIGN.md targets, each checked where it applies (medians on the chosen clock). */
function evaluateTargets(
  sizes: readonly number[],
  view: ReadonlyMap<number, Record<string, Stats>>,
  growth: Record<string, Record<string, number>>,
  raw: ReadonlyMap<number, Record<string, Spread>>,
): Target[] {
  const out: Target[] = [];
  const largest = Math.max(...sizes.filter((s) => view.get(s)?.['compute']));
  const t = view.get(largest) ?? {};
  const cpuOf = (key: string) => raw.get(largest)?.[key]?.cpu?.median;
  if (t['compute']) {
    out.push({
      name: `computeFlows (flows + validation), ${largest} nodes`,
      value: t['compute'].median,
      limit: 100,
      unit: 'ms',
      cpu: cpuOf('compute'),
    });
  }
  if (t['policy']) {
    out.push({
      name: `buildPolicy (rule sets), ${largest} nodes`,
      value: t['policy'].median,
      limit: 500,
      unit: 'ms',
      cpu: cpuOf('policy'),
    });
  }
  for (const [k, v] of Object.entries(t)) {
    if (k.startsWith('export:') && k !== 'export:all') {
      out.push({
        name: `${k}, ${largest} nodes`,
        value: v.median,
        limit: 250,
        unit: 'ms',
        cpu: cpuOf(k),
      });
    }
  }
  for (const [step, ratios] of Object.entries(growth)) {
    const [a, b] = step.split('→').map(Number) as [number, number];
    // Fixed per-call costs dominate tiny plans; linearity is judged from 100 nodes up.
    if (a < 100) continue;
    for (const [k, ratio] of Object.entries(ratios)) {
      if (k.startsWith('ui:') || k === 'report:pdf') continue;
      out.push({
        name: `growth of ${k}, ${a}→${b} nodes (${b / a}×)`,
        value: ratio,
        limit: (1.2 * b) / a,
        unit: '×',
      });
    }
  }
  for (const [size, map] of view) {
    if (map['ui:open']) {
      out.push({
        name: `UI: open ${size}-node plan`,
        value: map['ui:open'].median,
        limit: 2000,
        unit: 'ms',
      });
    }
    for (const key of ['ui:edit-address', 'ui:edit-name']) {
      if (map[key]) {
        out.push({
          name: `UI: ${key.slice(3)} → flow table, ${size} nodes`,
          value: map[key].median,
          limit: 100,
          unit: 'ms',
        });
      }
    }
  }
  return out.map((x) => ({ ...x, pass: x.value <= x.limit }));
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
