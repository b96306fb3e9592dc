// `portolan fmt PLAN [--check]`: rewrite a plan file in canonical form, or report that it is not.
import { resolve } from 'node:path';
import { serializePlan } from '../../src-core/index';
import { writeFileAtomic } from '../files';
import { loadPlanFile, oneLine, parseArgs, usageError } from './plan-file';
import type { CliCommand } from './types';
import { EXIT_INVALID, EXIT_OK } from './types';

/** What the command writes with; tests inject a failing writer to prove the file survives. */
export interface FmtDeps {
  readonly writeFile: (file: string, data: string) => Promise<void>;
}

/** Builds the fmt command with its file writer injected (the default export writes atomically). */
export function createFmtCommand(deps: FmtDeps): CliCommand {
  return {
    name: 'fmt',
    summary: 'Rewrite plan files in canonical, git-friendly form (--check: only report)',
    usage: [
      'Usage: portolan fmt PLAN... [--check]',
      '',
      '  Canonical form: stable key order, lists sorted by id, positions in whole pixels,',
      '  2-space indent, one final newline; unknown fields are kept. The app and the CLI',
      '  always write plans this way, so saving an unchanged plan never changes a byte.',
      '',
      '  --check  change nothing; exit 1 naming each file that is not canonical',
      '',
      '  Files are replaced atomically, and only when their text changes. Older plan',
      '  versions are migrated to the current version on the way.',
    ].join('\n'),
    async run(args, io) {
      const parsed = parseArgs(args, ['--check']);
      if (typeof parsed === 'string') return usageError(io, this, parsed);
      if (parsed.positional.length === 0) return usageError(io, this, 'expected a PLAN file');
      const check = parsed.flags.has('--check');
      let code = EXIT_OK;
      for (const file of parsed.positional) {
        const loaded = await loadPlanFile(io, file);
        if (!loaded.ok) {
          code = loaded.exitCode;
          continue;
        }
        // loadPlanFile already read it; reading again costs little and keeps that API unchanged.
        const before = await io.readFile(file);
        const after = serializePlan(loaded.plan);
        if (before === after) continue;
        if (check) {
          io.stderr(`${file}: not in canonical form (run: portolan fmt ${file})\n`);
          code = EXIT_INVALID;
          continue;
        }
        try {
          await deps.writeFile(resolve(io.cwd, file), after);
        } catch (error) {
          io.stderr(`${file}: cannot write: ${oneLine((error as Error).message)}\n`);
          code = EXIT_INVALID;
          continue;
        }
        io.stdout(`${file}: rewritten in canonical form\n`);
      }
      return code;
    },
  };
}

export const fmtCommand: CliCommand = createFmtCommand({
  writeFile: (file, data) => writeFileAtomic(file, data),
});

export default fmtCommand;
