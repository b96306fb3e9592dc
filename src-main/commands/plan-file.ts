// Shared by the CLI commands: argument parsing helpers and loading a plan file with clear errors.
import { getCatalog, parsePlanText } from '../../src-core/index';
import type { Catalog, Plan } from '../../src-core/index';
import type { CliCommand, CliIo } from './types';
import { EXIT_INVALID, EXIT_USAGE } from './types';
import { appendAll } from '../../src-core/util/arrays';

/** A message on one line: error lines must not break (one error per line on stderr). */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A loaded plan, or the exit code after errors were printed. */
export type LoadedPlan =
  | { readonly ok: true; readonly plan: Plan; readonly catalog: Catalog }
  | { readonly ok: false; readonly exitCode: number };

/**
 * Reads and restores a plan file. On failure prints one line per error to stderr, each
 * naming the file and field (`plan.json: nodes[3].addresses[0]: …`).
 */
export async function loadPlanFile(io: CliIo, file: string): Promise<LoadedPlan> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    const code =
      (e as { code?: string }).code ?? ((e as Error).cause as { code?: string } | undefined)?.code;
    const why = code === 'ENOENT' ? 'no such file' : oneLine((e as Error).message);
    io.stderr(`${file}: cannot read: ${why}\n`);
    return { ok: false, exitCode: EXIT_INVALID };
  }
  const result = parsePlanText(text);
  if (!result.ok) {
    for (const error of result.errors) {
      const field = error.path === '' ? '' : `${error.path}: `;
      io.stderr(`${file}: ${field}${oneLine(error.message)}\n`);
    }
    return { ok: false, exitCode: EXIT_INVALID };
  }
  return { ok: true, plan: result.plan, catalog: getCatalog(result.plan.catalog) };
}

/** Parsed command line: positional arguments and flags (`--name` or `--name value`). */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Splits arguments into positionals and flags. `valueFlags` take a value (`--out DIR` or
 * `--out=DIR`); `booleanFlags` take none. Anything else is a usage error (returned as text).
 */
export function parseArgs(
  args: readonly string[],
  booleanFlags: readonly string[],
  valueFlags: readonly string[] = [],
): ParsedArgs | string {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      appendAll(positional, args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (booleanFlags.includes(name) && eq < 0) flags.set(name, true);
    else if (valueFlags.includes(name)) {
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') return `option ${name} needs a value`;
      flags.set(name, value);
    } else return `unknown option ${name}`;
  }
  return { positional, flags };
}

/** Prints a usage error and the command's usage to stderr; returns exit code 2. */
export function usageError(io: CliIo, command: CliCommand, message: string): number {
  io.stderr(`portolan ${command.name}: ${message}\n${command.usage}\n`);
  return EXIT_USAGE;
}

/** `--probe-limit N`: a whole number 1-100000, or the usage problem as text. */
export function parseProbeLimit(text: string | true | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  if (typeof text === 'string' && /^\d{1,6}$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= 100_000) return n;
  }
  return `--probe-limit takes a whole number from 1 to 100000, not "${oneLine(String(text))}"`;
}
