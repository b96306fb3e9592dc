// `portolan report PLAN --out FILE`: the change-request document as PDF (Chromium), HTML or Markdown.
import { resolve } from 'node:path';
import { computeFlows } from '../../src-core/index';
import { type PlanVersion, type ReportFormat, renderReport } from '../../src-core/report/index';
import { APPENDIX_FLOW_LIMIT, type AppendixMode, type Paper } from '../../src-core/report/model';
import { type GitShow, gitShow, withGitRevisions } from './plan-source';
import { REPORT_FONTS } from '../../resources/fonts/report-fonts';
import { writeFileAtomic } from '../files';
import { renderPdf } from '../pdf-chromium';
import { loadPlanFile, oneLine, parseArgs, parseProbeLimit, usageError } from './plan-file';
import type { CliCommand } from './types';
import { EXIT_INVALID, EXIT_OK } from './types';

const FORMATS: readonly ReportFormat[] = ['pdf', 'html', 'md'];
const PAPERS: readonly Paper[] = ['a4', 'letter'];

/** What the command does to the outside world; tests may replace the PDF printer or the writer. */
export interface ReportDeps {
  readonly renderPdf: (
    html: string,
    options: { paper: Paper; headerText?: string },
  ) => Promise<Uint8Array>;
  readonly writeFile: (file: string, data: string | Uint8Array) => Promise<void>;
  /** Reads `REV:PATH` for `--since` (default: `git show` in the working directory). */
  readonly gitShow?: GitShow;
}

/** The format an output file name implies: .html/.htm → html, .md → md, anything else → pdf. */
export function formatOfFile(file: string): ReportFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'md';
  return 'pdf';
}

/** Builds the report command with its effects injected (the default export uses the real ones). */
export function createReportCommand(deps: ReportDeps): CliCommand {
  return {
    name: 'report',
    summary: 'Write the change-request document (PDF, HTML or Markdown)',
    usage: [
      'Usage: portolan report PLAN --out FILE [--since OLD] [--paper a4|letter] [--format pdf|html|md]',
      '                           [--appendix on|off]',
      '',
      '  PLAN        a *.portolan.json plan file',
      '  --since     the approved version (a file, or REV:PATH read with `git show`): write the',
      '              delta change request, with only what PLAN adds and removes since OLD',
      '  --out       file to write (replaced atomically)',
      '  --paper     page size, a4 (default) or letter',
      '  --format    pdf (default; printed by Chromium), html or md; default from the --out extension',
      `  --appendix  the per-flow appendix: on, off; default on up to ${APPENDIX_FLOW_LIMIT} flows`,
      '              (above, the document points to the CSV export: portolan export --format csv)',
      '  --probe-limit N  verification probes at most N hosts of a group node, else a sample (default 64)',
      '',
      '  PDF printing uses Chromium at $PORTOLAN_CHROMIUM, else /usr/bin/chromium.',
    ].join('\n'),
    async run(args, io) {
      const parsed = parseArgs(
        args,
        [],
        ['--out', '--paper', '--format', '--appendix', '--since', '--probe-limit'],
      );
      if (typeof parsed === 'string') return usageError(io, this, parsed);
      if (parsed.positional.length !== 1)
        return usageError(io, this, 'expected exactly one PLAN file');
      const out = parsed.flags.get('--out');
      if (typeof out !== 'string') return usageError(io, this, 'option --out FILE is required');
      const paper = parsed.flags.get('--paper') ?? 'a4';
      if (!PAPERS.includes(paper as Paper)) {
        return usageError(io, this, `--paper must be a4 or letter, not "${String(paper)}"`);
      }
      const format = parsed.flags.get('--format') ?? formatOfFile(out);
      if (!FORMATS.includes(format as ReportFormat)) {
        return usageError(io, this, `--format must be pdf, html or md, not "${String(format)}"`);
      }

      const appendix = parsed.flags.get('--appendix') ?? 'auto';
      if (appendix !== 'auto' && appendix !== 'on' && appendix !== 'off') {
        return usageError(io, this, `--appendix must be on or off, not "${String(appendix)}"`);
      }
      const probeLimit = parseProbeLimit(parsed.flags.get('--probe-limit'));
      if (typeof probeLimit === 'string') return usageError(io, this, probeLimit);

      const file = parsed.positional[0]!;
      const loaded = await loadPlanFile(io, file);
      if (!loaded.ok) return loaded.exitCode;
      const { plan, catalog } = loaded;
      const result = computeFlows(plan, catalog);
      let since: PlanVersion | undefined;
      const sinceFile = parsed.flags.get('--since');
      if (typeof sinceFile === 'string') {
        const old = await loadPlanFile(withGitRevisions(io, deps.gitShow ?? gitShow), sinceFile);
        if (!old.ok) return old.exitCode;
        since = {
          plan: old.plan,
          catalog: old.catalog,
          result: computeFlows(old.plan, old.catalog),
        };
      }
      const options = {
        paper: paper as Paper,
        fonts: REPORT_FONTS,
        appendix: appendix as AppendixMode,
        ...(since ? { since } : {}),
        ...(probeLimit !== undefined ? { probeLimit } : {}),
      };
      const target = resolve(io.cwd, out);
      let data: string | Uint8Array;
      if (format === 'pdf') {
        const html = renderReport(plan, catalog, result, 'html', options);
        try {
          data = await deps.renderPdf(html, {
            paper: paper as Paper,
            headerText: plan.changeRequest?.number ?? '',
          });
        } catch (error) {
          io.stderr(`${out}: cannot print the PDF: ${oneLine((error as Error).message)}\n`);
          return EXIT_INVALID;
        }
      } else {
        data = renderReport(plan, catalog, result, format as 'html' | 'md', options);
      }
      try {
        await deps.writeFile(target, data);
      } catch (error) {
        io.stderr(`${out}: cannot write: ${oneLine((error as Error).message)}\n`);
        return EXIT_INVALID;
      }
      io.stdout(
        `${out}: ${String(format).toUpperCase()} ${since ? 'delta ' : ''}change request written (${paper === 'letter' ? 'US Letter' : 'A4'})\n`,
      );
      return EXIT_OK;
    },
  };
}

export const reportCommand: CliCommand = createReportCommand({
  renderPdf: (html, options) => renderPdf(html, options),
  writeFile: (file, data) => writeFileAtomic(file, data),
});

export default reportCommand;
