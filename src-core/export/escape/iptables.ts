// iptables-restore escaping: `-m comment --comment "…"` values and `#` comment lines.
import { asciiOnly, oneLine } from './text';

/** The comment match takes at most 255 characters. */
export const IPTABLES_COMMENT_MAX = 255;

/**
 * A double-quoted `--comment` value for iptables-restore. Its tokenizer knows `"` and `\`,
 * so both are replaced; controls and non-ASCII too (one line, ASCII).
 */
export function iptablesComment(s: string): string {
  const text = asciiOnly(oneLine(s, 400)).replace(/["\\]/g, "'");
  const cut =
    text.length > IPTABLES_COMMENT_MAX ? `${text.slice(0, IPTABLES_COMMENT_MAX - 3)}...` : text;
  return `"${cut}"`;
}

/** A `#` comment line; iptables-restore ignores lines that start with `#`. */
export function iptablesLineComment(s: string, max?: number): string {
  const text = oneLine(s, max);
  return text ? `# ${text}` : '#';
}
