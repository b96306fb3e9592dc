// Network-firewall exports read back into (source, destination, protocol, port) sets and compared with the policy, aclgen's output and deltas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFlows, getCatalog, parsePlanText } from '../index';
import type { Plan } from '../plan/types';
import { cidrsOf } from '../util/ip';
import type { Policy } from '../policy/types';
import { aclgenSkipReason, capircaPortNames, runAclgen } from './__fixtures__/aclgen-tool';
import { HOSTILE_PIECES, hostileText, planArbitrary } from './__fixtures__/arbitrary';
import type { Box } from './__fixtures__/netfw-readers';
import {
  boxesOf,
  coverageDifference,
  policyBoxes,
  readAclgenAsa,
  readAclgenPanos,
  readAclgenSrx,
  readAsa,
  readFortigate,
  readJunos,
  readPanos,
} from './__fixtures__/netfw-readers';
import {
  RANDOM_META,
  SAMPLE_META,
  policyArbitrary,
  samplePolicy,
} from './__fixtures__/policy-arbitrary';
import { ciscoAsa, renderAsa, renderAsaDelta } from './cisco-asa';
import { renderCapirca } from './capirca';
import type { ExportInput, ExportResult } from './exporter';
import { fortigate, renderFortigate, renderFortigateDelta } from './fortigate';
import { junosSrx, renderJunos, renderJunosDelta } from './junos-srx';
import { commentText, networkText } from './escape/network';
import { oneLine } from './escape/text';
import type { NetworkView } from './netfw';
import { networkView, runCidrs } from './netfw';
import { panos, renderPanos, renderPanosDelta } from './panos';

/** One platform: its renderers and the reader of its files. */
interface Platform {
  readonly id: string;
  readonly full: (v: NetworkView) => ExportResult;
  readonly delta: (a: NetworkView, b: NetworkView) => ExportResult;
  readonly read: (...texts: string[]) => Box[];
}

const PLATFORMS: readonly Platform[] = [
  { id: 'cisco-asa', full: renderAsa, delta: renderAsaDelta, read: readAsa },
  { id: 'fortigate', full: renderFortigate, delta: renderFortigateDelta, read: readFortigate },
  { id: 'panos', full: renderPanos, delta: renderPanosDelta, read: readPanos },
  { id: 'junos-srx', full: renderJunos, delta: renderJunosDelta, read: readJunos },
];

const text = (r: ExportResult) => {
  expect(r.files).toHaveLength(1);
  return r.files[0]!.content;
};

describe('address runs as CIDR blocks', () => {
  it('splits ranges into the fewest aligned blocks', () => {
    expect(runCidrs({ family: 4, first: '192.0.2.10', last: '192.0.2.10' })).toEqual([
      { family: 4, address: '192.0.2.10', prefix: 32 },
    ]);
    expect(
      runCidrs({ family: 4, first: '198.51.100.0', last: '198.51.100.20' }).map(
        (c) => `${c.address}/${c.prefix}`,
      ),
    ).toEqual(['198.51.100.0/28', '198.51.100.16/30', '198.51.100.20/32']);
    expect(
      runCidrs({ family: 6, first: '2001:db8::', last: '2001:db8::ffff' }).map(
        (c) => `${c.address}/${c.prefix}`,
      ),
    ).toEqual(['2001:db8::/112']);
  });

  it('covers exactly the run (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 5000 }),
        (a, n) => {
          const lo = a;
          const hi = Math.min(2 ** 32 - 1, a + n);
          const ip = (x: number) =>
            [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
          const blocks = runCidrs({ family: 4, first: ip(lo), last: ip(hi) });
          let next = lo;
          for (const b of blocks) {
            const start = b.address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
            expect(start).toBe(next);
            expect(start % 2 ** (32 - b.prefix)).toBe(0);
            next = start + 2 ** (32 - b.prefix);
          }
          expect(next).toBe(hi + 1);
        },
      ),
    );
  });
});

describe('network-firewall exports permit exactly the policy', () => {
  const policy = samplePolicy();
  const view = networkView(policy, SAMPLE_META);

  it.each(PLATFORMS)('$id: the fixture policy reads back to its cross products', (p) => {
    const out = text(p.full(view));
    expect(coverageDifference(p.read(out), policyBoxes(policy))).toEqual([]);
    expect(out).toContain('Plan: Fixture policy');
    expect(out).toContain('vbr12-pve');
  });

  it.each(PLATFORMS)('$id: random policies read back to their cross products', (p) => {
    fc.assert(
      fc.property(policyArbitrary(), (pol) => {
        const out = text(p.full(networkView(pol, RANDOM_META)));
        expect(coverageDifference(p.read(out), policyBoxes(pol))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('the readers can fail: a dropped line changes the coverage', () => {
    const out = text(renderAsa(view)).replace(/^ network-object host 192\.0\.2\.10$/m, '');
    expect(coverageDifference(readAsa(out), policyBoxes(policy))).not.toEqual([]);
    const panos = text(renderPanos(view)).replace(/ port 2500-3300$/m, ' port 2500-3200');
    expect(coverageDifference(readPanos(panos), policyBoxes(policy))).not.toEqual([]);
  });

  it('scope "point" keeps one zone pair; "zone" the pairs that touch it', () => {
    const one = networkView(policy, SAMPLE_META, { kind: 'point', point: 'net:mgmt>virt' });
    expect(one.points.map((p) => p.id)).toEqual(['net:mgmt>virt']);
    expect([...one.addresses.keys()].sort()).toEqual([
      'mgmt-backup-server-v4',
      'mgmt-backup-server-v6',
      'virt-worker-v4',
      'virt-worker-v6',
    ]);
    const zone = networkView(policy, SAMPLE_META, { kind: 'zone', zone: 'storage' });
    expect(zone.points.map((p) => p.id)).toEqual(['net:virt>storage']);
    const missing = networkView(policy, SAMPLE_META, { kind: 'point', point: 'net:x>y' });
    expect(missing.points).toEqual([]);
    expect(missing.warnings.list()[0]!.message).toContain('net:x>y');
  });

  it('rule names are stable when the rest of the plan changes, and unique', () => {
    const names = (v: NetworkView) => v.points.flatMap((p) => p.rules.map((r) => r.name));
    const before = names(view);
    expect(new Set(before).size).toBe(before.length);
    // Another rule set, other members: the kept rows keep their names.
    const grown: Policy = {
      ...policy,
      addressGroups: policy.addressGroups.map((g) =>
        g.name === 'virt-worker-v4'
          ? { ...g, runs: [{ family: 4, first: '198.51.100.140', last: '198.51.100.149' }] }
          : g,
      ),
    };
    expect(names(networkView(grown, SAMPLE_META))).toEqual(before);
    for (const n of before) expect(n).toMatch(/^[A-Za-z][A-Za-z0-9_-]{1,21}$/);
  });
});

describe('delta exports (--since)', () => {
  it.each(PLATFORMS)(
    '$id: the full export of A followed by the delta A→B permits what B permits',
    (p) => {
      fc.assert(
        fc.property(policyArbitrary(), policyArbitrary(), (a, b) => {
          const va = networkView(a, RANDOM_META);
          const vb = networkView(b, RANDOM_META);
          const applied = p.read(text(p.full(va)), text(p.delta(va, vb)));
          expect(coverageDifference(applied, policyBoxes(b))).toEqual([]);
          expect(coverageDifference(applied, p.read(text(p.full(vb))))).toEqual([]);
        }),
        { numRuns: 40 },
      );
    },
  );

  it.each(PLATFORMS)('$id: a delta between equal policies changes nothing', (p) => {
    const policy = samplePolicy();
    const v = networkView(policy, SAMPLE_META);
    const delta = text(p.delta(v, v));
    const commands = delta.split('\n').filter((l) => l && !/^[!#]/.test(l));
    expect(commands).toEqual([]);
  });

  it('a grown group is extended in place, not recreated', () => {
    const a = samplePolicy();
    const b: Policy = {
      ...a,
      addressGroups: a.addressGroups.map((g) =>
        g.name === 'virt-worker-v4'
          ? {
              ...g,
              runs: [
                { family: 4, first: '198.51.100.140', last: '198.51.100.142' },
                { family: 4, first: '198.51.100.150', last: '198.51.100.150' },
              ],
            }
          : g,
      ),
    };
    const va = networkView(a, SAMPLE_META);
    const vb = networkView(b, SAMPLE_META);
    expect(text(renderAsaDelta(va, vb))).toContain(
      'object-group network virt-worker-v4\n network-object host 198.51.100.150\n',
    );
    expect(text(renderPanosDelta(va, vb))).toContain(
      'set address-group virt-worker-v4 static h-198.51.100.150',
    );
    expect(text(renderJunosDelta(va, vb))).toContain(
      'set security address-book global address-set virt-worker-v4 address h-198.51.100.150',
    );
    expect(text(renderFortigateDelta(va, vb))).toContain('append member "h-198.51.100.150"');
    // Only members change: no rule is removed or added.
    expect(text(renderJunosDelta(va, vb))).not.toContain('delete security policies');
    expect(text(renderJunosDelta(va, vb))).not.toContain('then permit');
  });
});

const hostileAny = fc.oneof(hostileText, fc.constantFrom(...HOSTILE_PIECES));

/** The policy with its zone ids replaced by hostile ones (they reach zone and list names). */
const hostileZones = fc
  .tuple(
    policyArbitrary(hostileAny, hostileAny),
    fc.uniqueArray(hostileAny, { minLength: 3, maxLength: 3 }),
  )
  .map(([pol, ids]): Policy => {
    const zone = (z: string) => ids[['mgmt', 'virt', 'store'].indexOf(z)] ?? z;
    return {
      ...pol,
      addressGroups: pol.addressGroups.map((g) => ({ ...g, zone: zone(g.zone) })),
      ruleSets: pol.ruleSets.map((rs) =>
        rs.point.kind === 'network'
          ? {
              ...rs,
              point: {
                ...rs.point,
                id: `net:${zone(rs.point.fromZone)}>${zone(rs.point.toZone)}`,
                fromZone: zone(rs.point.fromZone),
                toZone: zone(rs.point.toZone),
              },
            }
          : rs,
      ),
    };
  });

describe('hostile plan text never leaves its quotes', () => {
  const hostile = fc.oneof(hostileText, fc.constantFrom(...HOSTILE_PIECES));
  /** Lines without their quoted strings must be made of the platform's plain tokens only. */
  const PLAIN = /^[A-Za-z0-9 ._:/[\]-]*$/;

  it('free text keeps only the shared whitelist', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 5, max: 300 }), (s, max) => {
        const t = networkText(s, max);
        expect(t).toMatch(/^[A-Za-z0-9 .,:_()/+=@%*-]*$/);
        expect(t.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('free text is what the clean-up patterns give (the one-pass fast path agrees)', () => {
    // The definition the fast path must agree with: clean text passes unchanged, else clean-up.
    const reference = (s: string, max: number, kept: RegExp, clean: RegExp) => {
      if (s.length <= max && clean.test(s)) return s;
      const t = oneLine(s, 2000).replace(kept, ' ').replace(/ {2,}/g, ' ').trim();
      return t.length > max ? `${t.slice(0, max - 3).trimEnd()}...` : t;
    };
    const text = /^(?! )(?!.* $)(?!.* {2})[A-Za-z0-9 .,:_()/+=@%*-]*$/;
    const comment = /^(?! )(?!.* $)(?!.* {2})[\x20-\x3e\x40-\x5b\x5d-\x7e]*$/;
    const pieces = fc.constantFrom(
      ' ',
      '  ',
      'a',
      'Z',
      '9',
      '-',
      '?',
      '\\',
      '"',
      '\n',
      '\t',
      'é',
      '#',
    );
    const texts = fc.oneof(
      hostile,
      fc.array(pieces).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(texts, fc.integer({ min: 5, max: 300 }), (s, max) => {
        expect(networkText(s, max)).toBe(reference(s, max, /[^A-Za-z0-9 .,:_()/+=@%*-]/gu, text));
        expect(commentText(s, max)).toBe(
          reference(s, max, /[^\x20-\x3e\x40-\x5b\x5d-\x7e]/gu, comment),
        );
      }),
    );
  });

  it.each(PLATFORMS)('$id: every command line is plain tokens and quoted whitelisted text', (p) => {
    fc.assert(
      fc.property(hostileZones, (pol) => {
        const meta = { ...RANDOM_META, planName: 'x\n! no access-list\r"; delete all #' };
        const out = text(p.full(networkView(pol, meta)));
        expect(out).toMatch(/^[\x20-\x7e\n]*$/);
        for (const line of out.split('\n')) {
          // Comment lines: no help key for the CLI's line editor, no FortiOS line continuation.
          if (/^[!#]/.test(line)) {
            expect(line).not.toMatch(/[?\\]/);
            continue;
          }
          const bare = line
            .replace(/"[A-Za-z0-9 .,:_()/+=@%*-]*"/g, '')
            .replace(/ remark [\x20-\x3e\x40-\x5b\x5d-\x7e]*$/, '')
            .replace(/ description [A-Za-z0-9 .,:_()/+=@%*-]*$/, '');
          expect(bare, line).toMatch(PLAIN);
        }
        // The readers refuse unknown lines, so a smuggled command would fail here.
        expect(coverageDifference(p.read(out), policyBoxes(pol))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

const skip = aclgenSkipReason();

describe.skipIf(Boolean(skip))('Capirca export compiled by the real aclgen', () => {
  const ports = skip ? new Map<string, number>() : capircaPortNames();

  const nonEmpty = (arb: fc.Arbitrary<Policy>) => arb.filter((p) => p.ruleSets.length > 0);

  it('writes no folder (and says so) when no network rule is in scope', () => {
    const empty = renderCapirca(
      networkView(
        { addressGroups: [], serviceGroups: [], ruleSets: [], unresolved: [] },
        RANDOM_META,
      ),
    );
    expect(empty.files).toEqual([]);
    expect(empty.warnings[0]!.message).toContain('no network-firewall rule');
  });

  function compile(pol: Policy, meta = RANDOM_META) {
    const view = networkView(pol, meta);
    const out = runAclgen(renderCapirca(view).files);
    expect(out.status, out.log).toBe(0);
    return { view, out };
  }

  it('compiles the fixture policy to ASA, PAN-OS, SRX and iptables', () => {
    const { out } = compile(samplePolicy(), SAMPLE_META);
    expect([...out.files.keys()].sort()).toEqual([
      'portolan',
      'portolan.asa',
      'portolan.srx',
      'portolan.xml',
    ]);
    expect(out.files.get('portolan')).toContain('-P FORWARD DROP');
  });

  it("aclgen's ciscoasa, paloalto and srx output permit what Portolan's own exports permit", () => {
    fc.assert(
      fc.property(nonEmpty(policyArbitrary()), (pol) => {
        const { view, out } = compile(pol);
        const want = policyBoxes(pol);
        // Capirca's ciscoasa generator is IPv4 only (Portolan's ASA file also carries IPv6).
        const v4 = (boxes: Box[]) => boxes.filter((b) => b.family === 4);
        const asa = readAclgenAsa(out.files.get('portolan.asa') ?? '', ports);
        expect(coverageDifference(asa, v4(readAsa(text(renderAsa(view)))))).toEqual([]);
        expect(coverageDifference(asa, v4(want))).toEqual([]);
        const pan = readAclgenPanos(out.files.get('portolan.xml') ?? '');
        expect(coverageDifference(pan, readPanos(text(renderPanos(view))))).toEqual([]);
        expect(coverageDifference(pan, want)).toEqual([]);
        const srx = readAclgenSrx(out.files.get('portolan.srx') ?? '');
        expect(coverageDifference(srx, readJunos(text(renderJunos(view))))).toEqual([]);
        expect(coverageDifference(srx, want)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('compiles policies with hostile descriptions, names and zone ids', () => {
    fc.assert(
      fc.property(nonEmpty(hostileZones), (pol) => {
        const { out } = compile(pol);
        // portolan.asa only when an IPv4 rule exists (Capirca's ASA generator is IPv4 only).
        expect(out.files.has('portolan.srx') && out.files.has('portolan.xml')).toBe(true);
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});

/** Boxes the plan's cross-zone flows need: each flow's source address × destination address × ports. */
function flowBoxes(plan: Plan): Box[] {
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog);
  const nodes = new Map(plan.nodes.map((n) => [n.id, n]));
  const out: Box[] = [];
  for (const f of result.flows) {
    const a = nodes.get(f.from);
    const b = nodes.get(f.to);
    if (!a || !b || f.local || (a.zone ?? '') === (b.zone ?? '')) continue;
    // A group's ranges (as the CIDR blocks covering them) and members are its hosts too.
    const valid = (n: typeof a) =>
      cidrsOf([...n.addresses, ...(n.members ?? []).map((m) => m.address)].map((t) => t.trim()));
    out.push(...boxesOf(f.protocol, valid(a), valid(b), [[f.ports.start, f.ports.end]]));
  }
  return out;
}

function loadSample(name: string): Plan {
  const r = parsePlanText(
    readFileSync(join(__dirname, '../../resources/samples', `${name}.portolan.json`), 'utf8'),
  );
  if (!r.ok) throw new Error(name);
  return r.plan;
}

function inputOf(plan: Plan): ExportInput {
  const catalog = getCatalog(plan.catalog);
  return { plan, catalog, result: computeFlows(plan, catalog), options: {} };
}

const NETWORK_EXPORTERS = [
  { exporter: ciscoAsa, read: readAsa },
  { exporter: fortigate, read: readFortigate },
  { exporter: panos, read: readPanos },
  { exporter: junosSrx, read: readJunos },
] as const;

/** The distributed sample after a change: a worker gone, a repository moved, one more guest. */
function editedSample(): Plan {
  const plan = loadSample('distributed');
  return {
    ...plan,
    nodes: [
      ...plan.nodes
        .filter((n) => n.id !== 'w3')
        .map((n) => (n.id === 'repo' ? { ...n, addresses: ['198.51.100.11'] } : n)),
      {
        ...plan.nodes.find((n) => n.id === 'lin1')!,
        id: 'lin2',
        name: 'WEB02',
        hostname: 'web02.example.net',
        addresses: ['203.0.113.11'],
      },
    ],
    connections: [
      ...plan.connections.filter((c) => c.from !== 'w3' && c.to !== 'w3'),
      { id: 'c-new', from: 'vbr', to: 'lin2' },
    ],
  };
}

describe('network-firewall exports of real plans (engine → buildPolicy → exporter)', () => {
  it.each(NETWORK_EXPORTERS.map((x) => [x.exporter.id, x] as const))(
    '%s: the distributed sample permits exactly its cross-zone flows',
    (_id, { exporter, read }) => {
      const plan = loadSample('distributed');
      const r = exporter.render(inputOf(plan));
      expect(coverageDifference(read(text(r)), flowBoxes(plan))).toEqual([]);
    },
  );

  it.each(NETWORK_EXPORTERS.map((x) => [x.exporter.id, x] as const))(
    '%s: the sample, then the delta to an edited sample, permits what the edited sample needs',
    (_id, { exporter, read }) => {
      const a = inputOf(loadSample('distributed'));
      const b = inputOf(editedSample());
      const delta = text(exporter.renderDelta!(a, b));
      expect(delta).toMatch(/^\s*(delete|no) /m);
      const applied = read(text(exporter.render(a)), delta);
      expect(coverageDifference(applied, flowBoxes(b.plan))).toEqual([]);
      expect(coverageDifference(applied, read(text(exporter.render(b))))).toEqual([]);
      // And back: the reverse delta restores the sample.
      const back = read(text(exporter.render(b)), text(exporter.renderDelta!(b, a)));
      expect(coverageDifference(back, flowBoxes(a.plan))).toEqual([]);
    },
  );

  it.each(NETWORK_EXPORTERS.map((x) => [x.exporter.id, x] as const))(
    '%s: random plans and random edits (full A + delta A→B = B)',
    (_id, { exporter, read }) => {
      fc.assert(
        fc.property(planArbitrary(), planArbitrary(), (pa, pb) => {
          const a = inputOf(pa);
          const b = inputOf(pb);
          const full = (i: ExportInput) => exporter.render(i).files.map((f) => f.content);
          const applied = read(
            ...full(a),
            ...exporter.renderDelta!(a, b).files.map((f) => f.content),
          );
          expect(coverageDifference(applied, flowBoxes(pb))).toEqual([]);
        }),
        { numRuns: 25 },
      );
    },
  );
});
