// Custom flows and rules, group nodes and acknowledged warnings: schema, engine and validation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../catalog/registry';
import { restorePlan } from '../plan/restore';
import { serializePlan } from '../plan/serialize';
import type { CustomFlow, CustomRule, Plan, PlanNode } from '../plan/types';
import { hostCount, isGroupNode } from '../plan/groups';
import { openWarnings, warningKey, withAcknowledged, withoutAcknowledged } from './acknowledge';
import { computeFlows } from './engine';

const catalog = getCatalog('vbr12-pve');
const TODAY = '2026-12-01';

function node(id: string, type: string, addresses: string[], extra: Partial<PlanNode> = {}) {
  return {
    id,
    type,
    name: id.toUpperCase(),
    addresses,
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  } satisfies PlanNode;
}

function plan(extra: Partial<Plan> = {}, nodes: PlanNode[] = baseNodes()): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'custom',
    catalog: 'vbr12-pve',
    options: {},
    zones: [],
    nodes,
    connections: [
      { id: 'c1', from: 'gip', to: 'win1' },
      { id: 'c2', from: 'vbr', to: 'gip' },
      { id: 'c3', from: 'vbr', to: 'lin1' },
    ],
    ...extra,
  };
}

const baseNodes = (): PlanNode[] => [
  node('vbr', 'backup-server', ['192.0.2.10']),
  node('gip', 'guest-interaction-proxy', ['192.0.2.20']),
  node('win1', 'windows-guest', ['203.0.113.20']),
  node('win2', 'windows-guest', ['203.0.113.21']),
  node('lin1', 'linux-guest', ['203.0.113.10']),
];

const flow = (over: Partial<CustomFlow> = {}): CustomFlow => ({
  id: 'mon',
  from: 'vbr',
  to: 'lin1',
  protocol: 'tcp',
  ports: '9100',
  purpose: 'Monitoring scrape',
  justification: 'CHG-1: monitoring of the Linux guests',
  ...over,
});

const rule = (over: Partial<CustomRule> = {}): CustomRule => ({
  id: 'winrm',
  from: 'guest-interaction-proxy',
  to: 'windows-guest',
  protocol: 'tcp',
  ports: '5986',
  purpose: 'WinRM over HTTPS',
  justification: 'Site standard WS-7',
  ...over,
});

function errors(doc: unknown): string[] {
  const r = restorePlan(doc);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('plan schema of custom flows and rules', () => {
  it('accepts valid ones and keeps a plan without them unchanged', () => {
    expect(errors(plan({ customFlows: [flow()], customRules: [rule()] }))).toEqual([]);
    const bare = plan();
    const r = restorePlan(JSON.parse(serializePlan(bare)));
    expect(r.ok && serializePlan(r.plan)).toBe(serializePlan(bare));
    expect(r.ok && 'customFlows' in r.plan).toBe(false);
  });

  it('names the field of every problem', () => {
    const doc = plan({
      customFlows: [
        flow({ ports: '70000' }),
        flow({ id: 'b', to: 'ghost' }),
        flow({ id: 'c', expires: '2026-02-30' }),
        flow({ id: 'd', to: 'vbr' }),
      ],
      customRules: [rule({ id: 'mon' }), rule({ id: 'r2', to: 'toaster' })],
    });
    const lines = errors(doc);
    expect(lines).toContain(
      'customFlows[0].ports: "70000" is not a port or port range ("N" or "N-M", 1-65535)',
    );
    expect(lines).toContain(
      'customFlows[2].expires: "2026-02-30" is not a date written YYYY-MM-DD',
    );
    // Schema errors stop before reference checks; fix them and the references are reported.
    const refs = errors({
      ...doc,
      customFlows: [flow(), flow({ id: 'b', to: 'ghost' }), flow({ id: 'd', to: 'vbr' })],
    });
    expect(refs).toEqual([
      'customFlows[1].to: unknown node "ghost"',
      'customFlows[2].to: a custom flow must go to another node than its source "vbr"',
      'customRules[0].id: duplicate custom id "mon" (also customFlows[0])',
      'customRules[1].to: unknown role "toaster" in catalog vbr12-pve',
    ]);
  });
});

describe('custom flows in the engine', () => {
  it('become flows traced as custom:<id> with their justification', () => {
    const result = computeFlows(plan({ customFlows: [flow()] }), catalog, { today: TODAY });
    const f = result.flows.find((x) => x.rule === 'custom:mon')!;
    expect(f).toMatchObject({
      connection: 'c3',
      from: 'vbr',
      to: 'lin1',
      protocol: 'tcp',
      ports: { start: 9100, end: 9100 },
      local: false,
      source: { document: 'custom', table: 'Custom flows', row: 1 },
      custom: { kind: 'flow', id: 'mon', justification: 'CHG-1: monitoring of the Linux guests' },
    });
  });

  it('need no drawn connection, and cover the connection they run on', () => {
    const p = plan({ customFlows: [flow({ from: 'win2', to: 'lin1', id: 'x' })] });
    const f = computeFlows(p, catalog).flows.find((x) => x.rule === 'custom:x')!;
    expect(f.connection).toBeNull();
    expect(f.id).toBe('custom:win2>lin1:custom:x');
    // A connection no catalog rule covers stops being "not covered" once a custom flow uses it.
    const bare = plan({ connections: [{ id: 'c9', from: 'win2', to: 'lin1' }] });
    const codes = (q: Plan) => computeFlows(q, catalog).warnings.map((w) => w.code);
    expect(codes(bare)).toContain('connection-not-covered');
    expect(codes({ ...bare, customFlows: [flow({ from: 'win2', to: 'lin1' })] })).not.toContain(
      'connection-not-covered',
    );
  });

  it('custom rules apply to connected role pairs only, in both drawing directions', () => {
    const p = plan({ customRules: [rule()] });
    const flows = computeFlows(p, catalog).flows.filter((f) => f.rule === 'custom:winrm');
    // gip–win1 is connected; win2 is not connected to the proxy, so it gets nothing.
    expect(flows.map((f) => `${f.from}>${f.to}`)).toEqual(['gip>win1']);
    expect(flows[0]!.custom?.kind).toBe('rule');
    const reversed = {
      ...p,
      connections: p.connections.map((c) => ({ ...c, from: c.to, to: c.from })),
    };
    expect(computeFlows(reversed, catalog).flows).toEqual(computeFlows(p, catalog).flows);
  });

  it('do not depend on the order of the custom lists', () => {
    fc.assert(
      fc.property(fc.boolean(), (flip) => {
        const list = [
          flow(),
          flow({ id: 'a2', ports: '9200-9300' }),
          flow({ id: 'z', to: 'win1' }),
        ];
        const p = plan({ customFlows: flip ? [...list].reverse() : list });
        expect(computeFlows(p, catalog).flows).toEqual(
          computeFlows(plan({ customFlows: list }), catalog).flows,
        );
      }),
      { numRuns: 4 },
    );
  });
});

describe('custom-flow warnings', () => {
  const codes = (p: Plan, today = TODAY) =>
    computeFlows(p, catalog, { today }).warnings.filter((w) => w.code.startsWith('custom'));

  it('an expired custom flow or rule is reported, one still valid is not', () => {
    const p = plan({
      customFlows: [flow({ expires: '2026-11-30' }), flow({ id: 'ok', expires: TODAY })],
      customRules: [rule({ expires: '2025-01-01' })],
    });
    expect(codes(p).map((w) => [w.code, w.message, w.nodes])).toEqual([
      [
        'custom-expired',
        'Custom rule winrm (WinRM over HTTPS) expired on 2025-01-01; remove it or extend its expiry',
        [],
      ],
      [
        'custom-expired',
        'Custom flow mon (Monitoring scrape) expired on 2026-11-30; remove it or extend its expiry',
        ['lin1', 'vbr'],
      ],
    ]);
    expect(codes(p, '2024-01-01')).toEqual([]);
  });

  it('a custom flow inside a catalog flow names the catalog rule', () => {
    const p = plan({ customFlows: [flow({ ports: '22' })] });
    const [w] = codes(p);
    expect(w?.code).toBe('custom-duplicates-catalog');
    expect(w?.message).toContain(
      'custom flow mon (tcp 22 from VBR to LIN1) duplicates catalog rule runtime-backup-server-linux-ssh',
    );
    expect(w?.nodes).toEqual(['lin1', 'vbr']);
  });

  it('a custom rule that matches no connected pair is reported', () => {
    const p = plan({ customRules: [rule({ from: 'worker' })] });
    expect(codes(p).map((w) => w.code)).toEqual(['custom-rule-unused']);
  });
});

describe('group nodes', () => {
  const web = node('web', 'linux-guest', ['203.0.113.100-203.0.113.139']);

  it('ranges and members make a group; a plain CIDR node is still warned about', () => {
    expect(isGroupNode(web)).toBe(true);
    expect(isGroupNode(node('x', 'linux-guest', ['203.0.113.0/24'], { members: [] }))).toBe(true);
    expect(isGroupNode(node('x', 'linux-guest', ['203.0.113.0/24']))).toBe(false);
    const nodes = [
      ...baseNodes(),
      node('net', 'linux-guest', ['203.0.113.128/28']),
      node('grp', 'linux-guest', ['203.0.113.64/28'], { members: [] }),
    ];
    const p = plan({ connections: [] }, nodes);
    const network = computeFlows(p, catalog).warnings.filter(
      (w) => w.code === 'address-is-network',
    );
    expect(network.map((w) => w.nodes)).toEqual([['net']]);
  });

  it('count their hosts: members, else the range and network sizes', () => {
    expect(hostCount(web)).toBe(40);
    expect(hostCount(node('x', 'linux-guest', ['192.0.2.0/24'], { members: [] }))).toBe(254);
    const members = [
      { name: 'a', address: '192.0.2.1' },
      { name: 'b', address: '192.0.2.2' },
    ];
    expect(hostCount(node('x', 'linux-guest', [], { members }))).toBe(2);
    // Members inside a range count once; outside it they add.
    const mixed = node('x', 'linux-guest', ['192.0.2.1-192.0.2.10'], {
      members: [...members, { name: 'c', address: '192.0.2.50' }],
    });
    expect(hostCount(mixed)).toBe(11);
    expect(hostCount(node('x', 'linux-guest', ['192.0.2.1']))).toBe(1);
  });

  it('the schema accepts ranges and one-host members, and names a bad one', () => {
    const nodes = [
      ...baseNodes(),
      node('web', 'linux-guest', ['203.0.113.139-203.0.113.100', '2001:db8::1-2001:db8::ff'], {
        members: [{ name: 'm', address: '192.0.2.0/24' }],
      }),
    ];
    expect(errors(plan({}, nodes))).toEqual([
      'nodes[5].addresses[0]: "203.0.113.139-203.0.113.100" is not an address range (A-B: two addresses of one family, first ≤ last)',
      'nodes[5].members[0].address: "192.0.2.0/24" is not one IPv4 or IPv6 address (a member is one host)',
    ]);
    expect(errors(plan({}, [...baseNodes(), web]))).toEqual([]);
  });

  it('members and ranges are checked against the zone and for duplicates', () => {
    const nodes = [
      ...baseNodes(),
      node('web', 'linux-guest', ['203.0.113.100-203.0.113.139'], {
        zone: 'z',
        members: [{ name: 'dup', address: '192.0.2.10' }],
      }),
    ];
    const p = plan({ zones: [{ id: 'z', name: 'Z', cidrs: ['203.0.113.0/24'] }] }, nodes);
    const ws = computeFlows(p, catalog).warnings;
    expect(ws.filter((w) => w.code === 'outside-zone').map((w) => w.message)).toEqual([
      'WEB address 192.0.2.10 is outside zone Z (203.0.113.0/24)',
    ]);
    expect(ws.find((w) => w.code === 'duplicate-address')?.nodes).toEqual(['vbr', 'web']);
  });
});

describe('acknowledged warnings', () => {
  const p = plan({ connections: [] }, [
    ...baseNodes(),
    node('net', 'linux-guest', ['203.0.113.128/28']),
  ]);
  const first = computeFlows(p, catalog).warnings.find((w) => w.code === 'address-is-network')!;

  it('carry their reason, leave the open count, and survive a rename', () => {
    const acks = withAcknowledged(undefined, first, 'The /28 is a load-balancer pool');
    const acked = { ...p, acknowledgedWarnings: acks };
    const ws = computeFlows(acked, catalog).warnings;
    const w = ws.find((x) => warningKey(x) === warningKey(first))!;
    expect(w.acknowledged).toBe('The /28 is a load-balancer pool');
    expect(openWarnings(ws).length).toBe(ws.length - 1);
    const renamed = { ...acked, nodes: acked.nodes.map((n) => ({ ...n, name: `${n.name}-new` })) };
    expect(openWarnings(computeFlows(renamed, catalog).warnings).length).toBe(ws.length - 1);
    expect(errors(acked)).toEqual([]);
  });

  it('un-acknowledging brings it back; a reason is required', () => {
    const acks = withAcknowledged(undefined, first, 'why');
    expect(withoutAcknowledged(acks, first)).toEqual([]);
    expect(withAcknowledged(acks, first, 'other')).toEqual([{ ...acks[0], reason: 'other' }]);
    expect(errors({ ...p, acknowledgedWarnings: [{ ...acks[0], reason: '' }] })).toEqual([
      'acknowledgedWarnings[0].reason: must have >=1 characters',
    ]);
  });
});
