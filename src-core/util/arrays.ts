// Array helpers safe at any size: spreading a large array into a call's arguments
// (`push(...rows)`, `Math.max(...xs)`) overflows the stack beyond about 100 000 items; and a sort
// cheap for the many short arrays a large plan sorts.

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

/** Longest array {@link sortStable} sorts by insertion; longer ones go to `Array.prototype.sort`. */
const INSERTION_MAX = 16;

/**
 * Sorts `items` in place and returns it, exactly as `items.sort(compare)` (stable). Short arrays
 * are sorted by insertion: V8's sort allocates a work array and state per call, which dominates
 * when a large plan sorts tens of thousands of arrays of a few items each.
 */
export function sortStable<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  const n = items.length;
  if (n > INSERTION_MAX) return items.sort(compare);
  for (let i = 1; i < n; i++) {
    const item = items[i]!;
    let j = i - 1;
    // Strictly greater only: equal items keep their order, as a stable sort does.
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
