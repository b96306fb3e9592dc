// The `portolan` command: a table of sub-commands run against the same src-core as the app.
import { resolve } from 'node:path';
import pkg from '../package.json';
import { sanitizeTerminal } from './commands/terminal';
import type { CliCommand, CliIo } from './commands/types';
import { EXIT_OK, EXIT_USAGE } from './commands/types';
import { readTextFileLimited } from './files';
import { maxOf } from '../src-core/util/arrays';

/**
 * A row of the command table: what `--help` lists, and the module of the command, loaded only
 * when that command runs. Start-up then costs what the command needs: `flows` never loads the
 * exporters, the report, its fonts or Chromium's driver. (A test checks that `summary` matches
 * the loaded command's.)
 */
export interface CommandRow {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/** Every sub-command, in `--help` order. Adding one = one module in commands/ + one row here. */
export const COMMANDS: readonly CommandRow[] = [
  {
    name: 'flows',
    summary: 'List the network flows and warnings of a plan',
    load: async () => (await import('./commands/flows')).flowsCommand,
  },
  {
    name: 'validate',
    summary: 'Check a plan file (schema, references); print warnings',
    load: async () => (await import('./commands/validate')).validateCommand,
  },
  {
    name: 'export',
    summary: 'Write firewall scripts, checks or flow lists of one export format',
    load: async () => (await import('./commands/export')).exportCommand,
  },
  {
    name: 'report',
    summary: 'Write the change-request document (PDF, HTML or Markdown)',
    load: async () => (await import('./commands/report')).reportCommand,
  },
  {
    name: 'diff',
    summary: 'Show what a plan version adds, removes and changes (exit 3 when they differ)',
    load: async () => (await import('./commands/diff')).diffCommand,
  },
  {
    name: 'fmt',
    summary: 'Rewrite plan files in canonical, git-friendly form (--check: only report)',
    load: async () => (await import('./commands/fmt')).fmtCommand,
  },
  {
    name: 'import',
    summary: 'Add hosts from a CSV or a Proxmox VE cluster to a plan',
    load: async () => (await import('./commands/import')).importCommand,
  },
];

/** The command itself: a table row's module is loaded, a command given directly is used as is. */
function resolveCommand(entry: CliCommand | CommandRow): Promise<CliCommand> {
  return 'load' in entry ? entry.load() : Promise.resolve(entry);
}

/** Version printed by `--version`, from package.json. */
export const VERSION: string = pkg.version;

function help(commands: readonly (CliCommand | CommandRow)[]): string {
  const width = maxOf(
    commands.map((c) => c.name.length),
    0,
  );
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
  commands: readonly (CliCommand | CommandRow)[] = COMMANDS,
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
    io.stdout(`${named ? (await resolveCommand(named)).usage : help(commands)}\n`);
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`portolan ${VERSION}\n`);
    return EXIT_OK;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    io.stderr(`portolan: unknown command "${first}"\n${help(commands)}\n`);
    return EXIT_USAGE;
  }
  const command = await resolveCommand(entry);
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
  // An export flushes hundreds of files at once; libuv's default 4 threads would queue them.
  // The pool starts on first use, so this takes effect as long as nothing ran on it yet.
  process.env.UV_THREADPOOL_SIZE ??= '16';
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
