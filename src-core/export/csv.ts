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

/** The five columns of one flow end (id, name, hostname, addresses, zone), escaped. */
type EndColumns = readonly [string, string, string, string, string];

/**
 * Builds rows; the columns of each host are computed once, not once per flow (a 5 000-node
 * plan has ~40 000 flows over 5 000 hosts).
 */
function rowBuilder(model: ExportModel): (f: Flow) => string[] {
  const zoneNames = new Map(model.plan.zones.map((z) => [z.id, z.name]));
  const zoneName = (h: HostInfo | undefined): string => {
    const id = h?.node.zone;
    if (!id) return '';
    return zoneNames.get(id) ?? id;
  };
  const t = (s: string | undefined | null) => csvText(s ?? '');
  const ends = new Map<string, EndColumns>();
  const end = (id: string): EndColumns => {
    let cols = ends.get(id);
    if (!cols) {
      const h = model.hosts.get(id);
      cols = [
        t(id),
        t(h?.node.name),
        t(h?.hostname),
        h ? [...h.v4, ...h.v6].join(' ') : '',
        t(zoneName(h)),
      ];
      ends.set(id, cols);
    }
    return cols;
  };
  const plan = t(model.plan.name);
  const catalog = t(model.catalog.edition);
  return (f) => [
    ...end(f.from),
    ...end(f.to),
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
    plan,
    catalog,
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
  // One file whatever the plan holds (a header row at least).
  files: () => [{ name: 'flows.csv' }],
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    // RFC 4180 has no comment syntax: the plan and catalog edition are columns instead of a header.
    const row = rowBuilder(model);
    const rows = model.flows.filter((f) => model.inScope(f.from) || model.inScope(f.to)).map(row);
    const content = csvRecords([[...CSV_COLUMNS], ...rows]);
    return {
      files: [{ name: 'flows.csv', content, language: 'plaintext' }],
      warnings: model.warnings.list(),
    };
  },
};
