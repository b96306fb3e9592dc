// Policy layer: least privilege on random plans, coalescing, families, names, traceability, determinism, scope.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/types';
import { computeFlows, getCatalog, parsePlanText } from '../index';
import type { Flow, FlowResult } from '../flows/types';
import type { Plan, PlanNode } from '../plan/types';
import { hostileText, planArbitrary } from '../export/__fixtures__/arbitrary';
import { generateSyntheticPlan } from '../testing/synthetic-plan';
import { cellSets } from './__fixtures__/oracle';
import { formatRun, parseRun, runToCidrs, toAddressRun } from './addresses';
import { buildPolicy } from './build';
import { MAX_NAME_LENGTH, NAME_PATTERN, NameTable, cleanName } from './names';
import type { Policy } from './types';

function loadSample(name: string): Plan {
  const text = readFileSync(
    join(__dirname, '../../resources/samples', `${name}.portolan.json`),
    'utf8',
  );
  const r = parsePlanText(text);
  if (!r.ok) throw new Error(`sample ${name}`);
  return r.plan;
}

function policyOf(
  plan: Plan,
  options = {},
): { policy: Policy; result: FlowResult; catalog: Catalog } {
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog);
  return { policy: buildPolicy(plan, catalog, result, options), result, catalog };
}

function expectLeastPrivilege(plan: Plan): void {
  const { policy, result, catalog } = policyOf(plan);
  const { needed, permitted } = cellSets(plan, catalog, result, policy);
  const extra = [...permitted].filter((c) => !needed.has(c));
  const missing = [...needed].filter((c) => !permitted.has(c));
  expect({ extra, missing }).toEqual({ extra: [], missing: [] });
}

function expectValidNames(policy: Policy): void {
  const names = [...policy.addressGroups, ...policy.serviceGroups].map((g) => g.name);
  for (const n of names) {
    expect(n).toMatch(NAME_PATTERN);
    expect(n.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  }
  // One namespace for addresses and services (ASA shares it), case-insensitively unique.
  expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
}

/** A small hand-made plan: nodes in zones, connections; flows are given by the test. */
function bare(nodes: readonly Partial<PlanNode>[]): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 't',
    catalog: 'vbr12-pve',
    options: {},
    zones: [
      { id: 'a', name: 'Zone A', cidrs: [] },
      { id: 'b', name: 'Zone B', cidrs: [] },
    ],
    nodes: nodes.map((n, i) => ({
      id: `n${i + 1}`,
      type: 'worker',
      name: `N${i + 1}`,
      addresses: [],
      zone: 'a',
      extraRoles: [],
      options: {},
      position: { x: 0, y: 0 },
      ...n,
    })) as PlanNode[],
    connections: [],
  };
}

function flow(
  from: string,
  to: string,
  start: number,
  end = start,
  extra: Partial<Flow> = {},
): Flow {
  return {
    id: `c:${from}>${to}:r${start}-${end}`,
    connection: 'c',
    from,
    to,
    protocol: 'tcp',
    ports: { start, end },
    rule: `r${start}-${end}`,
    purpose: `purpose ${start}`,
    source: { document: 'doc', table: 'T', row: start },
    local: false,
    conditions: [],
    ...extra,
  };
}

const result = (flows: Flow[]): FlowResult => ({ flows, absent: [], warnings: [] });

/**
 * Random plans whose nodes come from a few types, with ranges among the addresses: several
 * nodes of one type and zone are then common, which is where grouping can go wrong.
 */
const densePlan: fc.Arbitrary<Plan> = planArbitrary().chain((plan) =>
  fc
    .tuple(
      fc.array(
        fc.constantFrom('worker', 'pve-server', 'backup-server', 'linux-guest', 'windows-guest'),
        { minLength: plan.nodes.length, maxLength: plan.nodes.length },
      ),
      fc.array(fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }), {
        minLength: plan.nodes.length,
        maxLength: plan.nodes.length,
      }),
    )
    .map(([types, ranges]) => ({
      ...plan,
      nodes: plan.nodes.map((n, i) => ({
        ...n,
        type: types[i]!,
        addresses:
          ranges[i] === undefined
            ? n.addresses
            : [...n.addresses, `192.0.2.${ranges[i]}-192.0.2.${ranges[i]! + 20}`],
      })),
    })),
);

describe('least privilege', () => {
  it('permits exactly what the flows need at every enforcement point (random plans)', () => {
    fc.assert(
      fc.property(planArbitrary(), (plan) => expectLeastPrivilege(plan)),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(densePlan, (plan) => expectLeastPrivilege(plan)),
      { numRuns: 300 },
    );
  });

  it('holds on both samples and a 300-node synthetic plan', () => {
    expectLeastPrivilege(loadSample('distributed'));
    expectLeastPrivilege(loadSample('all-in-one'));
    expectLeastPrivilege(generateSyntheticPlan({ nodes: 300, seed: 7 }));
  });

  it('splits a group when one member needs more than the others', () => {
    // n1 and n2 both reach n4 on 22; only n1 also needs 80. n3 reaches n4 and n5 alike.
    const plan = bare([
      { addresses: ['192.0.2.1'] },
      { addresses: ['192.0.2.2'] },
      { addresses: ['192.0.2.3'] },
      { addresses: ['198.51.100.4'], zone: 'b', type: 'backup-repository' },
      { addresses: ['198.51.100.5'], zone: 'b', type: 'backup-repository' },
    ]);
    const flows = [
      flow('n1', 'n4', 22),
      flow('n2', 'n4', 22),
      flow('n1', 'n4', 80),
      flow('n3', 'n4', 443),
      flow('n3', 'n5', 443),
    ];
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result(flows));
    const net = policy.ruleSets.find((s) => s.point.id === 'net:a>b')!;
    const byName = new Map(policy.addressGroups.map((g) => [g.name, g]));
    const rows = net.rules.map(
      (r) =>
        `${byName.get(r.source)!.nodes.join(',')}>${byName.get(r.destination)!.nodes.join(',')}:${r.ports.map((p) => p.start).join(',')}`,
    );
    expect(rows.sort()).toEqual(['n1,n2>n4:22', 'n1>n4:80', 'n3>n4,n5:443']);
    const grouped = byName.get(net.rules.find((r) => r.ports[0]!.start === 443)!.destination)!;
    expect(grouped.name).toBe('BACKUP_REPOSITORIES_B');
    expect(grouped.description).toBe('2 Backup repository / gateways in zone Zone B');
    expect(grouped.runs.map(formatRun)).toEqual(['198.51.100.4/31']);
  });

  it('never groups nodes of different zones or types', () => {
    const plan = bare([
      { addresses: ['192.0.2.1'] },
      { addresses: ['192.0.2.2'], type: 'flr-helper' },
      { addresses: ['192.0.2.3'], zone: 'b' },
      { addresses: ['198.51.100.9'], zone: null, type: 'backup-server' },
    ]);
    const flows = [flow('n1', 'n4', 22), flow('n2', 'n4', 22), flow('n3', 'n4', 22)];
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result(flows));
    expect(policy.addressGroups.every((g) => g.nodes.length === 1)).toBe(true);
    expect(policy.ruleSets.map((s) => s.point.id)).toEqual(['net:a>', 'net:b>', 'host:n4']);
  });
});

describe('services', () => {
  it('coalesces adjacent and overlapping ports of one pair, keeps gaps apart', () => {
    const plan = bare([{ addresses: ['192.0.2.1'] }, { addresses: ['192.0.2.2'] }]);
    const flows = [
      flow('n1', 'n2', 10, 20),
      flow('n1', 'n2', 15, 30),
      flow('n1', 'n2', 31),
      flow('n1', 'n2', 40),
    ];
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result(flows));
    const host = policy.ruleSets.find((s) => s.point.id === 'host:n2')!;
    expect(host.rules.map((r) => [r.service, r.ports])).toEqual([
      ['TCP_10_31', [{ start: 10, end: 31 }]],
      ['TCP_40', [{ start: 40, end: 40 }]],
    ]);
    expect(host.rules[0]!.flows).toHaveLength(3);
    expect(host.rules[0]!.sources.map((s) => s.row)).toEqual([10, 15, 31]);
  });

  it('names catalog services after the service, overrides after their ports', () => {
    const { policy } = policyOf(loadSample('distributed'));
    const names = new Map(policy.serviceGroups.map((s) => [s.name, s]));
    expect(names.get('DATA_MOVER')!.ports).toEqual([{ start: 2500, end: 3300 }]);
    expect(names.get('SSH')!.ports).toEqual([{ start: 22, end: 22 }]);
    // The sample narrows the data mover range on one node and moves SSH on another.
    expect(names.get('DATA_MOVER_TCP_2500_2600')!.description).toBe(
      'Data mover ports (tcp 2500-2600)',
    );
    expect(names.get('SSH_TCP_2222')).toBeDefined();
    expect(names.get('TCP_8006')!.description).toBe('tcp 8006');
  });
});

describe('families', () => {
  it('keeps IPv4 and IPv6 in separate rows and groups', () => {
    const plan = bare([
      { addresses: ['192.0.2.1', '2001:db8::1'] },
      { addresses: ['198.51.100.2', '2001:db8:1::2'], zone: 'b' },
      { addresses: ['198.51.100.3'], zone: 'b' },
    ]);
    const flows = [flow('n1', 'n2', 22), flow('n1', 'n3', 22)];
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result(flows));
    const net = policy.ruleSets.find((s) => s.point.id === 'net:a>b')!;
    const byName = new Map(policy.addressGroups.map((g) => [g.name, g]));
    for (const r of net.rules) {
      expect(byName.get(r.source)!.family).toBe(r.family);
      expect(byName.get(r.destination)!.family).toBe(r.family);
      for (const g of [byName.get(r.source)!, byName.get(r.destination)!]) {
        expect(g.runs.every((run) => run.family === r.family)).toBe(true);
      }
    }
    expect(net.rules.map((r) => `${r.family}:${r.source}>${r.destination}`)).toEqual([
      '4:N1>WORKERS_B',
      '6:N1_V6>N2_V6',
    ]);
  });

  it('lists flows no address can carry instead of dropping them silently', () => {
    const plan = bare([
      { addresses: ['192.0.2.1'] },
      { addresses: [], hostname: 'upd.example.net', type: 'update-repository', zone: null },
      { addresses: ['2001:db8::3'] },
    ]);
    const flows = [flow('n1', 'n2', 443), flow('n1', 'n3', 22)];
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result(flows));
    expect(policy.ruleSets).toEqual([]);
    expect(policy.unresolved.map((u) => u.reason)).toEqual([
      'N2 (n2) has no usable IP address (host name only)',
      'N1 (n1) has only IPv4 and N3 (n3) only IPv6 addresses',
    ]);
  });

  it('never writes local flows', () => {
    const plan = loadSample('all-in-one');
    const { policy, result: r } = policyOf(plan);
    expect(r.flows.some((f) => f.local)).toBe(true);
    const ids = policy.ruleSets.flatMap((s) => s.rules.flatMap((x) => x.flows));
    expect(ids.some((id) => id.startsWith('local:'))).toBe(false);
  });
});

describe('traceability', () => {
  it('every row lists flows, catalog rules and table rows that all belong to it', () => {
    const plan = loadSample('distributed');
    const { policy, result: r } = policyOf(plan);
    const flows = new Map(r.flows.map((f) => [f.id, f]));
    for (const set of policy.ruleSets) {
      for (const rule of set.rules) {
        expect(rule.flows.length).toBeGreaterThan(0);
        expect(rule.rules.length).toBeGreaterThan(0);
        expect(rule.sources.length).toBeGreaterThan(0);
        expect(rule.purposes.length).toBeGreaterThan(0);
        for (const id of rule.flows) {
          const f = flows.get(id)!;
          expect(rule.rules).toContain(f.rule);
          expect(rule.purposes).toContain(f.purpose);
          expect(rule.sources).toContainEqual(f.source);
          expect(f.protocol).toBe(rule.protocol);
        }
      }
    }
    // Every non-local flow is implemented at its destination's host point.
    const hostFlows = new Set(
      policy.ruleSets
        .filter((s) => s.point.kind === 'host')
        .flatMap((s) => s.rules.flatMap((x) => x.flows)),
    );
    const expected = r.flows.filter(
      (f) => !f.local && plan.nodes.find((n) => n.id === f.to)!.type !== 'update-repository',
    );
    expect(expected.every((f) => hostFlows.has(f.id))).toBe(true);
  });

  it('names the rows of the distributed sample readably', () => {
    const { policy } = policyOf(loadSample('distributed'));
    const set = policy.ruleSets.find((s) => s.point.id === 'net:virt>storage')!;
    expect(set.point).toEqual({
      kind: 'network',
      id: 'net:virt>storage',
      fromZone: 'virt',
      toZone: 'storage',
    });
    // The repository narrows its data mover range (a port override): the service says so.
    expect(set.rules.map((r) => r.id)).toEqual(['WORKERS_VIRT>GW_REPO01:DATA_MOVER_TCP_2500_2600']);
    const workers = policy.addressGroups.find((g) => g.name === 'WORKERS_VIRT')!;
    expect(workers).toMatchObject({ nodes: ['w1', 'w2', 'w3'], zone: 'virt', family: 4 });
    expect(workers.description).toBe('3 Workers in zone Virtualisation');
    expectValidNames(policy);
  });
});

describe('determinism', () => {
  it('does not depend on the order of nodes and connections or their drawing direction', () => {
    fc.assert(
      fc.property(planArbitrary(), fc.integer(), (plan, seed) => {
        const shuffle = <T>(xs: readonly T[]): T[] => {
          const out = [...xs];
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const other: Plan = {
          ...plan,
          nodes: shuffle(plan.nodes),
          connections: shuffle(plan.connections).map((c, i) =>
            (seed + i) % 2 ? { ...c, from: c.to, to: c.from } : c,
          ),
        };
        expect(policyOf(other).policy).toEqual(policyOf(plan).policy);
      }),
      { numRuns: 100 },
    );
  });
});

describe('names', () => {
  it('are valid and unique on random plans with hostile names and ids that clean alike', () => {
    fc.assert(
      fc.property(planArbitrary(hostileText), (plan) => expectValidNames(policyOf(plan).policy)),
      { numRuns: 150 },
    );
  });

  it('stay distinct when texts clean up to the same name, and avoid reserved words', () => {
    const plan = bare([
      { name: 'a b', addresses: ['192.0.2.1'] },
      { name: 'A-B', addresses: ['192.0.2.2'] },
      { name: 'a_b', addresses: ['192.0.2.3'] },
      { name: 'any', addresses: ['192.0.2.4'] },
      { name: '1st', addresses: ['192.0.2.5'] },
      { name: '', addresses: ['192.0.2.6'] },
      { name: 'x'.repeat(200), addresses: ['192.0.2.7'] },
      { name: 'x'.repeat(201), addresses: ['192.0.2.8'] },
      { name: 'TCP 22', addresses: ['192.0.2.9'] },
      { addresses: ['198.51.100.1'], zone: 'b' },
    ]);
    // Distinct ports so no two sources share a row (each keeps its own single-host group).
    const flows = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'].map((id, i) =>
      flow(id, 'n10', 22 + i),
    );
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result(flows));
    expectValidNames(policy);
    const names = policy.addressGroups.map((g) => g.name);
    expect(names).toContain('A_B');
    // Taken or reserved names fall back to the node id before a numeric suffix.
    expect(names).toContain('N2');
    expect(names).toContain('N4');
    expect(names).not.toContain('ANY');
    expect(names).toContain('H_1ST');
    expect(names).toContain('N6');
    expect(names).toContain(`${'X'.repeat(60)}`);
    expect(names).toContain('N8'); // the same cut name: the id, not a numeric suffix
    // Services are named first: the node called "TCP 22" falls back to its id.
    expect(policy.serviceGroups.map((s) => s.name)).toContain('TCP_22');
    expect(names).toContain('N9');
  });

  it('cleans to the alphabet and allocates suffixes deterministically', () => {
    expect(cleanName(' café-01 / ü ')).toBe('CAFE_01_U');
    const t = new NameTable();
    expect(t.allocate(['workers pve'], 'G')).toBe('WORKERS_PVE');
    expect(t.allocate(['WORKERS-PVE'], 'G')).toBe('WORKERS_PVE_2');
    expect(t.allocate(['workers pve'], 'G')).toBe('WORKERS_PVE_3');
    expect(t.allocate(['9lives'], 'H')).toBe('H_9LIVES');
    expect(t.allocate(['€€€'], 'H')).toBe('H');
    expect(t.allocate(['', 'n1'], 'H')).toBe('N1');
    expect(t.allocate(['any'], 'H')).toBe('ANY_2');
    expect(t.allocate(['y'.repeat(80)], 'H')).toHaveLength(MAX_NAME_LENGTH);
    expect(t.allocate(['y'.repeat(80)], 'H')).toBe(`${'Y'.repeat(58)}_2`);
  });
});

describe('address runs', () => {
  it('reads hosts, CIDRs and ranges; merges a node’s runs', () => {
    const plan = bare([
      { addresses: ['192.0.2.10-192.0.2.20', '192.0.2.21', '192.0.2.64/30', '2001:db8::/126'] },
      { addresses: ['198.51.100.1'], zone: 'b' },
    ]);
    const policy = buildPolicy(plan, getCatalog('vbr12-pve'), result([flow('n1', 'n2', 22)]));
    const n1 = policy.addressGroups.filter((g) => g.nodes[0] === 'n1');
    expect(n1.map((g) => [g.name, g.runs.map(formatRun)])).toEqual([
      ['N1', ['192.0.2.10-192.0.2.21', '192.0.2.64/30']],
    ]);
    expect(parseRun('192.0.2.20-192.0.2.10')).toBeNull();
    expect(parseRun('192.0.2.1-2001:db8::1')).toBeNull();
    expect(parseRun('192.0.2.77/24')).toEqual({ family: 4, lo: 3221225984n, hi: 3221226239n });
  });

  it('writes any run as the fewest CIDR blocks covering exactly it', () => {
    fc.assert(
      fc.property(fc.nat(2 ** 32 - 1), fc.nat(70000), (lo, len) => {
        const hi = Math.min(2 ** 32 - 1, lo + len);
        const run = toAddressRun({ family: 4, lo: BigInt(lo), hi: BigInt(hi) });
        let next = BigInt(lo);
        for (const cidr of runToCidrs(run)) {
          const r = parseRun(cidr)!;
          expect(r.lo).toBe(next);
          expect(`${formatRun(toAddressRun(r))}`).toContain(cidr.endsWith('/32') ? '' : '/');
          next = r.hi + 1n;
        }
        expect(next).toBe(BigInt(hi) + 1n);
      }),
    );
    expect(
      runToCidrs({ family: 6, first: '2001:db8::', last: '2001:db8::ffff:ffff:ffff:ffff' }),
    ).toEqual(['2001:db8::/64']);
    expect(formatRun({ family: 4, first: '192.0.2.0', last: '192.0.2.255' })).toBe('192.0.2.0/24');
  });
});

describe('scope', () => {
  it('keeps whole rule sets and the groups they use, with the names of the whole policy', () => {
    const plan = loadSample('distributed');
    const { policy: all } = policyOf(plan);
    const zone = policyOf(plan, { scope: { kind: 'zone', zone: 'storage' } }).policy;
    expect(zone.ruleSets.map((s) => s.point.id)).toEqual([
      'net:mgmt>storage',
      'net:servers>storage',
      'net:virt>storage',
      'host:repo',
    ]);
    for (const set of zone.ruleSets) {
      expect(set).toEqual(all.ruleSets.find((s) => s.point.id === set.point.id));
    }
    const used = new Set(
      zone.ruleSets.flatMap((s) => s.rules.flatMap((r) => [r.source, r.destination])),
    );
    expect(new Set(zone.addressGroups.map((g) => g.name))).toEqual(used);
    const points = policyOf(plan, { scope: { kind: 'points', points: ['net:virt>mgmt'] } }).policy;
    expect(points.ruleSets.map((s) => s.point.id)).toEqual(['net:virt>mgmt']);
    const nodes = policyOf(plan, { scope: { kind: 'nodes', nodes: ['w2'] } }).policy;
    expect(nodes.ruleSets.map((s) => s.point.id)).toEqual([
      'net:mgmt>virt',
      'net:virt>mgmt',
      'net:virt>storage',
      'host:w2',
    ]);
  });
});
