// Human-readable benchmark output: per-size table with spread, growth ratios, targets PASS/MISS.
import type { ProcessResult } from './process';
import type { ReportGrowthResult } from './report-growth';
import { type Clock, type Stats, onClock } from './stats';

/** One DESIGN.md target checked against a measured value. */
export interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: 'ms' | '×' | 'pages';
  /** CPU time per call (ms) beside a wall-clock value, when measured. */
  readonly cpu?: number | undefined;
  readonly pass?: boolean;
}

/** Ratio of medians between consecutive sizes, per metric present at both. */
export function growthTable(
  sizes: readonly number[],
  timings: ReadonlyMap<number, Record<string, Stats>>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (let i = 1; i < sizes.length; i++) {
    const a = timings.get(sizes[i - 1]!) ?? {};
    const b = timings.get(sizes[i]!) ?? {};
    const ratios: Record<string, number> = {};
    for (const [k, v] of Object.entries(b)) {
      const before = a[k];
      if (before && before.median > 0)
        ratios[k] = Math.round((v.median / before.median) * 100) / 100;
    }
    out[`${sizes[i - 1]}→${sizes[i]}`] = ratios;
  }
  return out;
}

function ms(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

function mb(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const LABELS: Record<string, string> = {
  load: 'plan parse + validate (parsePlanText)',
  flows: 'flow computation (engine only)',
  validate: 'validation warnings (alone)',
  compute: 'computeFlows (flows + warnings)',
  merge: 'mergeFlows',
  policy: 'buildPolicy (rule sets over groups)',
  'export:all': 'all export formats from one result',
  'report:html': 'change-request HTML',
  'report:pdf': 'change-request PDF (incl. Chromium start)',
  'ui:open': 'UI: open plan → rendered + interactive',
  'ui:edit-address': 'UI: edit address → flow table/warnings updated',
  'ui:edit-name': 'UI: edit name → flow table shows it',
  'ui:drag-frame': 'UI: drag a node, frame time',
};

export interface HumanInput {
  readonly machine: Record<string, unknown>;
  readonly clock: Clock;
  readonly sizes: readonly number[];
  readonly timings: ReadonlyMap<number, Record<string, Stats>>;
  readonly values: ReadonlyMap<number, Record<string, number>>;
  readonly growth: Record<string, Record<string, number>>;
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
  /** Whole-process figures, when measured. */
  readonly processes?: ProcessResult;
  /** Change-request HTML at growing sizes, when measured. */
  readonly reportGrowth?: ReportGrowthResult;
}

export function renderHuman(input: HumanInput): string {
  const { machine, clock, sizes, timings, values, growth, targets, notes } = input;
  const out: string[] = [];
  const m = machine as Record<string, string | number | number[]>;
  out.push(
    `Portolan benchmark — ${m['cpu']}, ${m['cores']} cores, ${mb(Number(m['memoryBytes']))} RAM, Node ${m['node']}` +
      (m['chromium'] ? `, Chromium ${m['chromium']}` : ''),
    `load average at start ${(m['loadAverageAtStart'] as number[]).join(' ')}, at end ${(m['loadAverageAtEnd'] as number[]).join(' ')}; ${m['durationSeconds']} s`,
    '',
  );

  const metricOrder: string[] = [];
  for (const s of sizes) {
    for (const k of Object.keys(timings.get(s) ?? {}))
      if (!metricOrder.includes(k)) metricOrder.push(k);
  }
  const header = [
    clock === 'cpu' ? 'median CPU ms (p10–p90)' : 'median ms (p10–p90)',
    ...sizes.map((s) => `${s} nodes`),
  ];
  const rows = metricOrder.map((k) => [
    LABELS[k] ?? k.replace(/^export:/, 'export '),
    ...sizes.map((s) => {
      const v = timings.get(s)?.[k];
      return v ? `${ms(v.median)} (${ms(v.p10)}–${ms(v.p90)})` : '';
    }),
  ]);
  const count = (label: string, key: string, fmt: (n: number) => string = String) => [
    label,
    ...sizes.map((s) => {
      const v = values.get(s)?.[key];
      return v === undefined ? '' : fmt(v);
    }),
  ];
  rows.unshift(
    count('connections', 'count.connections'),
    count('flows', 'count.flows'),
    count('warnings', 'count.warnings'),
  );
  rows.push(
    count('plan file', 'bytes.plan', mb),
    count('change-request PDF pages', 'pages.report:pdf'),
    count('heap retained by plan + result', 'bytes.retainedHeap', mb),
    count('heap high-water (process)', 'bytes.heapPeak', mb),
    count('RSS high-water (process)', 'bytes.rssPeak', mb),
  );
  const uiValues = sizes.flatMap((s) =>
    Object.keys(values.get(s) ?? {}).filter((k) => k.startsWith('ui.')),
  );
  for (const k of [...new Set(uiValues)]) rows.push(count(`UI ${k.slice(3)}`, k, (n) => ms(n)));
  out.push(table(header, rows), '');

  const steps = Object.keys(growth);
  if (steps.length > 0) {
    const growthMetrics = metricOrder.filter((k) =>
      steps.some((st) => growth[st]![k] !== undefined),
    );
    out.push(
      table(
        ['growth (time ratio)', ...steps.map((st) => `${st}`)],
        growthMetrics.map((k) => [
          LABELS[k] ?? k,
          ...steps.map((st) => {
            const r = growth[st]![k];
            return r === undefined ? '' : `${r.toFixed(2)}×`;
          }),
        ]),
      ),
      '',
    );
  }

  if (input.processes && Object.keys(input.processes.commands).length > 0) {
    const p = input.processes;
    out.push(
      table(
        [
          `whole process, ${p.nodes}-node plan`,
          'min ms',
          'median ms',
          'p90 ms',
          'CPU min',
          'CPU median',
        ],
        Object.entries(p.commands).map(([name, v]) => [
          name,
          ms(v.min),
          ms(v.median),
          ms(v.p90),
          v.cpu ? ms(v.cpu.min) : '',
          v.cpu ? ms(v.cpu.median) : '',
        ]),
      ),
      '',
    );
  }

  if (input.reportGrowth) {
    const g = input.reportGrowth;
    const steps = Object.entries(g.growth);
    out.push(
      table(
        ['change-request HTML', 'median ms (p10–p90)', 'growth'],
        [...g.sizes].map(([n, spread], i) => {
          const v = onClock(spread, clock);
          return [
            `${n} nodes`,
            `${ms(v.median)} (${ms(v.p10)}–${ms(v.p90)})`,
            i === 0 ? '' : `${steps[i - 1]![1].toFixed(2)}× (${steps[i - 1]![0]})`,
          ];
        }),
      ),
      '',
    );
  }

  out.push(
    table(
      ['target', 'measured', clock === 'wall' ? '(cpu)' : '', 'limit', ''],
      targets.map((t) => [
        t.name,
        t.unit === 'ms'
          ? `${ms(t.value)} ms`
          : t.unit === 'pages'
            ? `${t.value} pages`
            : `${t.value.toFixed(2)}×`,
        clock === 'wall' && t.cpu !== undefined ? `(${ms(t.cpu)})` : '',
        t.unit === 'ms'
          ? `< ${t.limit} ms`
          : t.unit === 'pages'
            ? `≤ ${t.limit} pages`
            : `≤ ${t.limit.toFixed(1)}×`,
        t.pass ? 'PASS' : 'MISS',
      ]),
    ),
  );
  const missed = targets.filter((t) => !t.pass).length;
  out.push('', `${targets.length - missed} of ${targets.length} targets met.`);
  for (const n of notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}
