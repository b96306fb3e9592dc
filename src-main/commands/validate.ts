// `portolan validate PLAN`: exit 0 when the plan loads, 1 with one line per error when it does not.
import { computeFlows } from '../../src-core/index';
import { loadPlanFile, parseArgs, usageError } from './plan-file';
import type { CliCommand } from './types';
import { EXIT_OK } from './types';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a plan file (schema, references); print warnings',
  usage: [
    'Usage: portolan validate PLAN',
    '',
    '  Exit 0 when PLAN is a valid plan (warnings are printed but do not fail),',
    '  1 when it is not (one error per line on stderr, naming the field).',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, []);
    if (typeof parsed === 'string') return usageError(io, this, parsed);
    if (parsed.positional.length !== 1)
      return usageError(io, this, 'expected exactly one PLAN file');
    const file = parsed.positional[0]!;
    const loaded = await loadPlanFile(io, file);
    if (!loaded.ok) return loaded.exitCode;
    const { plan, catalog } = loaded;
    const result = computeFlows(plan, catalog);
    for (const w of result.warnings) {
      const acked = w.acknowledged === undefined ? '' : ` (acknowledged: ${w.acknowledged})`;
      io.stdout(`${file}: warning: ${w.code}${acked}: ${w.message}\n`);
    }
    const open = result.warnings.filter((w) => w.acknowledged === undefined).length;
    const acknowledged = result.warnings.length - open;
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stdout(
      `${file}: valid (${count(plan.nodes.length, 'node')}, ${count(plan.connections.length, 'connection')}, ` +
        `${count(result.flows.length, 'flow')}, ${count(open, 'warning')}` +
        `${acknowledged ? `, ${acknowledged} acknowledged` : ''})\n`,
    );
    return EXIT_OK;
  },
};

export default validateCommand;
