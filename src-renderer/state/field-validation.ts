// Inspector field validation: parses user text with src-core's own parsers, so the UI never
// stores a value the plan schema would refuse. Returns either the value to store or the reason.
import { isHostname, parseAddress, parseCidr, parsePorts } from '../../src-core/index';
import { parseAddressEntry } from '../../src-core/util/ip';
import { hostnameProblem } from '../../src-core/plan/schema';
import { describeForbiddenCharacter, findForbiddenCharacter } from '../../src-core/util/text';

/** A parsed field: the value to store, or why the text is refused. */
export type FieldResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

// Same limits as src-core/plan/schema.ts (names reach script comments and documents).
const NAME_MAX = 200;
const NOTES_MAX = 10_000;

/** Splits a multi-value field on newlines, commas, semicolons and spaces; drops empties. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Node or zone display name: 1-200 characters, none of the characters the plan schema refuses. */
export function validateName(text: string): FieldResult<string> {
  const value = text.trim();
  if (value.length === 0) return { ok: false, error: 'A name is required.' };
  if (value.length > NAME_MAX) return { ok: false, error: `At most ${NAME_MAX} characters.` };
  const bad = findForbiddenCharacter(value);
  if (bad) return { ok: false, error: `The name ${describeForbiddenCharacter(bad)}.` };
  return { ok: true, value };
}

/** Host name (RFC 1123) or empty for none. */
export function validateHostname(text: string): FieldResult<string | undefined> {
  const value = text.trim();
  if (value === '') return { ok: true, value: undefined };
  if (!isHostname(value)) {
    const problem = hostnameProblem(value);
    return {
      ok: false,
      error:
        problem === 'is not a valid host name'
          ? `"${value}" is not a valid host name: use letters, digits, inner hyphens and dots (e.g. vbr01.example.net).`
          : `"${value}" ${problem}.`,
    };
  }
  return { ok: true, value };
}

/**
 * Addresses (IPv4, IPv6, CIDR, ranges A-B for a group of hosts), several; stored in canonical
 * form, duplicates removed.
 */
export function validateAddresses(text: string): FieldResult<string[]> {
  const out: string[] = [];
  for (const item of splitList(text)) {
    const parsed = parseAddressEntry(item);
    if (!parsed) {
      return {
        ok: false,
        error: item.includes('-')
          ? `"${item}" is not an address range: two addresses of one family, first ≤ last (e.g. 203.0.113.100-203.0.113.139).`
          : `"${item}" is not an IPv4 or IPv6 address or network (e.g. 192.0.2.10, 2001:db8::10, 192.0.2.0/24).`,
      };
    }
    if (!out.includes(parsed.canonical)) out.push(parsed.canonical);
  }
  return { ok: true, value: out };
}

/** Zone networks in CIDR notation, several. */
export function validateCidrs(text: string): FieldResult<string[]> {
  const out: string[] = [];
  for (const item of splitList(text)) {
    const parsed = parseCidr(item);
    if (!parsed) {
      return {
        ok: false,
        error: `"${item}" is not a network in CIDR notation (e.g. 192.0.2.0/24 or 2001:db8::/48).`,
      };
    }
    if (!out.includes(parsed.canonical)) out.push(parsed.canonical);
  }
  return { ok: true, value: out };
}

/** A port override: "N" or "N-M" (1-65535), or empty for the catalog default. */
export function validatePortOverride(text: string): FieldResult<string | undefined> {
  const value = text.trim().replace(/\s*-\s*/, '-');
  if (value === '') return { ok: true, value: undefined };
  const r = parsePorts(value);
  if (!r) {
    return {
      ok: false,
      error: `"${value}" is not a port or range: use N or N-M between 1 and 65535.`,
    };
  }
  return { ok: true, value: r.start === r.end ? String(r.start) : `${r.start}-${r.end}` };
}

/** Proxmox VE VM id: integer 100-999999999, or empty for none. */
export function validateVmid(text: string): FieldResult<number | undefined> {
  const value = text.trim();
  if (value === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(value)) return { ok: false, error: 'A VM id is a whole number.' };
  const n = Number(value);
  if (n < 100 || n > 999_999_999) {
    return { ok: false, error: 'Proxmox VE VM ids range from 100 to 999999999.' };
  }
  return { ok: true, value: n };
}

/** Free-text notes, at most 10 000 characters. */
export function validateNotes(text: string): FieldResult<string | undefined> {
  if (text.length > NOTES_MAX) return { ok: false, error: `At most ${NOTES_MAX} characters.` };
  return { ok: true, value: text.trim() === '' ? undefined : text };
}

/** Zone colour as #rgb / #rrggbb. */
export function validateColor(text: string): FieldResult<string> {
  return /^#[0-9A-Fa-f]{3,8}$/.test(text)
    ? { ok: true, value: text.toLowerCase() }
    : { ok: false, error: 'Use a hex colour such as #3b82f6.' };
}

/**
 * A group's members, one per line: a name and one address ("web-01 203.0.113.101", or
 * separated by a comma, tab or semicolon as pasted from a spreadsheet).
 */
export function validateMembers(text: string): FieldResult<{ name: string; address: string }[]> {
  const out: { name: string; address: string }[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    if (line === '') continue;
    const m = /^(.*?)[\s,;]+(\S+)$/.exec(line);
    const name = m?.[1]?.trim() ?? '';
    const parsed = m ? parseAddress(m[2]!) : null;
    if (!m || name === '') {
      return {
        ok: false,
        error: `Line ${i + 1}: write a name and one address (e.g. web-01 203.0.113.101).`,
      };
    }
    if (!parsed || parsed.cidr) {
      return { ok: false, error: `Line ${i + 1}: "${m[2]}" is not one IPv4 or IPv6 address.` };
    }
    if (name.length > 200 || findForbiddenCharacter(name)) {
      return {
        ok: false,
        error: `Line ${i + 1}: the name is too long or has a control character.`,
      };
    }
    out.push({ name, address: parsed.canonical });
  }
  return { ok: true, value: out };
}
