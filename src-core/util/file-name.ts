// File names made from plan text: one maker and one validator, used by the renderer and main.

/** Longest file name accepted, in UTF-16 units (and at most MAX_FILE_NAME_BYTES in UTF-8). */
export const MAX_FILE_NAME = 200;
/** Most UTF-8 bytes in a name: ext4, XFS, APFS and NTFS all stop at 255 bytes or units. */
export const MAX_FILE_NAME_BYTES = 240;

// Windows device names are reserved with any extension ("nul.txt" opens the NUL device).
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Why `name` is not a plain file name safe to create in a chosen folder on every platform,
 * or null when it is. Rejects separators, traversal, control characters and NUL, Windows
 * reserved names and characters, trailing dots/spaces, hidden names and over-long names.
 */
export function plainFileNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_FILE_NAME) return `is longer than ${MAX_FILE_NAME} characters`;
  if (utf8Length(name) > MAX_FILE_NAME_BYTES) return `is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  if (name === '.' || name === '..' || name.includes('..')) return 'contains ".."';
  if (/[/\\]/.test(name)) return 'contains a path separator';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'contains a control character';
  if (/[\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/.test(name))
    return 'contains an invisible formatting character';
  if (/[\ud800-\udfff]/u.test(name)) return 'contains a lone surrogate';
  if (/[<>:"|?*]/.test(name)) return 'contains a character Windows forbids (<>:"|?*)';
  if (name.startsWith('.')) return 'starts with "."';
  if (/[. ]$/.test(name)) return 'ends with a dot or space';
  if (RESERVED_NAMES.test(name)) return 'is a reserved device name on Windows';
  return null;
}

/** Cuts `s` to `units` UTF-16 units and `bytes` UTF-8 bytes without splitting a character. */
function cut(s: string, units: number, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const size = utf8Length(ch);
    if (out.length + ch.length > units || used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}

/** Characters a file system refuses, or that hide or reorder a name. */
const UNSAFE_IN_NAME =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we replace
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff<>:"|?*/\\]+/g;

/**
 * A file name for `text` (a plan name, a change number) that plainFileNameProblem accepts,
 * `suffix` (".portolan.json", "-export") included. Characters a file system refuses or hides
 * become "-", runs of dots become one, leading dots and trailing dots/spaces go (`Site B v2.`,
 * `Backup...`, `.hidden`), a Windows device name gets a "_" (`CON` → `CON_`), and the name is
 * cut to fit the length limits with its suffix. Empty results become `fallback`.
 */
export function safeFileName(text: string, suffix = '', fallback = 'plan'): string {
  const cleaned = text
    .normalize('NFC')
    .replace(UNSAFE_IN_NAME, '-')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\.{2,}/g, '.');
  const fit = (base: string): string =>
    cut(base, MAX_FILE_NAME - suffix.length, MAX_FILE_NAME_BYTES - utf8Length(suffix)).replace(
      /^[.\s]+|[.\s]+$/g,
      '',
    );
  let base = fit(cleaned.replace(/^[.\s-]+/, '')) || fallback;
  // The device word is what Windows matches ("CON", "CON.txt"): "_" goes right after it.
  if (RESERVED_NAMES.test(`${base}${suffix}`)) base = fit(base.replace(/^[^.]*/, '$&_'));
  // A suffix that starts with "." after a base ending in "." would make "..": trimmed above.
  return `${base}${suffix}`;
}

/** Deepest sub-folder an export may write into (`policies/pol/portolan.pol` is 3 parts). */
export const MAX_FILE_DEPTH = 4;

/**
 * Why `name` is not a safe relative path inside an export folder, or null: one to
 * {@link MAX_FILE_DEPTH} parts separated by `/`, each a plain file name (so no `..`, no
 * absolute path, no `\`). Capirca's folder (`def/NETWORK.net`) is the one export that needs it.
 */
export function relativeFileNameProblem(name: string): string | null {
  const parts = name.split('/');
  if (parts.length > MAX_FILE_DEPTH) return `has more than ${MAX_FILE_DEPTH} path parts`;
  for (const part of parts) {
    const problem = plainFileNameProblem(part);
    if (problem) return parts.length === 1 ? problem : `has a part "${part}" that ${problem}`;
  }
  return null;
}
