// Building the preview's document and HTML, in steps that report progress (run in a worker).
import { REPORT_FONTS } from '../../../resources/fonts/report-fonts';
import type { Catalog } from '../../../src-core/catalog/types';
import type { FlowResult } from '../../../src-core/flows/types';
import type { Plan } from '../../../src-core/plan/types';
import {
  buildChangeRequest,
  buildDeltaChangeRequest,
  renderHtml,
  type PlanVersion,
  type AppendixMode,
  type ChangeRequestDocument,
  type Paper,
} from '../../../src-core/report/index';

/** What one preview needs: plain data, so it can be posted to a worker. */
export interface PreviewRequest {
  readonly plan: Plan;
  readonly catalog: Catalog;
  readonly result: FlowResult;
  readonly paper: Paper;
  /** Per-flow appendix mode (absent: the default, `auto`). */
  readonly appendix?: AppendixMode;
  /** The baseline: when present, the delta change request (what changed since it). */
  readonly since?: PlanVersion;
  /** What the delta document calls the baseline. */
  readonly sinceLabel?: string;
}

/** A built preview: the document (for the summary and Markdown export) and its HTML. */
export interface PreviewResult {
  readonly doc: ChangeRequestDocument;
  /** The whole document, as exported. */
  readonly html: string;
  /** What the preview frame shows: `html`, or its first rows when the document is large. */
  readonly previewHtml: string;
  /** True when `previewHtml` shows only the first rows of each long section. */
  readonly trimmed: boolean;
}

/**
 * Rows a long section shows in the preview frame. Laying out thousands of pages in the frame
 * blocks the window for seconds to minutes (the frame renders in the page's thread), so a large
 * document is previewed by its beginning; exports always hold all of it.
 */
export const PREVIEW_ROWS = 600;

/** The document with each long list cut to about `rows` rows, and whether anything was cut. */
export function trimForPreview(
  doc: ChangeRequestDocument,
  rows: number = PREVIEW_ROWS,
): { readonly doc: ChangeRequestDocument; readonly trimmed: boolean } {
  let trimmed = false;
  const cut = <T>(list: readonly T[]): readonly T[] => {
    if (list.length <= rows) return list;
    trimmed = true;
    return list.slice(0, rows);
  };
  /** Groups kept while their rows add up to `rows`, the last one cut. */
  const cutGroups = <G>(
    groups: readonly G[],
    size: (g: G) => number,
    shorten: (g: G, n: number) => G,
  ): readonly G[] => {
    const out: G[] = [];
    let left = rows;
    for (const g of groups) {
      if (left <= 0) {
        trimmed = true;
        break;
      }
      const n = size(g);
      if (n > left) trimmed = true;
      out.push(n > left ? shorten(g, left) : g);
      left -= Math.min(n, left);
    }
    return out;
  };
  const next: ChangeRequestDocument = {
    ...doc,
    hosts: cut(doc.hosts),
    flows: cut(doc.flows),
    localFlows: cut(doc.localFlows),
    absent: cut(doc.absent),
    hostPolicies: cut(doc.hostPolicies),
    enforcementPoints: cutGroups(
      doc.enforcementPoints,
      (p) => p.flows.length,
      (p, n) => ({ ...p, flows: p.flows.slice(0, n) }),
    ),
    verification: cutGroups(
      doc.verification,
      (g) => g.checks.length,
      (g, n) => ({ ...g, checks: g.checks.slice(0, n) }),
    ),
  };
  return { doc: next, trimmed };
}

/** The notice at the top of a trimmed preview (plain text, no plan string in it). */
function trimmedNotice(doc: ChangeRequestDocument): string {
  return (
    '<div role="note" style="position:sticky;top:0;z-index:1;margin:0 0 8px;padding:8px 12px;' +
    'background:#fff8d6;border:1px solid #8a6d00;color:#222;font:13px/1.4 sans-serif">' +
    `Preview of a large document (${doc.summary.flows} flows, ${doc.summary.hosts} hosts): each ` +
    `long section shows its first ${PREVIEW_ROWS} rows. The exported PDF, HTML and Markdown ` +
    'hold the whole document.</div>'
  );
}

/** The steps of a build, in order; the preview frame loading the HTML is the last. */
export const PREVIEW_STEPS = [
  'flows, enforcement points and checks',
  'the HTML pages',
  'the print preview',
] as const;

/** Progress of a build: `step` (0-based) of PREVIEW_STEPS is under way. */
export interface PreviewProgress {
  readonly step: number;
}

/** Builds the document, then its HTML, telling `progress` before each step. */
export function buildPreview(
  request: PreviewRequest,
  progress: (p: PreviewProgress) => void = () => undefined,
): PreviewResult {
  progress({ step: 0 });
  const appendix = request.appendix !== undefined ? { appendix: request.appendix } : {};
  const doc = request.since
    ? buildDeltaChangeRequest(
        request.since,
        { plan: request.plan, catalog: request.catalog, result: request.result },
        { ...appendix, ...(request.sinceLabel ? { sinceLabel: request.sinceLabel } : {}) },
      )
    : buildChangeRequest(request.plan, request.catalog, request.result, appendix);
  progress({ step: 1 });
  const options = { paper: request.paper, fonts: REPORT_FONTS };
  const html = renderHtml(doc, options);
  const preview = trimForPreview(doc);
  const previewHtml = preview.trimmed
    ? renderHtml(preview.doc, options).replace('<body>', `<body>${trimmedNotice(doc)}`)
    : html;
  return { doc, html, previewHtml, trimmed: preview.trimmed };
}

/** Messages from the worker, each tagged with the request it answers. */
export type WorkerReply =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: PreviewProgress }
  | { readonly id: number; readonly kind: 'done'; readonly result: PreviewResult }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** A request to the worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly request: PreviewRequest;
}
