// Hand-built and random policies for the network-firewall exporters (independent of the policy layer's algorithm).
import fc from 'fast-check';
import type { PortRange, Protocol } from '../../catalog/types';
import type {
  AddressGroup,
  AddressRun,
  IpFamily,
  Policy,
  PolicyRule,
  RuleSet,
  ServiceGroup,
} from '../../policy/types';
import { compareStrings } from '../../util/compare';
import { addressToBigInt, bigIntToAddress } from '../netfw';
import type { NetworkMeta } from '../netfw';

/** Sorted, merged runs (the contract: non-overlapping, non-adjacent). */
export function normaliseRuns(runs: readonly AddressRun[]): AddressRun[] {
  const byFamily = new Map<IpFamily, [bigint, bigint][]>();
  for (const r of runs) {
    const list = byFamily.get(r.family) ?? [];
    list.push([addressToBigInt(r.first), addressToBigInt(r.last)]);
    byFamily.set(r.family, list);
  }
  const out: AddressRun[] = [];
  for (const family of [4, 6] as const) {
    const list = (byFamily.get(family) ?? []).sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
    );
    const merged: [bigint, bigint][] = [];
    for (const [lo, hi] of list) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
      else merged.push([lo, hi]);
    }
    for (const [lo, hi] of merged)
      out.push({ family, first: bigIntToAddress(lo, family), last: bigIntToAddress(hi, family) });
  }
  return out;
}

/** Sorted, merged port ranges. */
export function normalisePorts(ports: readonly PortRange[]): PortRange[] {
  const sorted = [...ports].sort((a, b) => a.start - b.start);
  const out: PortRange[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end + 1)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, p.end) };
    else out.push({ ...p });
  }
  return out;
}

/** A rule before its service's protocol and ports are copied in (see {@link finish}). */
type DraftRule = Omit<PolicyRule, 'protocol' | 'ports'>;

interface DraftPolicy {
  readonly addressGroups: readonly AddressGroup[];
  readonly serviceGroups: readonly ServiceGroup[];
  readonly ruleSets: readonly { point: RuleSet['point']; rules: readonly DraftRule[] }[];
}

/** A policy as buildPolicy shapes it: rules carry their service's protocol and ports. */
export function finish(draft: DraftPolicy): Policy {
  const services = new Map(draft.serviceGroups.map((s) => [s.name, s]));
  return {
    addressGroups: draft.addressGroups,
    serviceGroups: draft.serviceGroups,
    ruleSets: draft.ruleSets.map((rs) => ({
      point: rs.point,
      rules: rs.rules.map((r) => ({
        ...r,
        protocol: services.get(r.service)!.protocol,
        ports: services.get(r.service)!.ports,
      })),
    })),
    unresolved: [],
  };
}

function run(family: IpFamily, first: string, last = first): AddressRun {
  return { family, first, last };
}

function rule(
  id: string,
  source: string,
  destination: string,
  service: string,
  family: IpFamily,
  purposes: string[],
  rules: string[],
): DraftRule {
  return {
    id,
    source,
    destination,
    service,
    family,
    purposes,
    flows: [`c1:${source}>${destination}:${rules[0]}`],
    rules,
    sources: [{ document: 'seed', table: 'Ports', row: 1 }],
  };
}

/** A small policy: two zone pairs, IPv4 and IPv6, a range, a CIDR, a multi-range service. */
export function samplePolicy(): Policy {
  const addressGroups: AddressGroup[] = [
    {
      name: 'mgmt-backup-server-v4',
      family: 4,
      nodes: ['vbr'],
      runs: [run(4, '192.0.2.10')],
      zone: 'mgmt',
      description: 'Backup servers in zone mgmt',
    },
    {
      name: 'virt-worker-v4',
      family: 4,
      nodes: ['w1', 'w2', 'w3'],
      runs: [run(4, '198.51.100.140', '198.51.100.142')],
      zone: 'virt',
      description: 'Workers in zone virt',
    },
    {
      name: 'virt-worker-v6',
      family: 6,
      nodes: ['w1'],
      runs: [run(6, '2001:db8::140')],
      zone: 'virt',
      description: 'Workers in zone virt',
    },
    {
      name: 'mgmt-backup-server-v6',
      family: 6,
      nodes: ['vbr'],
      runs: [run(6, '2001:db8::10')],
      zone: 'mgmt',
      description: 'Backup servers in zone mgmt',
    },
    {
      name: 'storage-repository-v4',
      family: 4,
      nodes: ['repo', 'nas'],
      runs: [run(4, '198.51.100.0', '198.51.100.15'), run(4, '198.51.100.20')],
      zone: 'storage',
      description: 'Repositories in zone storage',
    },
  ];
  const serviceGroups: ServiceGroup[] = [
    { name: 'svc-ssh', protocol: 'tcp', ports: [{ start: 22, end: 22 }], description: 'SSH' },
    {
      name: 'svc-data-mover',
      protocol: 'tcp',
      ports: [
        { start: 2500, end: 3300 },
        { start: 6162, end: 6162 },
      ],
      description: 'Data mover',
    },
    { name: 'svc-ntp', protocol: 'udp', ports: [{ start: 123, end: 123 }], description: 'NTP' },
  ];
  const ruleSets: DraftPolicy['ruleSets'] = [
    {
      point: { kind: 'network', id: 'net:mgmt>virt', fromZone: 'mgmt', toZone: 'virt' },
      rules: [
        rule(
          'r1',
          'mgmt-backup-server-v4',
          'virt-worker-v4',
          'svc-ssh',
          4,
          ['Deploy workers'],
          ['vbr12-pve-001'],
        ),
        rule(
          'r2',
          'mgmt-backup-server-v6',
          'virt-worker-v6',
          'svc-ssh',
          6,
          ['Deploy workers'],
          ['vbr12-pve-001'],
        ),
      ],
    },
    {
      point: { kind: 'network', id: 'net:virt>storage', fromZone: 'virt', toZone: 'storage' },
      rules: [
        rule(
          'r1',
          'virt-worker-v4',
          'storage-repository-v4',
          'svc-data-mover',
          4,
          ['Backup data', 'Restore data'],
          ['vbr12-pve-010', 'vbr12-pve-011'],
        ),
        rule(
          'r2',
          'virt-worker-v4',
          'storage-repository-v4',
          'svc-ntp',
          4,
          ['Time'],
          ['vbr12-pve-020'],
        ),
      ],
    },
    { point: { kind: 'host', id: 'host:w1', node: 'w1' }, rules: [] },
  ];
  return finish({ addressGroups, serviceGroups, ruleSets });
}

export const SAMPLE_META: NetworkMeta = {
  planName: 'Fixture policy',
  edition: 'vbr12-pve',
  catalogTitle: 'Veeam Backup & Replication 12 with Proxmox VE',
  zones: new Map([
    ['mgmt', 'Management'],
    ['virt', 'Virtualisation'],
    ['storage', 'Backup storage'],
  ]),
};

const ZONES = ['mgmt', 'virt', 'store'] as const;
const V4_NETS: Record<(typeof ZONES)[number], string> = {
  mgmt: '192.0.2',
  virt: '198.51.100',
  store: '203.0.113',
};

const runArb = (zone: (typeof ZONES)[number], family: IpFamily): fc.Arbitrary<AddressRun> =>
  family === 4
    ? fc
        .tuple(fc.integer({ min: 1, max: 250 }), fc.integer({ min: 0, max: 20 }))
        .map(([a, n]) =>
          run(4, `${V4_NETS[zone]}.${a}`, `${V4_NETS[zone]}.${Math.min(254, a + n)}`),
        )
    : fc
        .tuple(fc.integer({ min: 1, max: 0xff00 }), fc.integer({ min: 0, max: 40 }))
        .map(([a, n]) =>
          run(
            6,
            `2001:db8:${ZONES.indexOf(zone) + 1}::${a.toString(16)}`,
            `2001:db8:${ZONES.indexOf(zone) + 1}::${(a + n).toString(16)}`,
          ),
        );

const portArb: fc.Arbitrary<PortRange> = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map((p) => ({ start: p, end: p })),
  fc
    .tuple(fc.integer({ min: 1, max: 65000 }), fc.integer({ min: 1, max: 500 }))
    .map(([a, n]) => ({ start: a, end: Math.min(65535, a + n) })),
);

/**
 * Random policies: up to three zones, address groups per zone and family, service groups,
 * rules between zones. `text` supplies descriptions and purposes (hostile in the escaping
 * tests); names stay in the contract's alphabet unless `names` makes them hostile too.
 */
export function policyArbitrary(
  text: fc.Arbitrary<string> = fc.constantFrom('Backup data', 'Deploy', 'Time'),
  names: fc.Arbitrary<string> = fc.constant(''),
): fc.Arbitrary<Policy> {
  const group = fc.record({
    zone: fc.constantFrom(...ZONES),
    family: fc.constantFrom<IpFamily>(4, 4, 6),
    role: fc.constantFrom('worker', 'repo', 'vbr', 'pve'),
    extra: names,
    description: text,
  });
  const service = fc.record({
    protocol: fc.constantFrom<Protocol>('tcp', 'udp'),
    ports: fc.array(portArb, { minLength: 1, maxLength: 4 }),
    label: fc.constantFrom('ssh', 'dm', 'api', 'ntp'),
    extra: names,
    description: text,
  });
  return fc
    .record({
      groups: fc.array(group, { minLength: 2, maxLength: 8 }),
      services: fc.array(service, { minLength: 1, maxLength: 4 }),
      seeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), text), {
        minLength: 1,
        maxLength: 10,
      }),
    })
    .chain(({ groups, services, seeds }) => {
      const runs = fc.tuple(
        ...groups.map((g) => fc.array(runArb(g.zone, g.family), { minLength: 1, maxLength: 3 })),
      );
      return runs.map((groupRuns) => {
        const addressGroups: AddressGroup[] = [];
        const seen = new Set<string>();
        groups.forEach((g, i) => {
          const name = `${g.zone}-${g.role}-v${g.family}${g.extra}`;
          if (seen.has(name)) return;
          seen.add(name);
          addressGroups.push({
            name,
            family: g.family,
            nodes: [`${g.role}-${i}`],
            runs: normaliseRuns(groupRuns[i]!),
            zone: g.zone,
            description: g.description,
          });
        });
        const serviceGroups: ServiceGroup[] = [];
        services.forEach((s, i) => {
          const name = `svc-${s.label}-${s.protocol}-${i}${s.extra}`;
          serviceGroups.push({
            name,
            protocol: s.protocol,
            ports: normalisePorts(s.ports),
            description: s.description,
          });
        });
        const points = new Map<string, DraftRule[]>();
        const keys = new Set<string>();
        for (const [a, b, c, purpose] of seeds) {
          const src = addressGroups[a % addressGroups.length]!;
          const candidates = addressGroups.filter(
            (g) => g.zone !== src.zone && g.family === src.family,
          );
          if (!candidates.length) continue;
          const dst = candidates[b % candidates.length]!;
          const svc = serviceGroups[c % serviceGroups.length]!;
          const key = `${src.name}|${dst.name}|${svc.name}`;
          if (keys.has(key)) continue;
          keys.add(key);
          const id = `net:${src.zone}>${dst.zone}`;
          const list = points.get(id) ?? [];
          list.push(
            rule(
              `r${list.length + 1}`,
              src.name,
              dst.name,
              svc.name,
              src.family,
              [purpose],
              [`rule-${c}`],
            ),
          );
          points.set(id, list);
        }
        const ruleSets: DraftPolicy['ruleSets'] = [...points]
          .sort(([a], [b]) => compareStrings(a, b))
          .map(([id, rules]) => {
            const [fromZone, toZone] = id.slice(4).split('>') as [string, string];
            return { point: { kind: 'network' as const, id, fromZone, toZone }, rules };
          });
        return finish({ addressGroups, serviceGroups, ruleSets });
      });
    });
}

export const RANDOM_META: NetworkMeta = {
  planName: 'Random policy',
  edition: 'vbr12-pve',
  catalogTitle: 'test',
  zones: new Map(ZONES.map((z) => [z, z])),
};
