// POSIX shell (bash) escaping: every plan string reaches a script as one single-quoted word.
import { oneLine } from './text';

/**
 * Quotes `s` as one shell word: inside single quotes nothing is special, and a single quote is
 * written as `'\''` (close, escaped quote, reopen). NUL cannot exist in a shell word and is
 * dropped. Safe for bash, dash and POSIX sh.
 */
export function quoteShell(s: string): string {
  return `'${s.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

/** A display string (name, purpose) as one quoted shell word on one line. */
export function shellText(s: string, max?: number): string {
  return quoteShell(oneLine(s, max));
}

/** A `#` comment line: newlines and other control characters cannot end the comment early. */
export function shellComment(s: string, max?: number): string {
  const text = oneLine(s, max);
  return text ? `# ${text}` : '#';
}
