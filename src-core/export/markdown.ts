// Flow matrix as Markdown: network flows, local flows and export warnings, for change requests and wikis.
import { customText } from '../flows/custom';
import type { Flow } from '../flows/types';
import type { Exporter, ExportInput, ExportResult } from './exporter';
import { markdownText } from './escape/markdown';
import type { ExportModel } from './model';
import { buildModel, headerLines, joinLines, portText } from './model';
import { appendAll } from '../util/arrays';

const LABEL = 'Flow matrix (Markdown)';

const endpointCache = new WeakMap<ExportModel, Map<string, string>>();

function endpoint(model: ExportModel, id: string): string {
  let cache = endpointCache.get(model);
  if (!cache) endpointCache.set(model, (cache = new Map()));
  let cell = cache.get(id);
  if (cell === undefined) cache.set(id, (cell = endpointCell(model, id)));
  return cell;
}

function endpointCell(model: ExportModel, id: string): string {
  const h = model.hosts.get(id);
  if (!h) return markdownText(id);
  const where = [...h.v4, ...h.v6].join(', ') || h.hostname || 'no address';
  return `${markdownText(h.label)}<br>${markdownText(where)}`;
}

/** `make(key)` once per distinct key: flows of one rule repeat the same cells thousands of times. */
function memo(make: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = make(key)));
    return value;
  };
}

function table(model: ExportModel, flows: readonly Flow[]): string[] {
  const lines = [
    '| From | To | Protocol | Ports | Purpose | Rule | Source |',
    '|---|---|---|---|---|---|---|',
  ];
  const text = memo((s) => markdownText(s));
  const ruleCell = memo((rule) => `\`${rule.replace(/`/g, "'")}\``);
  for (const f of flows) {
    const notes = [
      ...(f.custom ? [customText(f.custom)] : []),
      ...f.conditions.map((c) => `applies: ${c}`),
      ...(f.override
        ? [`override on ${f.override.node}, catalog ${portText(f.override.catalogPorts)}`]
        : []),
    ];
    const purpose = text(f.purpose) + notes.map((n) => `<br>${text(n)}`).join('');
    lines.push(
      `| ${endpoint(model, f.from)} | ${endpoint(model, f.to)} | ${f.protocol.toUpperCase()} | ${portText(f.ports)} | ${purpose} | ${ruleCell(f.rule)} | ${text(f.custom ? `custom ${f.custom.kind}` : `${f.source.table}, row ${f.source.row}`)} |`,
    );
  }
  return lines;
}

export const markdown: Exporter = {
  id: 'markdown',
  label: LABEL,
  description:
    'flows.md: the flow matrix as Markdown tables (network flows, local flows, warnings).',
  // One file whatever the plan holds ("None." where a section is empty).
  files: () => [{ name: 'flows.md' }],
  render(input: ExportInput): ExportResult {
    const model = buildModel(input);
    const flows = model.flows.filter((f) => model.inScope(f.from) || model.inScope(f.to));
    const network = flows.filter((f) => !f.local);
    const local = flows.filter((f) => f.local);
    const [title, ...rest] = headerLines(model, LABEL);
    const lines = [
      `# ${markdownText(title ?? '')}`,
      '',
      ...rest.map((l) => `${markdownText(l)}  `),
      '',
    ];
    appendAll(lines, [
      `## Network flows (${network.length})`,
      '',
      ...(network.length ? table(model, network) : ['None.']),
      '',
    ]);
    if (local.length) {
      appendAll(lines, [
        `## Local flows (${local.length})`,
        '',
        'Between two roles of one host; no network rule needed.',
        '',
        ...table(model, local),
        '',
      ]);
    }
    // Render warnings found so far plus the plan's own validation warnings.
    const warnings = [
      ...input.result.warnings.map((w) =>
        w.acknowledged === undefined ? w.message : `${w.message} (acknowledged: ${w.acknowledged})`,
      ),
      ...model.warnings.list().map((w) => w.message),
    ];
    if (warnings.length)
      appendAll(lines, [
        `## Warnings (${warnings.length})`,
        '',
        ...warnings.map((w) => `- ${markdownText(w, 1000)}`),
        '',
      ]);
    return {
      files: [{ name: 'flows.md', content: joinLines(lines), language: 'markdown' }],
      warnings: model.warnings.list(),
    };
  },
};
