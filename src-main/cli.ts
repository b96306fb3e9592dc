// The `portolan` command: a table of sub-commands run against the same src-core as the app.
import { resolve } from 'node:path';
import pkg from '../package.json';
import { diffCommand } from './commands/diff';
import { exportCommand } from './commands/export';
import { flowsCommand } from './commands/flows';
import { importCommand } from './commands/import';
import { sanitizeTerminal } from './commands/terminal';
import { fmtCommand } from './commands/fmt';
import { reportCommand } from './commands/report';
import type { CliCommand, CliIo } from './commands/types';
import { EXIT_OK, EXIT_USAGE } from './commands/types';
import { validateCommand } from './commands/validate';
import { readTextFileLimited } from './files';

/** Every sub-command, in `--help` order. Adding one = one module in commands/ + one row here. */
export const COMMANDS: readonly CliCommand[] = [
  flowsCommand,
  validateCommand,
  exportCommand,
  reportCommand,
  importCommand,
  diffCommand,
  fmtCommand,
];

/** Version printed by `--version`, from package.json. */
export const VERSION: string = pkg.version;

function help(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: portolan COMMAND [ARGS]',
    '',
    'Plans the network flows of a Veeam Backup & Replication + Proxmox VE deployment.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --help (also after a command), --version',
    'Exit codes: 0 success, 1 invalid plan or input, 2 usage error, 3 plans differ (diff).',
  ].join('\n');
}

/** Runs the CLI with arguments after the program name; resolves to the process exit code. */
export async function runCli(
  argv: readonly string[],
  rawIo: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  // Every line printed, by any command, passes the one terminal sanitiser.
  const io: CliIo = {
    cwd: rawIo.cwd,
    readFile: (path) => rawIo.readFile(path),
    stdout: (s) => rawIo.stdout(sanitizeTerminal(s)),
    stderr: (s) => rawIo.stderr(sanitizeTerminal(s)),
  };
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(`${help(commands)}\n`);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const named = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    io.stdout(`${named ? named.usage : help(commands)}\n`);
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`portolan ${VERSION}\n`);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(`portolan: unknown command "${first}"\n${help(commands)}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT_OK;
  }
  return command.run(rest, io);
}

/** The part of a process output stream nodeIo uses (process.stdout or a test's stand-in). */
export interface OutputStream {
  write(s: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Real process I/O; relative paths resolve against the working directory. Plans are read like
 * the app reads them (size limit, regular files only, never blocking on a pipe or device). A
 * reader that goes away (`portolan flows plan.json | head -1`) closes the pipe: the rest of
 * that stream's output is dropped and the command finishes its work and exits normally,
 * instead of dying on an unhandled EPIPE (possibly halfway through writing an export).
 */
export function nodeIo(
  cwd: string = process.cwd(),
  out: OutputStream = process.stdout,
  err: OutputStream = process.stderr,
): CliIo {
  const guard = (stream: OutputStream): ((s: string) => void) => {
    let closed = false;
    stream.on('error', (error) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
      else throw error;
    });
    return (s) => {
      if (!closed) stream.write(s);
    };
  };
  return {
    cwd,
    stdout: guard(out),
    stderr: guard(err),
    readFile: (path) => readTextFileLimited(resolve(cwd, path)),
  };
}

// Run only as the program itself (dist/cli/portolan.cjs), not when imported by tests.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runCli(process.argv.slice(2), nodeIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`portolan: internal error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
