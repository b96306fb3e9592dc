// Change-request page counts for the benchmark: pdfinfo on the printed PDF, and the distributed sample's document.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeFlows, getCatalog, parsePlanText } from '../src-core/index';
import { renderReport } from '../src-core/report/index';
import type { Paper } from '../src-core/report/model';
import { loadReportFonts } from './fonts';
import type { Target } from './report';

/** Pages of a PDF, read by poppler's pdfinfo (the tool the report tests use). */
export function pdfPages(pdf: Uint8Array): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'portolan-bench-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? Number.NaN);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the distributed sample's change request as `portolan report` does and counts pages. */
export async function samplePdfPages(
  renderPdf: (html: string, options: { paper: Paper }) => Promise<Uint8Array>,
): Promise<number> {
  const text = readFileSync(
    new URL('../resources/samples/distributed.portolan.json', import.meta.url),
    'utf8',
  );
  const parsed = parsePlanText(text);
  if (!parsed.ok) throw new Error('the distributed sample does not load');
  const plan = parsed.plan;
  const catalog = getCatalog(plan.catalog);
  const html = renderReport(plan, catalog, computeFlows(plan, catalog), 'html', {
    paper: 'a4',
    fonts: loadReportFonts(),
  });
  return pdfPages(await renderPdf(html, { paper: 'a4' }));
}

/** Issue 11's document sizes: the sample in ≤ 12 pages, 1 000 nodes in ≤ 60 pages and < 10 s. */
export function documentTargets(
  values: ReadonlyMap<number, Record<string, number>>,
  pdfMedian: (size: number) => number | undefined,
  samplePages: number | undefined,
): Target[] {
  const out: Target[] = [];
  if (samplePages !== undefined) {
    out.push({
      name: 'change request of the distributed sample',
      value: samplePages,
      limit: 12,
      unit: 'pages',
    });
  }
  const pages = values.get(1000)?.['pages.report:pdf'];
  if (pages !== undefined) {
    out.push({ name: 'change request, 1000 nodes', value: pages, limit: 60, unit: 'pages' });
  }
  const time = pdfMedian(1000);
  if (time !== undefined) {
    out.push({
      name: 'change-request PDF, 1000 nodes (wall)',
      value: time,
      limit: 10_000,
      unit: 'ms',
    });
  }
  return out.map((t) => ({ ...t, pass: t.value <= t.limit }));
}
