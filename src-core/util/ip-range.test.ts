// Address ranges: parsing, splitting into CIDR blocks, merging into runs, sampling hosts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressValue,
  cidrsOf,
  entryBounds,
  mergeRuns,
  parseAddressEntry,
  parseRange,
  rangeToCidrs,
  runText,
  sampleHosts,
} from './ip';

describe('address ranges', () => {
  it('parse with both ends of one family, first ≤ last, canonical text', () => {
    expect(parseRange('203.0.113.100-203.0.113.139')?.canonical).toBe(
      '203.0.113.100-203.0.113.139',
    );
    expect(parseRange('2001:db8:0::1-2001:DB8::ff')?.canonical).toBe('2001:db8::1-2001:db8::ff');
    for (const bad of [
      '203.0.113.139-203.0.113.100',
      '192.0.2.1-2001:db8::1',
      '192.0.2.0/24-192.0.2.9',
      '192.0.2.1-',
      '-192.0.2.1',
      '192.0.2.1-192.0.2.2-192.0.2.3',
      '192.0.2.1 - 192.0.2.2',
    ]) {
      expect(parseRange(bad), bad).toBeNull();
    }
  });

  it('split into CIDR blocks that cover exactly the range (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 5000 }), (start, length) => {
        const end = Math.min(2 ** 32 - 1, start + length);
        const blocks = rangeToCidrs('ipv4', BigInt(start), BigInt(end));
        let next = BigInt(start);
        for (const b of blocks) {
          const e = parseAddressEntry(b)!;
          const { first, last } = entryBounds(e);
          expect(first).toBe(next);
          // Each block is written canonically: a host without /32, an aligned network.
          expect(b.endsWith('/32')).toBe(false);
          next = last + 1n;
        }
        expect(next).toBe(BigInt(end) + 1n);
        // Minimal: at most two blocks per bit of the range's size.
        expect(blocks.length).toBeLessThanOrEqual(64);
      }),
    );
    expect(
      rangeToCidrs(
        'ipv4',
        addressValue(parseRange('203.0.113.100-203.0.113.139')!.first),
        addressValue(parseRange('203.0.113.100-203.0.113.139')!.last),
      ),
    ).toEqual([
      '203.0.113.100/30',
      '203.0.113.104/29',
      '203.0.113.112/28',
      '203.0.113.128/29',
      '203.0.113.136/30',
    ]);
    expect(cidrsOf(['2001:db8::-2001:db8::ffff', '192.0.2.7'])).toEqual([
      '2001:db8::/112',
      '192.0.2.7',
    ]);
  });

  it('merge overlapping and adjacent entries into runs per family', () => {
    const entries = [
      '192.0.2.10-192.0.2.20',
      '192.0.2.21',
      '192.0.2.0/29',
      '2001:db8::1',
      '192.0.2.15',
    ].map((t) => parseAddressEntry(t)!);
    expect(mergeRuns(entries).map(runText)).toEqual([
      '192.0.2.0/29',
      '192.0.2.10-192.0.2.21',
      '2001:db8::1',
    ]);
  });

  it('sample at most the limit, keeping the first and last host', () => {
    const entries = ['192.0.2.0/24', '198.51.100.7'].map((t) => parseAddressEntry(t)!);
    const all = sampleHosts(entries, 1000);
    expect(all.total).toBe(255n);
    expect(all.hosts.length).toBe(255);
    expect(all.hosts[0]).toBe('192.0.2.1');
    const some = sampleHosts(entries, 5);
    expect(some.hosts).toEqual([
      '192.0.2.1',
      '192.0.2.64',
      '192.0.2.128',
      '192.0.2.191',
      '198.51.100.7',
    ]);
    expect(new Set(some.hosts).size).toBe(5);
    expect(sampleHosts([parseAddressEntry('2001:db8::/64')!], 3).hosts).toEqual([
      '2001:db8::',
      '2001:db8::7fff:ffff:ffff:ffff',
      '2001:db8::ffff:ffff:ffff:ffff',
    ]);
  });
});
