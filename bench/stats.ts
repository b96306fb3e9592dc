// Timing helpers for the benchmark: repeated samples, order statistics, memory high-water marks.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Order statistics of one metric's samples, in milliseconds. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p10: number;
  readonly p90: number;
  readonly runs: number;
}

/** Wall-clock statistics, with the process's CPU time per call beside them when measured. */
export interface Spread extends Stats {
  /**
   * CPU time of the process per call (user + system, all threads: GC helpers count). Unlike
   * wall time it hardly moves when other programs load the machine. Absent for browser work.
   */
  readonly cpu?: Stats;
}

/** Which clock the reported medians and targets use (`--clock`). */
export type Clock = 'wall' | 'cpu';

/** The statistics on one clock; work without a CPU figure (browser, PDF) stays on the wall clock. */
export function onClock(s: Spread, clock: Clock): Stats {
  return clock === 'cpu' && s.cpu ? s.cpu : s;
}

/** Value at quantile q (0..1) of sorted samples, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function spreadOf(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    runs: sorted.length,
  };
}

// A real gc() makes heap figures comparable between sizes; tsx offers no way to pass
// --expose-gc through `npm run bench`, so the flag is set at run time.
setFlagsFromString('--expose-gc');
const gcFunction = runInNewContext('gc') as (() => void) | undefined;

/** Full garbage collection (twice: weak maps and finalizers free more on the second pass). */
export function collectGarbage(): void {
  gcFunction?.();
  gcFunction?.();
}

/** Tracks the high-water mark of heapUsed, sampled after every measured call. */
export class MemoryWatch {
  heapPeak = 0;
  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.heapPeak) this.heapPeak = used;
  }
}

/**
 * Times `fn`: `warmup` unmeasured calls first (JIT, caches), then `runs` samples. Calls faster
 * than `minSampleMs` are repeated inside one sample and averaged, so microsecond-scale
 * operations on small plans are not lost in timer resolution.
 */
export function measure(
  fn: () => unknown,
  runs: number,
  warmup: number,
  memory?: MemoryWatch,
  minSampleMs = 5,
): Spread {
  // Each metric starts on a clean heap: garbage left by the previous one is not billed to it.
  collectGarbage();
  // Warm-up by count and by time (WARMUP_MS).
  const warmStart = performance.now();
  let firstCall = 0;
  for (
    let i = 0;
    i < warmup || (warmup > 0 && performance.now() - warmStart < WARMUP_MS && i < 100_000);
    i++
  ) {
    fn();
    if (i === 0) firstCall = performance.now() - warmStart;
    memory?.sample();
    // Seconds-long calls (a 5 000-node report) warm up once and keep the bench short.
    if (firstCall > SLOW_CALL_MS) break;
  }
  if (firstCall > SLOW_CALL_MS) runs = Math.min(runs, SLOW_RUNS);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minSampleMs && calls < 10_000);
    const cpu = process.cpuUsage(cpuStart);
    memory?.sample();
    samples.push(elapsed / calls);
    cpuSamples.push((cpu.user + cpu.system) / 1000 / calls);
  }
  return { ...spreadOf(samples), cpu: spreadOf(cpuSamples) };
}

/**
 * Least warm-up time per metric (ms): small plans need hundreds of calls before the JIT has
 * optimised the engine, or the first metric measured pays for the compilation of all.
 */
const WARMUP_MS = 150;

/** A call this slow (ms) is sampled at most SLOW_RUNS times. */
const SLOW_CALL_MS = 1000;
const SLOW_RUNS = 3;

/** Times an asynchronous operation (PDF printing, browser steps): one call per sample. */
export async function measureAsync(
  fn: () => Promise<unknown>,
  runs: number,
  warmup: number,
): Promise<Spread> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  // CPU time of this process says nothing about work done in a browser: not recorded.
  return spreadOf(samples);
}
