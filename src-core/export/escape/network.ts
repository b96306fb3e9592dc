// Network-firewall escaping: object names and free text for Cisco ASA, FortiOS, PAN-OS, Junos and Capirca.
import { oneLine, safeName } from './text';

/**
 * Characters kept in free text (remarks, comments, descriptions) on every network platform.
 * A whitelist, not a blacklist: the five CLIs differ in what ends a string (`"` everywhere,
 * `\` in FortiOS/Junos), what starts a comment (`!` on ASA, `#` in Junos and Capirca files),
 * what opens a block (`{` `}` in Junos and Capirca) and what asks the interactive CLI for help
 * (`?` on ASA, PAN-OS and Junos, even inside a remark). Everything else becomes a space.
 */
const TEXT_KEPT = /[^A-Za-z0-9 .,:_()/+=@%*-]/gu;
/** Text already made only of kept characters, single-spaced, trimmed: returned as it is. */
const TEXT_CLEAN = /^(?! )(?!.* $)(?!.* {2})[A-Za-z0-9 .,:_()/+=@%*-]*$/;

/**
 * Whole comment lines (`!` / `#` to the end of the line) keep printable ASCII except `?`, which
 * the ASA, PAN-OS and Junos line editors answer with help as it is pasted, and `\`, which
 * continues a FortiOS line. Line ends and controls are gone already (oneLine).
 */
const COMMENT_KEPT = /[^\x20-\x3e\x40-\x5b\x5d-\x7e]/gu;
const COMMENT_CLEAN = /^(?! )(?!.* $)(?!.* {2})[\x20-\x3e\x40-\x5b\x5d-\x7e]*$/;

/** ASCII code → kept, for the two patterns above: the fast path tests text by table. */
function keptTable(pattern: RegExp): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = pattern.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

const CLEAN_TABLES = new Map<RegExp, Uint8Array>([
  [TEXT_CLEAN, keptTable(/^[A-Za-z0-9 .,:_()/+=@%*-]$/)],
  [COMMENT_CLEAN, keptTable(/^[\x20-\x3e\x40-\x5b\x5d-\x7e]$/)],
]);

/**
 * Same answer as `clean.test(s)` for the two clean patterns (kept characters only, no space at
 * either end, no two spaces in a row), in one pass: the patterns' lookaheads scan each text
 * three times, for every remark of every rule.
 */
function isCleanText(s: string, clean: RegExp): boolean {
  const table = CLEAN_TABLES.get(clean);
  if (!table) return clean.test(s);
  const n = s.length;
  if (n === 0) return true;
  if (s.charCodeAt(0) === 0x20 || s.charCodeAt(n - 1) === 0x20) return false;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || table[c] === 0) return false;
    if (c === 0x20) {
      if (space) return false;
      space = true;
    } else {
      space = false;
    }
  }
  return true;
}

/**
 * Free text reduced to the kept characters ({@link TEXT_KEPT} unless `dropped` says otherwise:
 * a global, `u` pattern of the characters to replace), one line, collapsed, cut to `max`.
 */
export function networkText(
  s: string,
  max: number,
  dropped: RegExp = TEXT_KEPT,
  clean: RegExp = TEXT_CLEAN,
): string {
  // Fast path: exports call this for every remark and description of every rule.
  if (s.length <= max && isCleanText(s, clean)) return s;
  const text = oneLine(s, 2000).replace(dropped, ' ').replace(/ {2,}/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 3).trimEnd()}...` : text;
}

/** Text for a whole comment line or an ASA remark ({@link COMMENT_KEPT}), cut to `max`. */
export function commentText(s: string, max: number): string {
  return networkText(s, max, COMMENT_KEPT, COMMENT_CLEAN);
}

/**
 * One cache per name helper: a rule names its groups again on every line of every platform,
 * and safeName's hash path is the exporters' top cost on large plans. Bounded, so a long
 * session never grows it without limit.
 */
function memo(fn: (raw: string) => string): (raw: string) => string {
  const cache = new Map<string, string>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined) {
      if (cache.size >= 200_000) cache.clear();
      v = fn(raw);
      cache.set(raw, v);
    }
    return v;
  };
}

/** Longest ASA `access-list … remark` text (the ASA refuses longer remarks). */
export const ASA_REMARK_MAX = 100;
/** ASA object-group and access-list names: 64 characters keeps every release happy. */
export const ASA_NAME_MAX = 64;

/** Text after `access-list NAME remark ` (unquoted, to the end of the line). */
export function asaRemark(s: string): string {
  // A remark runs to the end of the line: only the line editor's `?` and `\\` need to go.
  return networkText(s, ASA_REMARK_MAX, COMMENT_KEPT, COMMENT_CLEAN) || '-';
}

/** An ASA object-group or access-list name. */
export const asaName: (raw: string) => string = memo((raw) =>
  safeName(raw, /[A-Za-z0-9_.-]/, ASA_NAME_MAX, '_'),
);

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
  if (max === FORTI_NAME_MAX) return fortiObjectName(raw);
  // Policy and interface names (35): written once or twice per policy.
  if (max === FORTI_SHORT_NAME_MAX) return fortiShortName(raw);
  return safeName(raw, /[A-Za-z0-9_.-]/, max, '_');
}

/** FortiOS policy and interface names take 35 characters. */
const FORTI_SHORT_NAME_MAX = 35;

const fortiObjectName = memo((raw) => safeName(raw, /[A-Za-z0-9_.-]/, FORTI_NAME_MAX, '_'));
const fortiShortName = memo((raw) => safeName(raw, /[A-Za-z0-9_.-]/, FORTI_SHORT_NAME_MAX, '_'));

/** PAN-OS object and rule names: 63 characters, letters, digits, `_`, `-`, `.`. */
export const PANOS_NAME_MAX = 63;
/** PAN-OS descriptions: 255 characters for objects and rules alike (the lower of the limits). */
export const PANOS_TEXT_MAX = 255;

/** A double-quoted PAN-OS CLI string. */
export function panosString(s: string): string {
  return `"${networkText(s, PANOS_TEXT_MAX)}"`;
}

/** PAN-OS zone names take 31 characters (Capirca's paloalto generator enforces it too). */
export const PANOS_ZONE_MAX = 31;

/** A PAN-OS zone name (Capirca headers name the same zones). */
export const panosZone: (raw: string) => string = memo((raw) =>
  safeName(raw, /[A-Za-z0-9_.-]/, PANOS_ZONE_MAX, '_'),
);

/** A PAN-OS object or rule name. */
export const panosName: (raw: string) => string = memo((raw) =>
  safeName(raw, /[A-Za-z0-9_.-]/, PANOS_NAME_MAX, '_'),
);

/** Junos address-book, application and policy names: 63 characters. */
export const JUNOS_NAME_MAX = 63;
/** Junos `description` takes 900 characters. */
export const JUNOS_TEXT_MAX = 900;

/** A double-quoted Junos string. */
export function junosString(s: string): string {
  return `"${networkText(s, JUNOS_TEXT_MAX)}"`;
}

/** A Junos address-book entry, application, zone or policy name. */
export const junosName: (raw: string) => string = memo((raw) =>
  safeName(raw, /[A-Za-z0-9_.-]/, JUNOS_NAME_MAX, '_'),
);

/**
 * Capirca token names (networks, services, terms): letters, digits, `_`, `-`. Terms become
 * iptables chains `I_<term>`, limited to 28 characters, hence the short default.
 */
export function capircaName(raw: string, max = 63): string {
  return max === 63 ? capircaToken(raw) : safeName(raw, /[A-Za-z0-9_-]/, max, '_');
}

const capircaToken = memo((raw) => safeName(raw, /[A-Za-z0-9_-]/, 63, '_'));

/** A double-quoted Capirca `comment::` string. */
export function capircaString(s: string, max = 500): string {
  return `"${networkText(s, max)}"`;
}

/** A `#` comment line in a Capirca .net/.svc/.pol file. */
export function capircaLineComment(s: string): string {
  const text = networkText(s, 300, COMMENT_KEPT, COMMENT_CLEAN);
  return text ? `# ${text}` : '#';
}

/** A `!` comment line for ASA, `#` for FortiOS/PAN-OS/Junos scripts (each reads to the end of line). */
export function networkLineComment(mark: '!' | '#', s: string): string {
  const text = networkText(s, 300, COMMENT_KEPT, COMMENT_CLEAN);
  return text ? `${mark} ${text}` : mark;
}
