// Export dialog logic without UI: render the chosen formats for a scope, collect files and warnings.
import { EXPORTERS } from '../../../src-core/export/index';
import type { ExportFile, ExportFormatId, ExportScope } from '../../../src-core/export/index';
import type { Catalog, FlowResult, Plan } from '../../../src-core/index';
import { planPolicy } from '../../../src-core/export/netfw';
import { safeFileName } from '../../../src-core/util/file-name';

/** What the dialog offers as scope; "selection" uses the canvas selection. */
export type ScopeChoice =
  | { readonly kind: 'all' }
  | { readonly kind: 'zone'; readonly zone: string }
  | { readonly kind: 'selection' }
  /** One enforcement point by policy id (`net:mgmt>virt`): a zone pair's firewall. */
  | { readonly kind: 'point'; readonly point: string };

/** A network firewall the dialog offers as scope. */
export interface PointChoice {
  readonly id: string;
  /** "Management → Virtualisation (3 rules)". */
  readonly label: string;
}

/** The plan's network enforcement points (zone pairs a flow crosses), in policy order. */
export function networkPoints(input: {
  plan: Plan;
  catalog: Catalog;
  result: FlowResult;
}): PointChoice[] {
  const zones = new Map(input.plan.zones.map((z) => [z.id, z.name]));
  const name = (id: string) => zones.get(id) ?? (id || 'no zone');
  return planPolicy({ ...input, options: {} })
    .ruleSets.filter((rs) => rs.point.kind === 'network')
    .map((rs) => {
      const p = rs.point as { id: string; fromZone: string; toZone: string };
      const n = rs.rules.length;
      return {
        id: p.id,
        label: `${name(p.fromZone)} \u2192 ${name(p.toZone)} (${n} rule${n === 1 ? '' : 's'})`,
      };
    });
}

/** One file of the preview, with the format it belongs to. */
export interface PreviewFile extends ExportFile {
  readonly format: ExportFormatId;
  readonly formatLabel: string;
}

export interface ExportPreview {
  readonly files: readonly PreviewFile[];
  /** "<format label>: <message>", deduplicated. */
  readonly warnings: readonly string[];
  /** Formats that threw while rendering (a bug, shown rather than hidden). */
  readonly errors: readonly string[];
}

export function toExportScope(
  choice: ScopeChoice,
  selectedNodeIds: readonly string[],
): ExportScope {
  if (choice.kind === 'selection') return { kind: 'nodes', nodes: [...selectedNodeIds] };
  return choice;
}

/** Renders every chosen format, in table order. Pure: same input, same preview. */
export function renderExports(
  input: { plan: Plan; catalog: Catalog; result: FlowResult },
  formats: ReadonlySet<string>,
  scope: ExportScope,
  egress: boolean,
): ExportPreview {
  const files: PreviewFile[] = [];
  const warnings = new Set<string>();
  const errors: string[] = [];
  for (const exporter of EXPORTERS) {
    if (!formats.has(exporter.id)) continue;
    try {
      const r = exporter.render({ ...input, options: { scope, egress } });
      for (const f of r.files)
        files.push({ ...f, format: exporter.id, formatLabel: exporter.label });
      for (const w of r.warnings) warnings.add(`${exporter.label}: ${w.message}`);
    } catch (error) {
      errors.push(`${exporter.label}: ${(error as Error).message}`);
    }
  }
  return { files, warnings: [...warnings], errors };
}

/** A folder/zip name from the plan name: letters, digits, `-`, `_`, never empty. */
export function suggestedExportName(planName: string): string {
  const base = planName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return safeFileName(base, '-export');
}
