// inet_aton checked against the C library's own (through Python), and IPv4-mapped IPv6.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHostname } from '../plan/schema';
import { inetAton, parseAddress } from './ip';

/** Text shaped like inet_aton input: 1 to 5 parts, each decimal, octal or hex, maybe junk. */
const atonLike = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.nat(300).map(String),
        fc.nat(0xffffffff).map(String),
        fc.nat(0o777).map((n) => `0${n.toString(8)}`),
        fc.nat(0xffffffff).map((n) => `0x${n.toString(16)}`),
        fc.nat(0x1ff).map((n) => `0X${n.toString(16).toUpperCase()}`),
        fc.constantFrom('0', '00', '08', '0x', '4294967296', ''),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => parts.join('.')),
  fc.stringMatching(/^[0-9xXa-fA-F.g ]{0,14}$/),
);

const PYTHON = `
import json, socket, sys
out = []
for s in json.load(sys.stdin):
    try:
        out.append(socket.inet_ntoa(socket.inet_aton(s)))
    except (OSError, ValueError):
        out.append(None)
print(json.dumps(out))
`;

const python = spawnSync('python3', ['-c', 'import socket'], { encoding: 'utf8' });

describe('inetAton', () => {
  it.skipIf(python.status !== 0)('reads every input exactly as the C library does', () => {
    const inputs = fc.sample(atonLike, { numRuns: 5000, seed: 16 });
    const result = spawnSync('python3', ['-c', PYTHON], {
      input: JSON.stringify(inputs),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const expected = JSON.parse(result.stdout) as (string | null)[];
    const differ = inputs
      .map((s, i) => ({ s, ours: inetAton(s), libc: expected[i] }))
      .filter((r) => r.ours !== r.libc);
    expect(differ.slice(0, 10)).toEqual([]);
    // The sample is not trivial: many inputs are addresses to the C library.
    expect(expected.filter((e) => e !== null).length).toBeGreaterThan(500);
  });

  it('knows the classic surprises', () => {
    expect(inetAton('010.0.0.1')).toBe('8.0.0.1');
    expect(inetAton('0x7f000001')).toBe('127.0.0.1');
    expect(inetAton('1.2.3')).toBe('1.2.0.3');
    expect(inetAton('4294967295')).toBe('255.255.255.255');
    expect(inetAton('4294967296')).toBeNull();
    expect(inetAton('vbr01')).toBeNull();
  });

  it('property: no text it reads as an address passes the host name check', () => {
    fc.assert(
      fc.property(atonLike, (s) => inetAton(s) === null || !isHostname(s)),
      { numRuns: 5000 },
    );
  });
});

describe('parseAddress and IPv4-mapped IPv6', () => {
  it.each([
    ['::ffff:192.0.2.1', '192.0.2.1', 'ipv4'],
    ['::FFFF:c000:0201', '192.0.2.1', 'ipv4'],
    ['::ffff:192.0.2.0/120', '192.0.2.0/24', 'ipv4'],
    ['::ffff:0:0/96', '0.0.0.0/0', 'ipv4'],
    ['::ffff:0:0/95', '::ffff:0:0/95', 'ipv6'],
    ['2001:db8::1', '2001:db8::1', 'ipv6'],
  ])('%s → %s', (text, canonical, kind) => {
    expect(parseAddress(text)).toMatchObject({ canonical, kind });
  });
});
