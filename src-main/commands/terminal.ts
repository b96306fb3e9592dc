// The one sanitiser every line the CLI prints passes: plan text must not drive the terminal.

/**
 * What a terminal could act on or display out of order: C0 controls but tab and newline
 * (ESC starts escape sequences, CR overwrites a line), DEL, C1 controls (U+009B is a one-byte
 * CSI), line/paragraph separators, bidi marks, embeddings, overrides and isolates, and a
 * stray byte order mark.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we escape
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Replaces each unsafe character by its `\uXXXX` escape. The escape is visible text on a
 * terminal and, inside a JSON string (`flows --json`), the same character to a JSON reader, so
 * machine output stays valid and means the same.
 */
export function sanitizeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
