// Property tests of the escaping helpers: hostile strings round-trip through the real bash, nft and iptables.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileText } from '../__fixtures__/arbitrary';
import { stringify } from 'csv-stringify/sync';
import { parseCsv } from '../__fixtures__/verify';
import { csvRecords, csvText } from './csv';
import { iptablesComment } from './iptables';
import { markdownText } from './markdown';
import { nftComment, nftIdentifier } from './nft';
import { powerShellComment, quotePowerShell } from './powershell';
import { PROXMOX_GROUP_MAX, proxmoxName } from './proxmox';
import { quoteShell, shellComment } from './shell';
import { isClean, NEEDS_CLEANING, oneLine } from './text';

const dir = mkdtempSync(join(tmpdir(), 'ptl-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const anyText = fc.oneof(
  hostileText,
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary' }),
);

/** Evaluates the expression quotePowerShell emits, following PowerShell's lexing rules. */
function evalPowerShell(expr: string): string {
  let i = 0;
  const literal = (): string => {
    expect(expr[i]).toBe("'");
    i++;
    let out = '';
    for (;;) {
      const c = expr[i];
      if (c === undefined) throw new Error(`unterminated string in ${expr}`);
      if (/['\u2018\u2019\u201a\u201b]/.test(c)) {
        if (expr[i + 1] !== undefined && /['\u2018\u2019\u201a\u201b]/.test(expr[i + 1]!)) {
          out += c;
          i += 2;
          continue;
        }
        i++;
        return out;
      }
      out += c;
      i++;
    }
  };
  const part = (): string => {
    if (expr[i] === "'") return literal();
    const m = /^\[char\]0x([0-9A-F]{4})/.exec(expr.slice(i));
    if (!m) throw new Error(`unexpected at ${i}: ${expr}`);
    i += m[0].length;
    return String.fromCharCode(parseInt(m[1]!, 16));
  };
  if (expr[0] === "'") {
    const s = literal();
    expect(i).toBe(expr.length);
    return s;
  }
  expect(expr[0]).toBe('(');
  i = 1;
  // `+` takes its meaning from the left operand: after a [char] it is numeric addition
  // ([char]0xE9 + [char]0xE9 is 466, [char]0xE9 + 'a' an error), so a chain must start with a string.
  const startsWithString = expr[i] === "'";
  let out = part();
  while (expr.startsWith(' + ', i)) {
    if (!startsWithString) throw new Error(`numeric addition of [char] values in ${expr}`);
    i += 3;
    out += part();
  }
  expect(expr.slice(i)).toBe(')');
  return out;
}

describe('quoteShell', () => {
  it('round-trips any string through the real bash as one word', () => {
    const samples = fc.sample(anyText, 300);
    const words = samples.map((s) => quoteShell(s));
    const script = join(dir, 'roundtrip.sh');
    writeFileSync(script, `printf '%s\\0' ${words.join(' ')}\n`);
    const out = execFileSync('bash', [script], { cwd: dir });
    const expected = Buffer.concat(samples.map((s) => Buffer.from(`${s.replace(/\0/g, '')}\0`)));
    expect(out.equals(expected)).toBe(true);
  });

  it('comments stay on one line', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const c = shellComment(s);
        expect(c.startsWith('#')).toBe(true);
        expect(c).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      }),
    );
  });
});

describe('quotePowerShell', () => {
  it('is pure ASCII and evaluates back to the input under PowerShell quoting rules', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const q = quotePowerShell(s);
        expect(q).toMatch(/^[\x20-\x7e]*$/);
        expect(evalPowerShell(q)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('comments are one ASCII line', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(powerShellComment(s)).toMatch(/^#( [\x20-\x7e]*)?$/);
      }),
    );
  });
});

describe('nft and iptables comments', () => {
  it('are quoted ASCII within the length limits', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(nftComment(s)).toMatch(/^"[\x20\x21\x23-\x5b\x5d-\x7e]{0,127}"$/);
        expect(iptablesComment(s)).toMatch(/^"[\x20\x21\x23-\x5b\x5d-\x7e]{0,255}"$/);
      }),
    );
  });

  it('nft -c accepts sets and rules named and commented from hostile text', () => {
    const samples = fc.sample(anyText, 80);
    const sets = samples.map(
      (s, i) =>
        `\tset ${nftIdentifier(`${s}${i}`)}_v4 { type ipv4_addr; comment ${nftComment(s)}; }`,
    );
    const rules = samples.map((s) => `\t\ttcp dport 22 accept comment ${nftComment(s)}`);
    const file = join(dir, 'c.nft');
    writeFileSync(
      file,
      `table inet t {\n${sets.join('\n')}\n\tchain c {\n\t\ttype filter hook input priority 0;\n${rules.join('\n')}\n\t}\n}\n`,
    );
    const r = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('iptables-restore --test accepts hostile comments', () => {
    const samples = fc.sample(anyText, 80);
    const rules = samples.map(
      (s) =>
        `-A INPUT -p tcp -m tcp --dport 22 -m comment --comment ${iptablesComment(s)} -j ACCEPT`,
    );
    const r = spawnSync('iptables-restore', ['--test'], {
      input: `*filter\n${rules.join('\n')}\nCOMMIT\n`,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('names', () => {
  it('nft identifiers and Proxmox names follow the target grammar and stay distinct', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(nftIdentifier(a)).toMatch(/^[A-Za-z][A-Za-z0-9_]{1,63}$/);
        expect(proxmoxName(a)).toMatch(/^[A-Za-z][A-Za-z0-9_-]{1,63}$/);
        expect(proxmoxName(a, PROXMOX_GROUP_MAX).length).toBeLessThanOrEqual(PROXMOX_GROUP_MAX);
        if (a !== b) {
          expect(nftIdentifier(a)).not.toBe(nftIdentifier(b));
          expect(proxmoxName(a)).not.toBe(proxmoxName(b));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps already valid names as they are', () => {
    expect(nftIdentifier('pve1')).toBe('pve1');
    expect(proxmoxName('guest-proxy', PROXMOX_GROUP_MAX)).toBe('guest-proxy');
  });
});

describe('csvRecords', () => {
  it('writes the same bytes as csv-stringify (RFC 4180, CRLF) and parses back', () => {
    const cell = fc.oneof(
      anyText,
      fc.constantFrom('', ' a', 'a ', '"', ',', '\r', '\n', '\r\n', 'x"y'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const mine = csvRecords(rows);
          // csv-stringify leaves a lone LF or CR unquoted when records end in CRLF; spreadsheets
          // would split the row there, so both must be quoted (as RFC 4180 readers expect).
          // Cells with `;` or a tab, or a formula character first, are quoted too (spreadsheets
          // whose list separator is `;`; see csvField).
          const oracle = stringify(rows, {
            record_delimiter: 'windows',
            quoted_match: /^\s|\s$|[\r\n;\t]|^[=+\-@]/,
          });
          expect(mine).toBe(oracle);
          expect(parseCsv(mine)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Cells as a spreadsheet reads them with `sep` as the list separator: a field that starts with
 * `"` is quoted up to its closing quote (text after it, up to the separator, is appended); any
 * other field runs to the separator or the end of the line, quotes in it taken literally (what
 * a `;` reader sees of a file written with `,`).
 */
function spreadsheetCells(text: string, sep: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    }
    while (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n')
      cell += text[i++];
    cells.push(cell);
    i++;
  }
  return cells;
}

describe('CSV formula guard', () => {
  const FORMULA = /^[ ]*[=+\-@\t\r]/;
  const pieces = fc.constantFrom(
    '=',
    '+',
    '-',
    '@',
    ';',
    ',',
    '\t',
    '\r',
    '\n',
    '"',
    ' ',
    'a',
    '1+1',
  );
  const cell = fc.oneof(
    anyText,
    fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')),
    fc.constantFrom(';=1+1', 'a;=1+1', 'x,=1', 'n; @SUM(A1)', 'a;"=1+1"', '\t=1', 'a\n=1'),
  );

  it('no cell starts a formula, read with "," or ";" as the separator; "," reads back the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        (rows) => {
          const guarded = rows.map((r) => r.map(csvText));
          const text = csvRecords(guarded);
          expect(parseCsv(text)).toEqual(guarded);
          for (const sep of [',', ';']) {
            for (const c of spreadsheetCells(text, sep))
              expect(c, `${sep} ${text}`).not.toMatch(FORMULA);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('guards the reported name ";=1+1" and keeps plain text as it is', () => {
    expect(csvRecords([['a', csvText(';=1+1'), 'b']])).toBe(`a,";'=1+1",b\r\n`);
    expect(csvText('GW-REPO01')).toBe('GW-REPO01');
    expect(csvText('Backup; restore')).toBe('Backup; restore');
  });
});

describe('document text', () => {
  it('oneLine removes every line break and control character', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        // eslint-disable-next-line no-control-regex -- exactly what must be gone
        expect(oneLine(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
      }),
    );
  });

  it('markdown cells have no unescaped pipe and csv cells start no formula', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const md = markdownText(s);
        expect(md.replace(/\\./g, '')).not.toMatch(/[|<>`]/);
        expect(csvText(s)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

describe('oneLine fast path', () => {
  it('isClean agrees with the reference regex on hostile and arbitrary text', () => {
    const text = fc.oneof(hostileText, fc.string({ unit: 'binary' }), fc.string());
    fc.assert(
      fc.property(text, (s) => {
        expect(isClean(s)).toBe(!NEEDS_CLEANING.test(s));
      }),
      { numRuns: 2000 },
    );
    for (const s of ['', ' ', 'a', ' a', 'a ', 'a  b', 'a\tb', '\u00a0x', 'x\u2028', 'ok text']) {
      expect(isClean(s)).toBe(!NEEDS_CLEANING.test(s));
    }
  });
});
