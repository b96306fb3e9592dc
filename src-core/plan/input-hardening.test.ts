// Hostile plan input (issue 16): characters that hide or reorder text, numeric host names,
// case-only id collisions, huge positions, prototype keys, duplicate keys, BOM, mapped IPv6.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFlows } from '../flows/engine';
import { getCatalog } from '../catalog/registry';
import { parsePlanText, restorePlan } from './restore';
import type { RestoreResult } from './restore';
import { isHostname } from './schema';

function base() {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'Test',
    catalog: 'vbr12-pve',
    options: {},
    zones: [{ id: 'mgmt', name: 'Management', cidrs: ['192.0.2.0/24'] }] as Record<
      string,
      unknown
    >[],
    nodes: [
      {
        id: 'vbr',
        type: 'backup-server',
        name: 'VBR',
        hostname: 'vbr01.example.net',
        addresses: ['192.0.2.10'],
        zone: 'mgmt',
        position: { x: 0, y: 0 },
      },
      { id: 'w1', type: 'worker', name: 'W1', addresses: ['192.0.2.11'], zone: 'mgmt' },
    ] as Record<string, unknown>[],
    connections: [{ id: 'c1', from: 'vbr', to: 'w1' }],
    changeRequest: {} as Record<string, unknown>,
  };
}

const lines = (r: RestoreResult): string[] =>
  r.ok ? [] : r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));

describe('names, host names and zone names refuse characters that hide or reorder text', () => {
  it.each([
    ['U+0085', '\u0085', 'a C1 control character'],
    ['U+009B', '\u009b', 'a C1 control character'],
    ['U+202E', '\u202e', 'a bidirectional embedding or override'],
    ['U+2066', '\u2066', 'a bidirectional isolate'],
    ['U+2028', '\u2028', 'a line or paragraph separator'],
    ['U+001B', '\u001b', 'a control character'],
  ])('%s, saying which character and where', (code, char, kind) => {
    const d = base();
    d.nodes[1]!.name = `ab${char}cd`;
    d.zones[0]!.name = `Z${char}`;
    d.name = `${char}plan`;
    const r = lines(restorePlan(d));
    expect(r).toContainEqual(
      expect.stringMatching(
        `^nodes\\[1\\]\\.name: .* contains ${code.replace('+', '\\+')} \\(${kind}\\) at character 3$`,
      ),
    );
    expect(r).toContainEqual(expect.stringMatching(`^zones\\[0\\]\\.name: .* at character 2$`));
    expect(r).toContainEqual(expect.stringMatching(`^name: .* at character 1$`));
    // The message itself never carries the character.
    for (const line of r) expect(line).not.toContain(char);
  });

  it('in host names, naming the character', () => {
    const d = base();
    d.nodes[0]!.hostname = 'vbr\u009b01';
    expect(lines(restorePlan(d))).toEqual([
      'nodes[0].hostname: "vbr\\u009b01" contains U+009B (a C1 control character) at character 4',
    ]);
  });

  it('counts the position in characters, not UTF-16 units', () => {
    const d = base();
    d.nodes[1]!.name = '😀\u202e';
    expect(lines(restorePlan(d))[0]).toMatch(/at character 2$/);
  });

  it('keeps right-to-left marks, which reorder nothing', () => {
    const d = base();
    d.nodes[1]!.name = 'שרת\u200fגיבוי';
    expect(restorePlan(d).ok).toBe(true);
  });

  it('change-request free text keeps newlines and loses other controls', () => {
    const d = base();
    d.changeRequest = {
      justification: 'line 1\r\nline 2\n\u001b[31mred\u009b\u202eevil\ttab\u0000',
      approvers: ['A\u0085B'],
    };
    const r = restorePlan(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.changeRequest?.justification).toBe('line 1\nline 2\n[31mredevil tab');
    expect(r.plan.changeRequest?.approvers).toEqual(['AB']);
  });
});

describe('host names that resolvers read as numbers are refused', () => {
  it.each([
    ['010.0.0.1', '8.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['1.2.3', '1.2.0.3'],
    ['4294967295', '255.255.255.255'],
    ['127.1', '127.0.0.1'],
    ['192.0.2.10', '192.0.2.10'],
    ['0x7f.0.0.1', '127.0.0.1'],
  ])('%s (read as %s)', (hostname, address) => {
    const d = base();
    d.nodes[0]!.hostname = hostname;
    expect(lines(restorePlan(d))).toEqual([
      `nodes[0].hostname: "${hostname}" is not a host name: resolvers read it as the address ${address}; put addresses in "addresses"`,
    ]);
  });

  it('also when the last label is a number no resolver accepts (999.1.1.1, host.123)', () => {
    for (const hostname of ['999.1.1.1', 'host.123', '0x']) {
      const d = base();
      d.nodes[0]!.hostname = hostname;
      expect(lines(restorePlan(d))[0]).toMatch(/last label is a number/);
    }
  });

  it('keeps host names with digits where DNS allows them', () => {
    for (const hostname of ['123.example.net', '0x7f.example.net', 'vbr01', 'a1', '1a']) {
      expect(isHostname(hostname)).toBe(true);
    }
  });
});

describe('node ids that differ only in case', () => {
  it('are refused, naming both', () => {
    const d = base();
    d.nodes[1]!.id = 'VBR';
    d.connections = [{ id: 'c1', from: 'vbr', to: 'VBR' }];
    expect(lines(restorePlan(d))).toEqual([
      'nodes[1].id: node id "VBR" differs from nodes[0].id "vbr" only in case; ids must differ in more than case (they name files on case-insensitive file systems)',
    ]);
  });
});

describe('positions', () => {
  it.each([
    [1e7 + 1, 'nodes[0].position.x: must be at most 10000000'],
    [-1e8, 'nodes[0].position.x: must be at least -10000000'],
  ])('%d is refused', (x, message) => {
    const d = base();
    d.nodes[0]!.position = { x, y: 0 };
    expect(lines(restorePlan(d))).toEqual([message]);
  });

  it('1e999 in a file (Infinity to JSON.parse) is refused', () => {
    const text = JSON.stringify(base()).replace('"x":0', '"x":1e999');
    expect(lines(parsePlanText(text))).toEqual([
      'nodes[0].position.x: must be a finite number, got Infinity',
    ]);
  });

  it('±1e7 itself is accepted', () => {
    const d = base();
    d.nodes[0]!.position = { x: 1e7, y: -1e7 };
    expect(restorePlan(d).ok).toBe(true);
  });
});

describe('keys JavaScript reserves', () => {
  it.each([
    ['{"__proto__":{"x":1},', 'nodes[0]', '__proto__'],
    ['{"constructor":1,', 'nodes[0]', 'constructor'],
    ['{"prototype":"p",', 'nodes[0]', 'prototype'],
  ])('%s is refused with a message, not dropped', (inject, path, key) => {
    const text = JSON.stringify(base()).replace('{"id":"vbr",', `${inject}"id":"vbr",`);
    expect(lines(parsePlanText(text))).toEqual([
      `${path}: key "${key}" is not allowed in a plan (JavaScript reserves it)`,
    ]);
    // The same data from elsewhere (a database record, an import) is refused the same way.
    expect(lines(restorePlan(JSON.parse(text)))).toEqual(lines(parsePlanText(text)));
  });

  it('deep inside options too', () => {
    const text = JSON.stringify(base()).replace(
      '"options":{}',
      '"options":{"a":[{"__proto__":{}}]}',
    );
    expect(lines(parsePlanText(text))).toEqual([
      'options.a[0]: key "__proto__" is not allowed in a plan (JavaScript reserves it)',
    ]);
    expect(lines(restorePlan(JSON.parse(text)))).toEqual(lines(parsePlanText(text)));
  });
});

describe('duplicate keys in a plan file', () => {
  it('are refused, naming the object and the key', () => {
    const text = JSON.stringify(base()).replace(
      '"name":"W1"',
      '"name":"W1","addresses":["192.0.2.99"],"name":"W2"',
    );
    expect(lines(parsePlanText(text))).toEqual([
      'nodes[1]: key "name" appears twice in one object; readers disagree on which one counts, so the file is refused',
    ]);
  });

  it('also when one of them is written with escapes', () => {
    const text = JSON.stringify(base()).replace('{"format"', '{"n\\u0061me":"x","format"');
    expect(lines(parsePlanText(text))[0]).toMatch(/^key "name" appears twice/);
  });
});

describe('a UTF-8 byte order mark', () => {
  it('is accepted at the start of a file', () => {
    expect(parsePlanText(`\ufeff${JSON.stringify(base())}`).ok).toBe(true);
  });
});

describe('IPv4-mapped IPv6 addresses', () => {
  it('are normalised to IPv4 and count as duplicates of the IPv4 form', () => {
    const d = base();
    d.nodes[1]!.addresses = ['::ffff:192.0.2.10'];
    const r = restorePlan(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const warnings = computeFlows(r.plan, getCatalog('vbr12-pve')).warnings;
    expect(warnings.filter((w) => w.code === 'duplicate-address')).toEqual([
      {
        code: 'duplicate-address',
        message: 'Address 192.0.2.10 is used by VBR, W1',
        nodes: ['vbr', 'w1'],
      },
    ]);
  });

  it('within one node are one address listed twice', () => {
    const d = base();
    d.nodes[1]!.addresses = ['192.0.2.11', '::FFFF:c000:020b'];
    const r = restorePlan(d);
    if (!r.ok) throw new Error('refused');
    const warnings = computeFlows(r.plan, getCatalog('vbr12-pve')).warnings;
    expect(warnings.filter((w) => w.code === 'duplicate-address').map((w) => w.message)).toEqual([
      'W1 lists address 192.0.2.11 more than once ("::FFFF:c000:020b" is the same address)',
    ]);
  });
});

describe('property: no valid plan name character list lets a forbidden character through', () => {
  it('every name with a C1 control or bidi override/isolate is refused', () => {
    const bad = fc.constantFrom(
      ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)),
      ...'\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'.split(''),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), bad, fc.string({ maxLength: 20 }), (a, c, b) => {
        const d = base();
        d.nodes[1]!.name = `x${a}${c}${b}`.slice(0, 200);
        return !restorePlan(d).ok;
      }),
      { numRuns: 300 },
    );
  });
});
