// Target-neutral text clean-up shared by the per-language escaping helpers.

/**
 * Characters that end a line or hide text in some target: C0/C1 controls (newline, carriage
 * return, NUL…), DEL, Unicode line/paragraph separators and bidirectional overrides ("trojan
 * source"). Any of them inside a comment or a string could start a new command line or make
 * a reviewer read something other than what runs.
 */
const UNSAFE_CHARS =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we remove
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Lone UTF-16 surrogates cannot be encoded as UTF-8; they become U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Longest plan text kept in one comment or label; longer text is cut with "...". */
export const MAX_TEXT = 300;

/** Cuts `s` to at most `max` characters (code points), marking the cut with "...". */
export function truncate(s: string, max: number = MAX_TEXT): string {
  // UTF-16 length bounds the code point count: short strings need no splitting.
  if (s.length <= max) return s;
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(0, max - 3)).join('') + '...';
}

/**
 * Anything oneLine would change (surrogates included, so pairs are checked on the slow path).
 * The definition `isClean` must agree with (a property test compares them); not used on the hot
 * path, where the regex's per-position alternation was the exporters' top cost.
 */
export const NEEDS_CLEANING =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]| {2}|^\s|\s$/;

/** Same answer as !NEEDS_CLEANING.test(s), without the regex's per-position alternation. */
export function isClean(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  if (WHITESPACE.test(s[0]!) || WHITESPACE.test(s[n - 1]!)) return false;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (space) return false;
      space = true;
      continue;
    }
    space = false;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
    if (c < 0x61c) continue;
    if (
      c === 0x61c ||
      c === 0x200e ||
      c === 0x200f ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0xfeff ||
      (c >= 0xd800 && c <= 0xdfff)
    ) {
      return false;
    }
  }
  return true;
}

const WHITESPACE = /^\s$/;

/** One line of display text: unsafe characters become spaces, runs of spaces collapse, trimmed, cut. */
export function oneLine(s: string, max: number = MAX_TEXT): string {
  // Fast path: exports call this for every comment line of every rule.
  if (s.length <= max && isClean(s)) return s;
  const clean = s
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(UNSAFE_CHARS, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return truncate(clean, max);
}

/** Printable ASCII only (other characters become "?"), for targets that take ASCII (nft, iptables). */
export function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/gu, '?');
}

/** Deterministic short hash (FNV-1a, 32 bit) as 8 hex digits; for unique names after clean-up. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A name made only of `allowed` characters, starting with a letter, at most `max` long. A name
 * that had to change (or was too long) gets a hash of the original appended, which keeps it
 * readable and usually distinct; uniqueness itself comes from a `NameTable` (`../names.ts`): a
 * hashed form can equal another original (`vbr-01` → `vbr_01_d61f29`, itself a valid id).
 */
export function safeName(raw: string, allowed: RegExp, max: number, filler = '_'): string {
  let name = Array.from(raw)
    .map((c) => (allowed.test(c) ? c : filler))
    .join('');
  if (!/^[A-Za-z]/.test(name)) name = `n${filler}${name}`;
  if (name === raw && name.length <= max && name.length >= 2) return name;
  const hash = shortHash(raw).slice(0, 6);
  return `${name.slice(0, Math.max(1, max - hash.length - 1))}${filler}${hash}`;
}
