// Characters a plan's names may not hold, and the clean-up of free text (change-request fields).

/**
 * Characters refused in names, host names and zone names: C0 controls, DEL, C1 controls
 * (U+0080–U+009F: U+009B is a one-byte CSI to many terminals), the Unicode line and paragraph
 * separators, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) that make a reviewer read text in another order than a tool runs it.
 * Bidi marks (U+200E, U+200F, U+061C) stay allowed: right-to-left names need them and they
 * reorder nothing around them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A character refused in a name: where it is and what it is. */
export interface ForbiddenCharacter {
  /** Position in the string, counted in characters (code points) from 1, as an editor shows it. */
  readonly position: number;
  /** `U+0085` */
  readonly codePoint: string;
  /** "a C1 control character", "a bidirectional override"… */
  readonly kind: string;
}

/** `0x85` → `U+0085` */
export function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function kindOf(cp: number): string {
  if (cp < 0x20 || cp === 0x7f) return 'a control character';
  if (cp <= 0x9f) return 'a C1 control character';
  if (cp === 0x2028 || cp === 0x2029) return 'a line or paragraph separator';
  if (cp >= 0x2066) return 'a bidirectional isolate';
  return 'a bidirectional embedding or override';
}

/** The first character of `s` a name may not hold, or null. */
export function findForbiddenCharacter(s: string): ForbiddenCharacter | null {
  const match = FORBIDDEN.exec(s);
  if (!match) return null;
  const cp = match[0].codePointAt(0)!;
  return {
    position: Array.from(s.slice(0, match.index)).length + 1,
    codePoint: formatCodePoint(cp),
    kind: kindOf(cp),
  };
}

/** `contains U+202E (a bidirectional embedding or override) at character 4` */
export function describeForbiddenCharacter(c: ForbiddenCharacter): string {
  return `contains ${c.codePoint} (${c.kind}) at character ${c.position}`;
}

// Everything but newline that a document or terminal could act on or reorder text with.
const FREE_TEXT_DROPPED =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we remove
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Free text (a change request's justification, rollback plan…): line breaks are kept (as
 * `\n`), a tab becomes a space, and every other control character, separator or bidi
 * embedding/override/isolate is removed.
 */
export function cleanFreeText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(FREE_TEXT_DROPPED, '');
}
