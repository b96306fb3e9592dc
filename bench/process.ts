// Whole-process figures: `portolan` commands of the built CLI run as child processes, spawn to exit.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serializePlan } from '../src-core/plan/serialize';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { type Spread, spreadOf } from './stats';

/** The commands timed, in report order: Node's own start first, as the floor of every other. */
export const PROCESS_COMMANDS = [
  'node -e 0',
  'portolan --version',
  'portolan validate',
  'portolan flows',
  'portolan export nftables',
  'portolan export nftables, unchanged',
  'portolan export powershell',
] as const;

export type ProcessCommand = (typeof PROCESS_COMMANDS)[number];

/** Whole-process targets of issue 15 (wall clock, median), on the 1 000-node plan. */
export const PROCESS_TARGETS: Partial<Record<ProcessCommand, number>> = {
  'portolan flows': 120,
  'portolan export nftables': 150,
};

export interface ProcessResult {
  readonly nodes: number;
  readonly commands: Partial<Record<ProcessCommand, Spread>>;
  readonly notes: readonly string[];
}

/**
 * CPU time (ms) of this process's waited-for children, from /proc (Linux); null elsewhere.
 * Fields 16 and 17 of /proc/self/stat are cutime and cstime in clock ticks (100 per second).
 */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces; fields are counted after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/**
 * Runs every command `runs` times (after `warmup` unmeasured runs) against a synthetic plan of
 * `nodes` nodes written to a temporary folder. Exports write into a fresh folder each run (every
 * file created, flushed and renamed into place), except the "unchanged" re-export.
 */
export function benchProcesses(options: {
  readonly cli: string;
  readonly nodes: number;
  readonly seed: number;
  readonly runs: number;
  readonly warmup: number;
  readonly progress: (message: string) => void;
}): ProcessResult {
  const notes: string[] = [];
  if (!existsSync(options.cli)) {
    return {
      nodes: options.nodes,
      commands: {},
      notes: [`whole-process figures skipped: ${options.cli} is missing (npm run build:node)`],
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'portolan-bench-process-'));
  try {
    const plan = join(dir, 'bench.portolan.json');
    writeFileSync(
      plan,
      serializePlan(generateSyntheticPlan({ nodes: options.nodes, seed: options.seed })),
    );
    // Every export run writes into a fresh folder (the whole write is timed), except the
    // "unchanged" one, which re-exports into a folder already holding the same files (the
    // batch then leaves them untouched, as for a re-export of an unchanged plan).
    let run = 0;
    const freshOut = (): string => join(dir, `out-${run++}`);
    const sameOut = join(dir, 'same');
    const exportArgs = (format: string, out: string) => [
      options.cli,
      'export',
      plan,
      '--format',
      format,
      '--out',
      out,
    ];
    const argv: Record<ProcessCommand, () => string[]> = {
      'node -e 0': () => ['-e', '0'],
      'portolan --version': () => [options.cli, '--version'],
      'portolan validate': () => [options.cli, 'validate', plan],
      'portolan flows': () => [options.cli, 'flows', plan],
      'portolan export nftables': () => exportArgs('nftables', freshOut()),
      'portolan export nftables, unchanged': () => exportArgs('nftables', sameOut),
      'portolan export powershell': () => exportArgs('powershell', freshOut()),
    };
    const commands: Partial<Record<ProcessCommand, Spread>> = {};
    for (const name of PROCESS_COMMANDS) {
      options.progress(`whole process: ${name}…`);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < options.warmup + options.runs; i++) {
        const cpuBefore = childrenCpuMs();
        const start = performance.now();
        // Output goes to /dev/null: a pipe would time the bench's own reading of it.
        const r = spawnSync(process.execPath, argv[name](), {
          encoding: 'utf8',
          stdio: ['ignore', 'ignore', 'pipe'],
          maxBuffer: 64 * 1024 * 1024,
        });
        const elapsed = performance.now() - start;
        const cpuAfter = childrenCpuMs();
        if (r.status !== 0) {
          const why = r.error ? r.error.message : `exit ${r.status}`;
          notes.push(`${name} failed (${why}): ${(r.stderr ?? '').split('\n')[0] ?? ''}`);
          break;
        }
        if (i < options.warmup) continue;
        wall.push(elapsed);
        if (cpuBefore !== null && cpuAfter !== null) cpu.push(cpuAfter - cpuBefore);
      }
      if (wall.length === 0) continue;
      commands[name] = {
        ...spreadOf(wall),
        ...(cpu.length === wall.length ? { cpu: spreadOf(cpu) } : {}),
      };
    }
    return { nodes: options.nodes, commands, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
