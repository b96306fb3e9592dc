// The shape of one `portolan` sub-command and the I/O it is given (fake in tests, real in cli.ts).

/** What a command may touch: output streams, file reading and the working directory. */
export interface CliIo {
  /** Writes text to standard output exactly as given (commands add their own newlines). */
  stdout(s: string): void;
  /** Writes text to standard error exactly as given. */
  stderr(s: string): void;
  /** Reads a UTF-8 text file; relative paths are resolved against `cwd`. Rejects when unreadable. */
  readFile(path: string): Promise<string>;
  /** Working directory the command runs in (absolute). */
  readonly cwd: string;
}

/** One sub-command, registered in the table of src-main/cli.ts. */
export interface CliCommand {
  /** Word after `portolan`, e.g. "flows". */
  readonly name: string;
  /** One line for `portolan --help`. */
  readonly summary: string;
  /** Usage text printed by `portolan NAME --help` and on usage errors (may span lines). */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code (0–3). */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes of DESIGN.md: success, invalid plan or input, usage error, plans differ (`diff`). */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_DIFFERENT = 3;
