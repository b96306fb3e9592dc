// `portolan export PLAN --format F --out DIR`: the files of one export format, written atomically.
import { resolve } from 'node:path';
import { computeFlows } from '../../src-core/index';
import { EXPORTERS, getExporter } from '../../src-core/export/index';
import type { ExportInput, ExportResult, ExportScope } from '../../src-core/export/index';
import { planPolicy } from '../../src-core/export/netfw';
import type { Plan } from '../../src-core/index';
import type { BatchOwner } from '../export-manifest';
import { writeExportBatch } from '../files';
import type { BatchWriteResult } from '../files';
import { loadPlanFile, oneLine, parseArgs, parseProbeLimit, usageError } from './plan-file';
import type { CliCommand } from './types';
import { EXIT_INVALID, EXIT_OK } from './types';
import { maxOf } from '../../src-core/util/arrays';

/** What the command does to the outside world; tests may replace the writer. */
export interface ExportDeps {
  /**
   * Writes every file into `dir` as one batch (old set or new, never a mix) and removes the
   * files an earlier export of the same plan and format wrote there that this one covers and
   * no longer has.
   */
  readonly writeBatch: (
    dir: string,
    files: readonly { name: string; content: string; node?: string }[],
    format: string,
    owner: BatchOwner,
  ) => Promise<BatchWriteResult>;
}

/** The batch's owner: this plan, and which of its nodes the scope covers. */
export function exportOwner(plan: Plan, scope: ExportScope): BatchOwner {
  const nodes = new Map(plan.nodes.map((n) => [n.id, n]));
  const hasNode = (id: string): boolean => nodes.has(id);
  if (scope.kind === 'zone') {
    return {
      plan: plan.name,
      scope: `zone ${scope.zone}`,
      full: false,
      inScope: (id) => nodes.get(id)?.zone === scope.zone,
      hasNode,
    };
  }
  if (scope.kind === 'point') {
    // One enforcement point: a host's own files are in scope; plan-wide files are not.
    const host = scope.point.startsWith('host:') ? scope.point.slice(5) : null;
    return {
      plan: plan.name,
      scope: `point ${scope.point}`,
      full: false,
      inScope: (id) => id === host,
      hasNode,
    };
  }
  if (scope.kind === 'nodes') {
    const ids = new Set(scope.nodes);
    return {
      plan: plan.name,
      scope: `nodes ${[...ids].sort().join(',')}`,
      full: false,
      inScope: (id) => ids.has(id),
      hasNode,
    };
  }
  return { plan: plan.name, scope: 'all', full: true, inScope: hasNode, hasNode };
}

/** Parses `--scope`: "all", "zone:ID", "nodes:a,b" or "point:ID"; a string is the usage problem. */
export function parseScope(text: string): ExportScope | string {
  if (text === 'all') return { kind: 'all' };
  // Enforcement point ids hold ':' themselves (`net:mgmt>virt`, `host:w1`).
  if (text.startsWith('point:') && text.length > 6) return { kind: 'point', point: text.slice(6) };
  if (text.startsWith('zone:') && text.length > 5) return { kind: 'zone', zone: text.slice(5) };
  if (text.startsWith('nodes:')) {
    const nodes = text
      .slice(6)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (nodes.length) return { kind: 'nodes', nodes };
  }
  return `--scope takes "all", "zone:ID", "nodes:ID,ID…" or "point:ID", not "${text}"`;
}

/** Warning text for a terminal: one line (runCli's sanitiser escapes the rest). */
function terminalLine(text: string): string {
  return oneLine(text);
}

/** Why `point` is no enforcement point of the plan (listing some that are), or null. */
function pointProblem(input: ExportInput, point: string): string | null {
  const ids = planPolicy(input).ruleSets.map((rs) => rs.point.id);
  if (ids.includes(point)) return null;
  const shown = ids.slice(0, 8).join(', ');
  return `the plan has no enforcement point "${point}"${ids.length ? ` (it has ${shown}${ids.length > 8 ? ', …' : ''})` : ''}`;
}

function listText(): string {
  const width = maxOf(
    EXPORTERS.map((e) => e.id.length),
    0,
  );
  return `${EXPORTERS.map((e) => `${e.id.padEnd(width)}  ${e.label}: ${e.description}`).join('\n')}\n`;
}

/** Builds the export command with its effects injected (the default export uses the real ones). */
export function createExportCommand(deps: ExportDeps): CliCommand {
  return {
    name: 'export',
    summary: 'Write firewall scripts, checks or flow lists of one export format',
    usage: [
      'Usage: portolan export PLAN --format F --out DIR [--scope all|zone:ID|nodes:ID,ID|point:ID] [--since OLD] [--egress] [--timestamp ISO] [--probe-limit N]',
      '       portolan export --list',
      '',
      '  PLAN         a *.portolan.json plan file',
      `  --format F   one of: ${EXPORTERS.map((e) => e.id).join(', ')}`,
      '  --out DIR    folder to write into (created when missing; files replaced atomically)',
      '  --scope S    what to cover: all (default), zone:ID, nodes:ID,ID, or one enforcement',
      "               point: point:net:FROM>TO (a zone pair's firewall) or point:host:ID",
      '  --since OLD  network-firewall formats: only the commands that change a device set up',
      "               from OLD's export into PLAN's (adds, then removals); other formats stay full",
      '  --egress     also write egress rules on sources (nftables, iptables)',
      '  --timestamp  text to print as the generation time in headers (none by default)',
      '  --probe-limit N  checks probe at most N hosts of a group node, else a sample (default 64)',
      '  --list       list the formats',
    ].join('\n'),
    async run(args, io) {
      const parsed = parseArgs(
        args,
        ['--egress', '--list'],
        ['--format', '--out', '--scope', '--timestamp', '--since', '--probe-limit'],
      );
      if (typeof parsed === 'string') return usageError(io, this, parsed);
      if (parsed.flags.has('--list')) {
        if (parsed.positional.length || parsed.flags.size > 1)
          return usageError(io, this, '--list takes no other argument');
        io.stdout(listText());
        return EXIT_OK;
      }
      if (parsed.positional.length !== 1)
        return usageError(io, this, 'expected exactly one PLAN file');
      const format = parsed.flags.get('--format');
      const out = parsed.flags.get('--out');
      if (typeof format !== 'string') return usageError(io, this, '--format is required');
      if (typeof out !== 'string') return usageError(io, this, '--out is required');
      const exporter = getExporter(format);
      if (!exporter)
        return usageError(io, this, `unknown format "${format}" (see portolan export --list)`);
      const scopeText = parsed.flags.get('--scope');
      const scope =
        typeof scopeText === 'string' ? parseScope(scopeText) : ({ kind: 'all' } as const);
      if (typeof scope === 'string') return usageError(io, this, scope);
      const probeLimit = parseProbeLimit(parsed.flags.get('--probe-limit'));
      if (typeof probeLimit === 'string') return usageError(io, this, probeLimit);
      const file = parsed.positional[0]!;
      const loaded = await loadPlanFile(io, file);
      if (!loaded.ok) return loaded.exitCode;
      const { plan, catalog } = loaded;
      // An unknown scope target is a mistake in the input, not an empty export.
      if (scope.kind === 'zone' && !plan.zones.some((z) => z.id === scope.zone)) {
        io.stderr(`${file}: --scope: the plan has no zone "${terminalLine(scope.zone)}"\n`);
        return EXIT_INVALID;
      }
      if (scope.kind === 'nodes') {
        const missing = scope.nodes.filter((id) => !plan.nodes.some((n) => n.id === id));
        if (missing.length) {
          io.stderr(
            `${file}: --scope: the plan has no node ${missing.map((m) => `"${terminalLine(m)}"`).join(', ')}\n`,
          );
          return EXIT_INVALID;
        }
      }
      const timestamp = parsed.flags.get('--timestamp');
      const options = {
        scope,
        egress: parsed.flags.has('--egress'),
        ...(typeof timestamp === 'string' ? { timestamp } : {}),
        ...(probeLimit !== undefined ? { probeLimit } : {}),
      };
      const input = { plan, catalog, result: computeFlows(plan, catalog), options };
      if (scope.kind === 'point') {
        const problem = pointProblem(input, scope.point);
        if (problem) {
          io.stderr(`${file}: --scope: ${terminalLine(problem)}\n`);
          return EXIT_INVALID;
        }
      }
      const since = parsed.flags.get('--since');
      let result: ExportResult;
      let manifest: string = exporter.id;
      if (typeof since === 'string' && exporter.renderDelta) {
        const old = await loadPlanFile(io, since);
        if (!old.ok) return old.exitCode;
        const baseline = {
          plan: old.plan,
          catalog: old.catalog,
          result: computeFlows(old.plan, old.catalog),
          options,
        };
        result = exporter.renderDelta(baseline, input);
        // Its own manifest: writing a delta must never remove the full export beside it.
        manifest = `${exporter.id}-delta`;
      } else {
        if (typeof since === 'string') {
          io.stderr(
            `${file}: note: ${exporter.id} has no incremental form; its files are full and idempotent, so --since is ignored and the whole export is written.\n`,
          );
        }
        result = exporter.render(input);
      }
      const dir = resolve(io.cwd, out);
      let written: BatchWriteResult['written'];
      let unchanged: BatchWriteResult['unchanged'];
      let removed: BatchWriteResult['removed'];
      try {
        ({ written, unchanged, removed } = await deps.writeBatch(
          dir,
          result.files,
          manifest,
          exportOwner(plan, scope),
        ));
      } catch (e) {
        io.stderr(`${dir}: ${terminalLine((e as Error).message)}\n`);
        return EXIT_INVALID;
      }
      for (const w of result.warnings) io.stderr(`${file}: warning: ${terminalLine(w.message)}\n`);
      const same = new Set(unchanged);
      io.stdout(
        `${written.length} file${written.length === 1 ? '' : 's'} (${exporter.id}) written to ${dir}` +
          (same.size > 0 ? ` (${same.size} already up to date, left untouched)` : '') +
          '\n',
      );
      for (const path of written) io.stdout(`  ${path}${same.has(path) ? ' (unchanged)' : ''}\n`);
      for (const r of removed) io.stdout(`  removed (${terminalLine(r.reason)}): ${r.path}\n`);
      return EXIT_OK;
    },
  };
}

export const exportCommand: CliCommand = createExportCommand({
  // One manifest per format, so exporting several formats into one folder keeps them all.
  writeBatch: (dir, files, format, owner) =>
    writeExportBatch(dir, files, { manifest: `.portolan-export-${format}.json`, owner }),
});

export default exportCommand;
