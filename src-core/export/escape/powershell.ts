// PowerShell escaping: single-quoted strings, ASCII-only output, comments on one line.
import { oneLine } from './text';

/**
 * PowerShell treats all of these as a single quote inside a single-quoted string, so each
 * must be doubled (not only U+0027).
 */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function quoteAscii(s: string): string {
  return `'${s.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}

/**
 * Quotes `s` as a PowerShell string expression that is pure ASCII: a single-quoted literal
 * (nothing expands inside; quotes doubled), and every non-ASCII or control character written
 * as `[char]0xNNNN` joined with `+` in parentheses. ASCII output matters: Windows PowerShell
 * 5.1 reads a BOM-less script as ANSI, where UTF-8 bytes 0x91-0x92 decode to curly quotes that
 * would close the string. Usable as an argument (`-Name ('a' + [char]0x00E9)`).
 */
export function quotePowerShell(s: string): string {
  // Printable ASCII (nearly every string) is one plain literal: skip the per-character walk.
  if (PRINTABLE_ASCII.test(s)) return quoteAscii(s);
  const parts: string[] = [];
  let literal = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) {
      literal += ch;
      continue;
    }
    if (literal) parts.push(quoteAscii(literal));
    literal = '';
    // UTF-16 code units: astral characters become their surrogate pair.
    for (let i = 0; i < ch.length; i++) {
      parts.push(`[char]0x${ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`);
    }
  }
  if (literal || parts.length === 0) parts.push(quoteAscii(literal));
  // A lone `[char]0x…` in argument mode would be a bare word, so only a literal goes unwrapped.
  const only = parts.length === 1 ? (parts[0] as string) : null;
  if (only?.startsWith("'")) return only;
  // `+` takes its meaning from the left operand, and PowerShell adds [char]s as numbers
  // ([char]0xE9 + [char]0xE9 is 466): a leading '' makes every `+` a string concatenation.
  if (!(parts[0] as string).startsWith("'")) parts.unshift("''");
  return `(${parts.join(' + ')})`;
}

/** A display string (name, purpose) quoted for PowerShell, on one line, control characters removed. */
export function powerShellText(s: string, max?: number): string {
  return quotePowerShell(oneLine(s, max));
}

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * A `#` comment line in ASCII: non-ASCII becomes "?" (see quotePowerShell), and `#>` cannot
 * close a block comment because none is ever opened.
 */
export function powerShellComment(s: string, max?: number): string {
  const line = oneLine(s, max);
  // Tested before replacing: nearly every comment is ASCII already (one per rule line).
  const text = NOT_PRINTABLE_ASCII.test(line) ? line.replace(/[^\x20-\x7e]/g, '?') : line;
  return text ? `# ${text}` : '#';
}
