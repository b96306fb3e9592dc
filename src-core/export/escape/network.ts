// Network-firewall escaping: object names and free text for Cisco ASA, FortiOS, PAN-OS, Junos and Capirca.
import { oneLine, safeName } from './text';

/**
 * Characters kept in free text (remarks, comments, descriptions) on every network platform.
 * A whitelist, not a blacklist: the five CLIs differ in what ends a string (`"` everywhere,
 * `\` in FortiOS/Junos), what starts a comment (`!` on ASA, `#` in Junos and Capirca files),
 * what opens a block (`{` `}` in Junos and Capirca) and what asks the interactive CLI for help
 * (`?` on ASA, PAN-OS and Junos, even inside a remark). Everything else becomes a space.
 */
const TEXT_KEPT = /[A-Za-z0-9 .,:_()/+=@%*-]/;

/**
 * Whole comment lines (`!` / `#` to the end of the line) keep printable ASCII except `?`, which
 * the ASA, PAN-OS and Junos line editors answer with help as it is pasted, and `\`, which
 * continues a FortiOS line. Line ends and controls are gone already (oneLine).
 */
const COMMENT_KEPT = /[\x20-\x3e\x40-\x5b\x5d-\x7e]/;

/** Free text reduced to {@link TEXT_KEPT}, one line, collapsed, cut to `max` characters. */
export function networkText(s: string, max: number, kept: RegExp = TEXT_KEPT): string {
  const text = Array.from(oneLine(s, 2000))
    .map((c) => (kept.test(c) ? c : ' '))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 3).trimEnd()}...` : text;
}

/** Text for a whole comment line or an ASA remark ({@link COMMENT_KEPT}), cut to `max`. */
export function commentText(s: string, max: number): string {
  return networkText(s, max, COMMENT_KEPT);
}

/** Longest ASA `access-list … remark` text (the ASA refuses longer remarks). */
export const ASA_REMARK_MAX = 100;
/** ASA object-group and access-list names: 64 characters keeps every release happy. */
export const ASA_NAME_MAX = 64;

/** Text after `access-list NAME remark ` (unquoted, to the end of the line). */
export function asaRemark(s: string): string {
  // A remark runs to the end of the line: only the line editor's `?` and `\\` need to go.
  return networkText(s, ASA_REMARK_MAX, COMMENT_KEPT) || '-';
}

/** An ASA object-group or access-list name. */
export function asaName(raw: string): string {
  return safeName(raw, /[A-Za-z0-9_.-]/, ASA_NAME_MAX, '_');
}

/** FortiOS object names take 79 characters (policy names 35; see fortigate.ts). */
export const FORTI_NAME_MAX = 79;
/** FortiOS `set comments` takes 1023 characters. */
export const FORTI_COMMENT_MAX = 1023;

/** A double-quoted FortiOS string (quotes included); the text never holds `"` or `\`. */
export function fortiString(s: string, max: number = FORTI_COMMENT_MAX): string {
  return `"${networkText(s, max)}"`;
}

/** A FortiOS object name (unquoted form; fortigate.ts quotes it). */
export function fortiName(raw: string, max: number = FORTI_NAME_MAX): string {
  return safeName(raw, /[A-Za-z0-9_.-]/, max, '_');
}

/** PAN-OS object and rule names: 63 characters, letters, digits, `_`, `-`, `.`. */
export const PANOS_NAME_MAX = 63;
/** PAN-OS descriptions: 255 characters for objects and rules alike (the lower of the limits). */
export const PANOS_TEXT_MAX = 255;

/** A double-quoted PAN-OS CLI string. */
export function panosString(s: string): string {
  return `"${networkText(s, PANOS_TEXT_MAX)}"`;
}

/** A PAN-OS object, zone or rule name. */
export function panosName(raw: string): string {
  return safeName(raw, /[A-Za-z0-9_.-]/, PANOS_NAME_MAX, '_');
}

/** Junos address-book, application and policy names: 63 characters. */
export const JUNOS_NAME_MAX = 63;
/** Junos `description` takes 900 characters. */
export const JUNOS_TEXT_MAX = 900;

/** A double-quoted Junos string. */
export function junosString(s: string): string {
  return `"${networkText(s, JUNOS_TEXT_MAX)}"`;
}

/** A Junos address-book entry, application, zone or policy name. */
export function junosName(raw: string): string {
  return safeName(raw, /[A-Za-z0-9_.-]/, JUNOS_NAME_MAX, '_');
}

/**
 * Capirca token names (networks, services, terms): letters, digits, `_`, `-`. Terms become
 * iptables chains `I_<term>`, limited to 28 characters, hence the short default.
 */
export function capircaName(raw: string, max = 63): string {
  return safeName(raw, /[A-Za-z0-9_-]/, max, '_');
}

/** A double-quoted Capirca `comment::` string. */
export function capircaString(s: string, max = 500): string {
  return `"${networkText(s, max)}"`;
}

/** A `#` comment line in a Capirca .net/.svc/.pol file. */
export function capircaLineComment(s: string): string {
  const text = networkText(s, 300, COMMENT_KEPT);
  return text ? `# ${text}` : '#';
}

/** A `!` comment line for ASA, `#` for FortiOS/PAN-OS/Junos scripts (each reads to the end of line). */
export function networkLineComment(mark: '!' | '#', s: string): string {
  const text = networkText(s, 300, COMMENT_KEPT);
  return text ? `${mark} ${text}` : mark;
}
