// Flow engine: golden flows of the samples, semantics case by case, and properties over random plans.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCatalog, listCatalogs } from '../catalog/registry';
import { nodeRoles } from '../catalog/roles';
import type { Catalog } from '../catalog/types';
import { parsePlanText } from '../plan/restore';
import type { Plan, PlanConnection, PlanNode } from '../plan/types';
import { computeFlows } from './engine';
import { mergeFlows } from './merge';
import { formatPorts, parsePorts } from './ports';
import type { Flow } from './types';
import { GOLDEN_TODAY } from '../testing/golden-date';

const root = new URL('../../', import.meta.url);
const catalog = getCatalog('vbr12-pve');

function loadSample(name: string): Plan {
  const text = readFileSync(new URL(`resources/samples/${name}.portolan.json`, root), 'utf8');
  const result = parsePlanText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

function node(id: string, type: string, extra: Partial<PlanNode> = {}): PlanNode {
  return {
    id,
    type,
    name: id.toUpperCase(),
    addresses: [],
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  };
}

function plan(nodes: PlanNode[], pairs: [string, string][]): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'test',
    catalog: 'vbr12-pve',
    options: {},
    zones: [],
    nodes,
    connections: pairs.map(([from, to], i) => ({ id: `c${i + 1}`, from, to })),
  };
}

const summary = (flows: readonly Flow[]) =>
  flows.map((f) => `${f.from}>${f.to} ${formatPorts(f.ports)} ${f.rule}`);

describe('golden flows of the samples', () => {
  it.each(['all-in-one', 'distributed'])('%s', (name) => {
    // A fixed day: the samples' custom flow expires, and the golden must not change with time.
    const result = computeFlows(loadSample(name), catalog, { today: GOLDEN_TODAY });
    const text = `${JSON.stringify(result, null, 2)}\n`;
    const file = fileURLToPath(new URL(`src-core/flows/__golden__/${name}.flows.json`, root));
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
      if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) {
        throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
      }
      mkdirSync(fileURLToPath(new URL('src-core/flows/__golden__/', root)), { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('flow semantics', () => {
  it('yields both directions of a connection, ordered by source id then catalog order', () => {
    const result = computeFlows(
      plan([node('vbr', 'backup-server'), node('w1', 'worker')], [['w1', 'vbr']]),
      catalog,
    );
    expect(summary(result.flows)).toEqual([
      'vbr>w1 19000 backup-server-worker',
      'vbr>w1 443 backup-server-worker-updater',
      'w1>vbr 10006 worker-backup-server',
      'local:vbr>vbr 6172 backup-server-platform-database'.replace('local:', ''),
    ]);
    expect(result.flows[0]!.id).toBe('c1:vbr>w1:backup-server-worker');
    expect(result.flows[0]!.source).toEqual({
      document: 'vbr12-pve-ports',
      table: 'Backup Server',
      row: 1,
    });
    expect(result.flows[3]).toMatchObject({
      id: 'local:vbr>vbr:backup-server-platform-database',
      connection: null,
      local: true,
    });
  });

  it('keeps the 6172 database rule local: two connected backup servers do not get it', () => {
    const result = computeFlows(
      plan([node('a', 'backup-server'), node('b', 'backup-server')], [['a', 'b']]),
      catalog,
    );
    expect(
      result.flows.filter((f) => f.rule === 'backup-server-platform-database').map((f) => f.id),
    ).toEqual([
      'local:a>a:backup-server-platform-database',
      'local:b>b:backup-server-platform-database',
    ]);
  });

  it('emits local flows between the extra roles of one node', () => {
    const vbr = node('vbr', 'backup-server', { extraRoles: ['guest-interaction-proxy'] });
    const result = computeFlows(plan([vbr], []), catalog);
    expect(result.flows.map((f) => f.rule)).toEqual([
      'backup-server-platform-database',
      'runtime-backup-server-proxy-6190',
      'runtime-backup-server-proxy-6290',
      'runtime-backup-server-proxy-smb',
    ]);
    expect(result.flows.every((f) => f.local && f.connection === null)).toBe(true);
  });

  it('opens dynamic RPC only into Windows nodes whose firewall is custom, and says why otherwise', () => {
    const nodes = [
      node('gip', 'guest-interaction-proxy'),
      node('win', 'windows-guest', { name: 'WIN01' }),
      node('sql', 'mssql-guest', { options: { windowsFirewall: 'custom' } }),
    ];
    const result = computeFlows(
      plan(nodes, [
        ['gip', 'win'],
        ['gip', 'sql'],
      ]),
      catalog,
    );
    const rpc = result.flows.filter((f) => f.ports.start === 49152);
    expect(rpc.map((f) => `${f.to} ${f.rule}`)).toEqual([
      'sql runtime-proxy-windows-rpc',
      'sql mssql-proxy-rpc',
    ]);
    expect(rpc[0]!.conditions).toEqual([
      'Windows firewall on the destination is not at default settings',
    ]);
    expect(result.absent.map((a) => `${a.to} ${a.rule}`)).toEqual([
      'win runtime-proxy-windows-rpc',
    ]);
    expect(result.absent[0]!.reason).toBe(
      'Applies only if: Windows firewall on the destination is not at default settings — on WIN01, windowsFirewall is "default" (default)',
    );
  });

  it('sends database logs straight to the repository only without a log shipping server', () => {
    const nodes = [
      node('pg', 'postgresql-guest'),
      node('repo', 'backup-repository'),
      node('lss', 'log-shipping-server'),
    ];
    const direct = computeFlows(plan(nodes, [['pg', 'repo']]), catalog);
    expect(summary(direct.flows)).toEqual(['pg>repo 2500-3300 postgresql-guest-repository-data']);
    const viaLss = computeFlows(
      plan(nodes, [
        ['pg', 'repo'],
        ['pg', 'lss'],
      ]),
      catalog,
    );
    expect(summary(viaLss.flows)).toEqual(['pg>lss 2500-3300 postgresql-guest-log-shipping-data']);
    expect(viaLss.absent).toHaveLength(1);
    expect(viaLss.absent[0]!.reason).toMatch(/but PG is connected to LSS$/);
  });

  it('applies the destination’s port override to its service and records it', () => {
    const nodes = [
      node('w1', 'worker', { options: { portOverrides: { 'data-mover': '2500-2600' } } }),
      node('pve', 'pve-server', { options: { portOverrides: { ssh: '2222' } } }),
      node('repo', 'backup-repository', {
        options: { portOverrides: { 'data-mover': '3000-3100' } },
      }),
    ];
    const result = computeFlows(
      plan(nodes, [
        ['w1', 'pve'],
        ['w1', 'repo'],
      ]),
      catalog,
    );
    expect(summary(result.flows)).toEqual([
      'w1>pve 8006 worker-pve-api',
      'w1>pve 2222 worker-pve-ssh',
      'w1>repo 3000-3100 worker-repository-data',
    ]);
    expect(result.flows[1]!.override).toEqual({
      service: 'ssh',
      catalogPorts: { start: 22, end: 22 },
      node: 'pve',
    });
    expect(result.flows[0]!.override).toBeUndefined();
  });

  it('ignores a malformed override (and warns) in a plan that was not restored', () => {
    const nodes = [
      node('w1', 'worker'),
      node('pve', 'pve-server', { options: { portOverrides: { ssh: 'twenty-two' } } }),
    ];
    const result = computeFlows(plan(nodes, [['w1', 'pve']]), catalog);
    expect(summary(result.flows)).toContain('w1>pve 22 worker-pve-ssh');
    expect(result.warnings.map((w) => w.code)).toContain('invalid-port-override');
  });

  it('survives connections to missing nodes and to themselves', () => {
    const result = computeFlows(
      plan(
        [node('w1', 'worker')],
        [
          ['w1', 'ghost'],
          ['w1', 'w1'],
        ],
      ),
      catalog,
    );
    expect(result.flows).toEqual([]);
    expect(
      result.warnings.filter((w) => w.code === 'connection-not-covered').map((w) => w.connections),
    ).toEqual([['c1'], ['c2']]);
  });
});

// ---- properties over random plans -------------------------------------------------------------

/** Random plans drawn from one catalog's types, extra roles and options. */
function arbitraryPlan(cat: Catalog) {
  const typeArb = fc.constantFrom(...cat.componentTypes);
  const nodeArb = typeArb.chain((t) =>
    fc.record({
      type: fc.constant(t.id),
      extraRoles: fc.subarray([...(t.allowedExtraRoles ?? [])]),
      windowsFirewall: fc.constantFrom(undefined, 'default', 'custom'),
      dataMover: fc.option(fc.constantFrom('2500-2600', '3000', '70000'), { nil: undefined }),
    }),
  );
  return fc
    .record({
      nodes: fc.array(nodeArb, { minLength: 1, maxLength: 14 }),
      edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 30 }),
    })
    .map(({ nodes, edges }): Plan => {
      const planNodes: PlanNode[] = nodes.map((n, i) =>
        node(`n${i}`, n.type, {
          extraRoles: n.extraRoles,
          options: {
            ...(n.windowsFirewall
              ? { windowsFirewall: n.windowsFirewall as 'default' | 'custom' }
              : {}),
            ...(n.dataMover ? { portOverrides: { 'data-mover': n.dataMover } } : {}),
          },
        }),
      );
      const connections: PlanConnection[] = [];
      edges.forEach(([a, b, _], k) => {
        const from = a % planNodes.length;
        const to = b % planNodes.length;
        if (from !== to) connections.push({ id: `c${k}`, from: `n${from}`, to: `n${to}` });
      });
      return { ...plan(planNodes, []), catalog: cat.edition, connections };
    });
}

/** The same plan with arrays shuffled and some connections drawn the other way. */
function scrambled(p: Plan, seed: number): Plan {
  let s = seed || 1;
  const rand = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const shuffle = <T>(xs: readonly T[]) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const connections = shuffle(p.connections).map((c) =>
    rand() < 0.5 ? { ...c, from: c.to, to: c.from } : c,
  );
  return { ...p, nodes: shuffle(p.nodes), connections };
}

describe.each(listCatalogs().map((c) => [c.edition, c] as const))(
  'properties (%s)',
  (_edition, cat) => {
    it('every flow comes from a catalog rule matching the roles of its ends', () => {
      const rules = new Map(cat.rules.map((r) => [r.id, r]));
      fc.assert(
        fc.property(arbitraryPlan(cat), (p) => {
          const nodes = new Map(p.nodes.map((n) => [n.id, n]));
          for (const f of computeFlows(p, cat).flows) {
            const rule = rules.get(f.rule);
            expect(rule, f.rule).toBeDefined();
            const fromRoles = nodeRoles(cat, nodes.get(f.from)!);
            const toRoles = nodeRoles(cat, nodes.get(f.to)!);
            expect(rule!.from.some((r) => fromRoles.has(r))).toBe(true);
            expect(rule!.to.some((r) => toRoles.has(r))).toBe(true);
            expect(f.protocol).toBe(rule!.protocol);
            expect(f.source).toEqual(rule!.source);
            const override = rule!.service
              ? nodes.get(f.to)!.options.portOverrides?.[rule!.service]
              : undefined;
            const parsed = override === undefined ? null : parsePorts(override);
            expect(f.ports).toEqual(parsed ?? rule!.ports);
            expect(f.id).toBe(`${f.connection ?? 'local'}:${f.from}>${f.to}:${f.rule}`);
          }
        }),
        { numRuns: 150 },
      );
    });

    it('no flow without a connection except local ones, and local flows stay on one node', () => {
      fc.assert(
        fc.property(arbitraryPlan(cat), (p) => {
          const connections = new Map(p.connections.map((c) => [c.id, c]));
          for (const f of computeFlows(p, cat).flows) {
            if (f.connection === null) {
              expect(f.local).toBe(true);
              expect(f.from).toBe(f.to);
            } else {
              expect(f.local).toBe(false);
              const c = connections.get(f.connection)!;
              expect([c.from, c.to].sort()).toEqual([f.from, f.to].sort());
            }
          }
        }),
        { numRuns: 150 },
      );
    });

    it('does not depend on the order of nodes and connections or on drawing direction', () => {
      fc.assert(
        fc.property(arbitraryPlan(cat), fc.integer({ min: 1, max: 1 << 30 }), (p, seed) => {
          expect(computeFlows(scrambled(p, seed), cat)).toEqual(computeFlows(p, cat));
        }),
        { numRuns: 150 },
      );
    });

    it('merges to exactly the ports of the non-local flows per (from, to, protocol)', () => {
      fc.assert(
        fc.property(arbitraryPlan(cat), (p) => {
          const flows = computeFlows(p, cat).flows;
          const merged = mergeFlows(flows);
          const brute = new Map<string, Set<number>>();
          for (const f of flows) {
            if (f.local) continue;
            const key = `${f.from}>${f.to}/${f.protocol}`;
            const set = brute.get(key) ?? new Set<number>();
            for (let port = f.ports.start; port <= f.ports.end; port++) set.add(port);
            brute.set(key, set);
          }
          expect(merged.map((m) => `${m.from}>${m.to}/${m.protocol}`).sort()).toEqual(
            [...brute.keys()].sort(),
          );
          for (const m of merged) {
            const ports = new Set<number>();
            m.ports.forEach((r, i) => {
              if (i > 0) expect(r.start).toBeGreaterThan(m.ports[i - 1]!.end + 1);
              for (let port = r.start; port <= r.end; port++) ports.add(port);
            });
            expect(ports).toEqual(brute.get(`${m.from}>${m.to}/${m.protocol}`));
            expect(m.flows.every((f) => !f.local && f.from === m.from && f.to === m.to)).toBe(true);
          }
        }),
        { numRuns: 60 },
      );
    });
  },
);

describe('scale', () => {
  it('computes a 5 000-node, 20 000-connection plan (timing is the benchmark’s job)', () => {
    const types = [
      'worker',
      'pve-server',
      'backup-repository',
      'windows-guest',
      'linux-guest',
      'mssql-guest',
    ];
    const nodes = Array.from({ length: 5000 }, (_, i) =>
      node(`n${i}`, i === 0 ? 'backup-server' : types[i % types.length]!),
    );
    const pairs = Array.from({ length: 20000 }, (_, k): [string, string] => [
      `n${k % 5000}`,
      `n${(k * 7919 + 1) % 5000}`,
    ]).filter(([a, b]) => a !== b);
    const result = computeFlows(plan(nodes, pairs), catalog);
    expect(result.flows.length).toBeGreaterThan(0);
  });
});
