// Public API of the change-request report: model, risk, diagram, HTML and Markdown rendering.
import type { Catalog } from '../catalog/types';
import type { FlowResult } from '../flows/types';
import type { Plan } from '../plan/types';
import { type EmbeddedFont, renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { type PlanVersion, buildDeltaChangeRequest } from './delta';
import { type BuildOptions, type Paper, buildChangeRequest } from './model';

export * from './model';
export * from './delta';
export * from './risk';
export * from './scripts';
export * from './rules';
export { checkCommand, checkTarget, type CheckCommand, type CheckShell } from './verification';
export { renderDiagram, escapeXml, type DiagramSvg } from './diagram';
export { renderHtml, escapeHtml, cssString, type EmbeddedFont, type HtmlOptions } from './html';
export { renderMarkdown, escapeMarkdown } from './markdown';

/** Output formats of the report (CLI `--format`). */
export type ReportFormat = 'pdf' | 'html' | 'md';

export interface ReportOptions extends BuildOptions {
  readonly paper: Paper;
  readonly fonts?: readonly EmbeddedFont[];
  /** The baseline version: renders the delta change request (what changed since it). */
  readonly since?: PlanVersion;
  /** What the delta document calls the baseline (default: its plan name and change number). */
  readonly sinceLabel?: string;
}

/** Builds the document and renders it as HTML (the input of PDF printing) or Markdown. */
export function renderReport(
  plan: Plan,
  catalog: Catalog,
  result: FlowResult,
  format: 'html' | 'md',
  options: ReportOptions,
): string {
  const { since, sinceLabel, ...build } = options;
  const doc = since
    ? buildDeltaChangeRequest(
        since,
        { plan, catalog, result },
        {
          ...build,
          ...(sinceLabel !== undefined ? { sinceLabel } : {}),
        },
      )
    : buildChangeRequest(plan, catalog, result, build);
  return format === 'md'
    ? renderMarkdown(doc)
    : renderHtml(doc, { paper: options.paper, ...(options.fonts ? { fonts: options.fonts } : {}) });
}
