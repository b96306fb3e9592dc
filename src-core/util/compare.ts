// Locale-independent string ordering, so sorted output is byte-identical on every machine.

/** Compares by UTF-16 code units (never `localeCompare`, whose result depends on the locale). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
