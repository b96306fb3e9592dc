// Flow matrix as CSV (RFC 4180): one row per flow, local flows included and marked.
import type { Flow } from '../flows/types';
import type { Exporter, ExportInput, ExportResult } from './exporter';
import { csvRecords, csvText } from './escape/csv';
import type { ExportModel, HostInfo } from './model';
import { buildModel, portText } from './model';

const LABEL = 'Flow matrix (CSV)';

/** Column order of flows.csv; documented in the README. */
export const CSV_COLUMNS = [
  'from_id',
  'from_name',
  'from_hostname',
  'from_addresses',
  'from_zone',
  'to_id',
  'to_name',
  'to_hostname',
  'to_addresses',
  'to_zone',
  'protocol',
  'ports',
  'purpose',
  'rule',
  'source_document',
  'source_table',
  'source_row',
  'conditions',
  'override',
  'local',
  'connection',
  'plan',
  'catalog',
  'justification',
  'owner',
  'expires',
] as const;

function zoneName(model: ExportModel, h: HostInfo | undefined): string {
  const id = h?.node.zone;
  if (!id) return '';
  return model.plan.zones.find((z) => z.id === id)?.name ?? id;
}

function row(model: ExportModel, f: Flow): string[] {
  const from = model.hosts.get(f.from);
  const to = model.hosts.get(f.to);
  const t = (s: string | undefined | null) => csvText(s ?? '');
  return [
    t(f.from),
    t(from?.node.name),
    t(from?.hostname),
    from ? [...from.v4, ...from.v6].join(' ') : '',
    t(zoneName(model, from)),
    t(f.to),
    t(to?.node.name),
    t(to?.hostname),
    to ? [...to.v4, ...to.v6].join(' ') : '',
    t(zoneName(model, to)),
    f.protocol,
    portText(f.ports),
    t(f.purpose),
    t(f.rule),
    t(f.source.document),
    t(f.source.table),
    String(f.source.row),
    t(f.conditions.join('; ')),
    f.override
      ? t(
          `${f.override.service} on ${f.override.node} (catalog ${portText(f.override.catalogPorts)})`,
        )
      : '',
    f.local ? 'yes' : 'no',
    t(f.connection),
    t(model.plan.name),
    t(model.catalog.edition),
    t(f.custom?.justification),
    t(f.custom?.owner),
    t(f.custom?.expires),
  ];
}

export const csv: Exporter = {
  id: 'csv',
  label: LABEL,
  description:
    'flows.csv: one row per flow with names, addresses, zones, ports, purpose, rule and table row.',
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    // RFC 4180 has no comment syntax: the plan and catalog edition are columns instead of a header.
    const rows = model.flows
      .filter((f) => model.inScope(f.from) || model.inScope(f.to))
      .map((f) => row(model, f));
    const content = csvRecords([[...CSV_COLUMNS], ...rows]);
    return {
      files: [{ name: 'flows.csv', content, language: 'plaintext' }],
      warnings: model.warnings.list(),
    };
  },
};
