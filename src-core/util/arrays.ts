// Array helpers safe at any size: spreading a large array into a call's arguments
// (`push(...rows)`, `Math.max(...xs)`) overflows the stack beyond about 100 000 items.

/** Appends every item of `items` to `target`, in order; returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = -Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v > max) max = v;
  }
  return any ? max : empty;
}

/** The smallest of `values`, or `empty` when there is none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let min = Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v < min) min = v;
  }
  return any ? min : empty;
}
