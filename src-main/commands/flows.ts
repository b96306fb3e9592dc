// `portolan flows PLAN [--json]`: the flows and warnings of a plan, as a table or DESIGN.md's JSON.
import { computeFlows, formatPorts } from '../../src-core/index';
import type { Flow, FlowResult } from '../../src-core/index';
import { loadPlanFile, parseArgs, usageError } from './plan-file';
import type { CliCommand } from './types';
import { EXIT_OK } from './types';
import { maxOf } from '../../src-core/util/arrays';

/** One flow as DESIGN.md's JSON shows it, field order as documented (shared with `diff --json`). */
export function flowJson(f: Flow) {
  return {
    connection: f.connection,
    from: f.from,
    to: f.to,
    protocol: f.protocol,
    ports: formatPorts(f.ports),
    rule: f.rule,
    purpose: f.purpose,
    local: f.local,
    // Custom flows carry where they come from instead of a catalog table row.
    ...(f.custom
      ? {
          custom: {
            kind: f.custom.kind,
            justification: f.custom.justification,
            ...(f.custom.owner ? { owner: f.custom.owner } : {}),
            ...(f.custom.expires ? { expires: f.custom.expires } : {}),
          },
        }
      : {}),
  };
}

/** The JSON document of DESIGN.md, field order as documented. */
export function flowsJson(result: FlowResult): string {
  const doc = {
    flows: result.flows.map(flowJson),
    warnings: result.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      nodes: w.nodes,
      ...(w.acknowledged !== undefined ? { acknowledged: w.acknowledged } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) =>
    Math.max(
      h.length,
      maxOf(
        rows.map((r) => (r[i] ?? '').length),
        0,
      ),
    ),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Human-readable report: flows table, flows left out by a condition, warnings. */
export function flowsText(result: FlowResult): string {
  const out: string[] = [];
  const rows = result.flows.map((f) => [
    f.connection ?? '(local)',
    f.from,
    f.to,
    f.protocol,
    formatPorts(f.ports) +
      (f.override ? ` (override, catalog ${formatPorts(f.override.catalogPorts)})` : ''),
    f.rule,
    f.purpose,
  ]);
  out.push(`${result.flows.length} flow${result.flows.length === 1 ? '' : 's'}`);
  if (rows.length > 0) {
    out.push(formatTable(['CONNECTION', 'FROM', 'TO', 'PROTO', 'PORTS', 'RULE', 'PURPOSE'], rows));
  }
  if (result.absent.length > 0) {
    out.push(
      '',
      `${result.absent.length} flow${result.absent.length === 1 ? '' : 's'} not needed (condition not met)`,
    );
    out.push(
      formatTable(
        ['CONNECTION', 'FROM', 'TO', 'PROTO', 'PORTS', 'RULE', 'REASON'],
        result.absent.map((a) => [
          a.connection ?? '(local)',
          a.from,
          a.to,
          a.protocol,
          formatPorts(a.ports),
          a.rule,
          a.reason,
        ]),
      ),
    );
  }
  const open = result.warnings.filter((w) => w.acknowledged === undefined);
  const acked = result.warnings.length - open.length;
  out.push(
    '',
    `${open.length} warning${open.length === 1 ? '' : 's'}${acked ? ` (and ${acked} acknowledged)` : ''}`,
  );
  for (const w of open) out.push(`  ${w.code}: ${w.message}`);
  for (const w of result.warnings) {
    if (w.acknowledged !== undefined) {
      out.push(`  ${w.code} (acknowledged: ${w.acknowledged}): ${w.message}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export const flowsCommand: CliCommand = {
  name: 'flows',
  summary: 'List the network flows and warnings of a plan',
  usage: [
    'Usage: portolan flows PLAN [--json]',
    '',
    '  PLAN    a *.portolan.json plan file',
    '  --json  print {"flows":[…],"warnings":[…]} instead of a table',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, ['--json']);
    if (typeof parsed === 'string') return usageError(io, this, parsed);
    if (parsed.positional.length !== 1)
      return usageError(io, this, 'expected exactly one PLAN file');
    const loaded = await loadPlanFile(io, parsed.positional[0]!);
    if (!loaded.ok) return loaded.exitCode;
    const result = computeFlows(loaded.plan, loaded.catalog);
    io.stdout(parsed.flags.has('--json') ? flowsJson(result) : flowsText(result));
    return EXIT_OK;
  },
};

export default flowsCommand;
