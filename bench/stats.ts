// Timing helpers for the benchmark: repeated samples, order statistics, memory high-water marks.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Order statistics of one metric's samples, in milliseconds. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p10: number;
  readonly p90: number;
  readonly runs: number;
}

/** Value at quantile q (0..1) of sorted samples, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function spreadOf(samples: readonly number[]): Spread {
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
  for (let i = 0; i < warmup; i++) {
    fn();
    memory?.sample();
  }
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minSampleMs && calls < 10_000);
    memory?.sample();
    samples.push(elapsed / calls);
  }
  return spreadOf(samples);
}

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
  return spreadOf(samples);
}
