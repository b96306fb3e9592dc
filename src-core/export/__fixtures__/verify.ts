// Pure checks of generated files that need no external tool: lexers for PowerShell and bash, Proxmox grammar, CSV.

/** PowerShell source with single-quoted strings and `#` comments blanked out (ASCII input). */
export function maskPowerShell(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new Error('unterminated PowerShell string');
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += "''";
      i = j + 1;
    } else if (c === '#') {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (c === '"') {
      throw new Error('double-quoted PowerShell strings expand $(); the exporters never emit them');
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Bash source with quoted strings and comments blanked: single quotes (nothing special inside),
 * double quotes (backslash escapes), `#` at the start of a word. Enough for generated scripts.
 */
export function maskBash(src: string): string {
  let out = '';
  let i = 0;
  let wordStart = true;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      out += '__';
      i += 2;
      wordStart = false;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      out += "''";
      i = end + 1;
      wordStart = false;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new Error('unterminated double quote');
      // Plan text never goes into double quotes; keep the inside so a payload there is found.
      out += src.slice(i, j + 1);
      i = j + 1;
      wordStart = false;
    } else if (c === '#' && wordStart) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else {
      out += c;
      wordStart = /[\s;&|()<>]/.test(c);
      i++;
    }
  }
  return out;
}

const PVE_NAME = '[A-Za-z][A-Za-z0-9_-]+';
const PVE_LINE = [
  /^$/,
  /^#.*$/,
  /^\[(ALIASES|RULES|OPTIONS)\]$/,
  new RegExp(`^\\[(IPSET|group) ${PVE_NAME}\\]( #.*)?$`),
  new RegExp(`^${PVE_NAME} [0-9a-fA-F.:]+(/\\d+)?( #.*)?$`),
  new RegExp(`^${PVE_NAME}$`),
  // A group node's hosts are written into its IP set as addresses or CIDRs.
  /^[0-9a-fA-F.:]+(\/\d+)?$/,
  /^enable: 1$/,
  new RegExp(`^IN ACCEPT -source \\+?${PVE_NAME} -p (tcp|udp) -dport [0-9:,]+( #.*)?$`),
];

/** Lines of a Proxmox .fw file that match none of the forms the exporter may write. */
export function proxmoxBadLines(src: string): string[] {
  return src.split('\n').filter((line) => !PVE_LINE.some((re) => re.test(line)));
}

/** Minimal RFC 4180 parser (CRLF records, double-quoted fields). */
export function parseCsv(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && src[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
