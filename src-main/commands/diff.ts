// `portolan diff OLD NEW [--json]`: what a plan version adds, removes and changes; exit 3 when they differ.
import { diffPlans, diffSummary, formatPorts, isEmptyDiff } from '../../src-core/index';
import type { FieldChange, PlanDiff, PlanNode } from '../../src-core/index';
import { flowJson, formatTable } from './flows';
import { type GitShow, gitShow, withGitRevisions } from './plan-source';
import { loadPlanFile, parseArgs, usageError } from './plan-file';
import type { CliCommand } from './types';
import { EXIT_DIFFERENT, EXIT_OK } from './types';

/**
 * Text safe for a terminal: JSON string escapes for control characters, and `\\uXXXX` for the
 * format characters (bidirectional overrides, zero-width) that would make a name read as another.
 */
export function printable(value: unknown): string {
  const json = value === undefined ? '(unset)' : JSON.stringify(value);
  return json.replace(
    /[\u0080-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function nodeJson(n: PlanNode) {
  return {
    id: n.id,
    type: n.type,
    name: n.name,
    ...(n.hostname !== undefined ? { hostname: n.hostname } : {}),
    addresses: n.addresses,
    zone: n.zone ?? null,
  };
}

function fieldJson(f: FieldChange) {
  return { field: f.field, old: f.old ?? null, new: f.new ?? null };
}

/** The `--json` document: nodes, connections and flows first (as documented), then the rest. */
export function diffJson(diff: PlanDiff): string {
  const doc = {
    nodes: {
      added: diff.nodes.added.map(nodeJson),
      removed: diff.nodes.removed.map(nodeJson),
      changed: diff.nodes.changed.map((c) => ({
        id: c.id,
        layoutOnly: c.layoutOnly,
        fields: c.fields.map(fieldJson),
      })),
    },
    connections: {
      added: diff.connections.added.map((c) => ({ id: c.id, from: c.from, to: c.to })),
      removed: diff.connections.removed.map((c) => ({ id: c.id, from: c.from, to: c.to })),
    },
    flows: { added: diff.flows.added.map(flowJson), removed: diff.flows.removed.map(flowJson) },
    zones: {
      added: diff.zones.added.map((z) => ({ id: z.id, name: z.name, cidrs: z.cidrs })),
      removed: diff.zones.removed.map((z) => ({ id: z.id, name: z.name, cidrs: z.cidrs })),
      changed: diff.zones.changed.map((c) => ({ id: c.id, fields: c.fields.map(fieldJson) })),
    },
    options: diff.options.map(fieldJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The readable summary: counts, then each section with `+` added, `-` removed, `~` changed. */
export function diffText(diff: PlanDiff): string {
  const out: string[] = [diffSummary(diff)];
  const node = (sign: string, n: PlanNode) =>
    `  ${sign} ${n.id}  ${printable(n.name)} (${n.type})${n.addresses.length ? `  ${n.addresses.join(', ')}` : ''}`;
  if (diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length > 0) {
    out.push('', 'Nodes');
    for (const n of diff.nodes.added) out.push(node('+', n));
    for (const n of diff.nodes.removed) out.push(node('-', n));
    for (const c of diff.nodes.changed) {
      out.push(`  ~ ${c.id}  ${printable(c.new.name)}${c.layoutOnly ? '  (moved only)' : ''}`);
      for (const f of c.fields) {
        out.push(`      ${f.field}: ${printable(f.old)} -> ${printable(f.new)}`);
      }
    }
  }
  if (diff.connections.added.length + diff.connections.removed.length > 0) {
    out.push('', 'Connections');
    for (const c of diff.connections.added) out.push(`  + ${c.id}  ${c.from} -- ${c.to}`);
    for (const c of diff.connections.removed) out.push(`  - ${c.id}  ${c.from} -- ${c.to}`);
  }
  if (diff.zones.added.length + diff.zones.removed.length + diff.zones.changed.length > 0) {
    out.push('', 'Zones');
    for (const z of diff.zones.added)
      out.push(`  + ${z.id}  ${printable(z.name)}  ${z.cidrs.join(', ')}`);
    for (const z of diff.zones.removed)
      out.push(`  - ${z.id}  ${printable(z.name)}  ${z.cidrs.join(', ')}`);
    for (const c of diff.zones.changed) {
      out.push(`  ~ ${c.id}`);
      for (const f of c.fields)
        out.push(`      ${f.field}: ${printable(f.old)} -> ${printable(f.new)}`);
    }
  }
  if (diff.options.length > 0) {
    out.push('', 'Plan options');
    for (const f of diff.options)
      out.push(`  ~ ${f.field}: ${printable(f.old)} -> ${printable(f.new)}`);
  }
  const flowRows = (sign: string, flows: PlanDiff['flows']['added']) =>
    flows.map((f) => [sign, f.from, f.to, f.protocol, formatPorts(f.ports), f.rule, f.purpose]);
  const rows = [...flowRows('+', diff.flows.added), ...flowRows('-', diff.flows.removed)];
  if (rows.length > 0) {
    out.push('', 'Flows');
    out.push(formatTable(['', 'FROM', 'TO', 'PROTO', 'PORTS', 'RULE', 'PURPOSE'], rows));
  }
  return `${out.join('\n')}\n`;
}

/** Builds the diff command with `git show` injected (tests pass a fake). */
export function createDiffCommand(show: GitShow): CliCommand {
  return {
    name: 'diff',
    summary: 'Show what a plan version adds, removes and changes (exit 3 when they differ)',
    usage: [
      'Usage: portolan diff OLD NEW [--json]',
      '',
      '  OLD, NEW  plan files; an argument that is no file but reads as REV:PATH',
      '            (origin/main:plan.portolan.json) is read with `git show` in the',
      '            working directory (PATH from the repository root, or ./PATH)',
      '  --json    print {"nodes":{…},"connections":{…},"flows":{"added":[…],"removed":[…]},…}',
      '',
      '  Exit 0 when the plans are equal, 3 when they differ, 1 on a bad file, 2 on usage.',
    ].join('\n'),
    async run(args, io) {
      const parsed = parseArgs(args, ['--json']);
      if (typeof parsed === 'string') return usageError(io, this, parsed);
      if (parsed.positional.length !== 2) {
        return usageError(io, this, 'expected two plans, OLD and NEW');
      }
      const source = withGitRevisions(io, show);
      const old = await loadPlanFile(source, parsed.positional[0]!);
      if (!old.ok) return old.exitCode;
      const next = await loadPlanFile(source, parsed.positional[1]!);
      if (!next.ok) return next.exitCode;
      const diff = diffPlans(old.plan, next.plan);
      io.stdout(parsed.flags.has('--json') ? diffJson(diff) : diffText(diff));
      return isEmptyDiff(diff) ? EXIT_OK : EXIT_DIFFERENT;
    },
  };
}

export const diffCommand: CliCommand = createDiffCommand(gitShow);

export default diffCommand;
