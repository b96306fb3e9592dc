// The day golden files are computed on: expiry warnings must not change the goldens as time passes.

/** A fixed "today" (YYYY-MM-DD) for golden tests; sample expiry dates lie after it. */
export const GOLDEN_TODAY = '2026-12-01';
