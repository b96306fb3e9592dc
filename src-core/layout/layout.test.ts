// Layout and zone logic: elk layouts keep zones apart and edges orthogonal, zone frames and
// placement, address-derived zones, edge summaries.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../catalog/registry';
import { computeFlows } from '../flows/engine';
import type { Flow } from '../flows/types';
import { parsePlanText } from '../plan/restore';
import type { Plan, PlanNode, PlanZone, Position } from '../plan/types';
import { generateSyntheticPlan } from '../testing/synthetic-plan';
import { summariseEdge } from './edge-summary';
import { ELK_LIMIT, layoutPlan } from './elk-layout';
import {
  boxContains,
  boxesIntersect,
  nodeBox,
  NODE_HEIGHT,
  NODE_WIDTH,
  placeInZone,
  routeConnection,
  zoneAt,
  zoneFrames,
} from './geometry';
import { derivedZone, rezonedNodes, zoneForAddresses } from './zones';

const root = new URL('../../', import.meta.url);

function loadSample(name: string): Plan {
  const text = readFileSync(new URL(`resources/samples/${name}.portolan.json`, root), 'utf8');
  const result = parsePlanText(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

function node(id: string, extra: Partial<PlanNode> = {}): PlanNode {
  return {
    id,
    type: 'worker',
    name: id,
    addresses: [],
    zone: null,
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  };
}

function zone(id: string, cidrs: string[]): PlanZone {
  return { id, name: id, cidrs };
}

function applyLayout(plan: Plan, layout: Awaited<ReturnType<typeof layoutPlan>>): Plan {
  return {
    ...plan,
    nodes: plan.nodes.map((n) => ({ ...n, position: layout.positions.get(n.id) ?? n.position })),
    connections: plan.connections.map((c) => ({ ...c, bends: layout.bends.get(c.id) })),
  };
}

/** Every property a laid-out plan must have, checked on the plan as the canvas draws it. */
function expectReadable(plan: Plan, layout: Awaited<ReturnType<typeof layoutPlan>>): void {
  const laid = applyLayout(plan, layout);
  expect(layout.positions.size).toBe(plan.nodes.length);
  const frames = zoneFrames(laid).filter((f) => !f.empty);
  // Frames never overlap.
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      expect(
        boxesIntersect(frames[i]!, frames[j]!),
        `${frames[i]!.zone} × ${frames[j]!.zone}`,
      ).toBe(false);
    }
  }
  // A node lies inside its own zone's frame and outside every other frame.
  for (const n of laid.nodes) {
    const box = nodeBox(n.position);
    for (const f of frames) {
      if (f.zone === n.zone) {
        expect(boxContains(f, n.position)).toBe(true);
        expect(boxContains(f, { x: box.x + box.width, y: box.y + box.height })).toBe(true);
      } else {
        expect(boxesIntersect(f, box), `${n.id} in frame of ${f.zone}`).toBe(false);
      }
    }
  }
  // Nodes do not overlap one another.
  const boxes = laid.nodes.map((n) => nodeBox(n.position));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      expect(boxesIntersect(boxes[i]!, boxes[j]!)).toBe(false);
    }
  }
  // Stored bends are used as they are: the route is orthogonal and passes through them.
  const byId = new Map(laid.nodes.map((n) => [n.id, n]));
  for (const c of laid.connections) {
    const bends = layout.bends.get(c.id);
    const a = byId.get(c.from)!;
    const b = byId.get(c.to)!;
    const route = routeConnection(nodeBox(a.position), nodeBox(b.position), bends);
    for (let i = 1; i < route.length; i++) {
      const p = route[i - 1]!;
      const q = route[i]!;
      expect(Math.abs(p.x - q.x) < 0.5 || Math.abs(p.y - q.y) < 0.5).toBe(true);
    }
    if (bends) expect(route.slice(1, -1)).toEqual(bends);
  }
}

describe('layoutPlan', () => {
  it('lays out the distributed sample with zones apart and orthogonal edges', async () => {
    const plan = loadSample('distributed');
    const layout = await layoutPlan(plan);
    expectReadable(plan, layout);
    expect(layout.bends.size).toBeGreaterThan(0);
  });

  it('lays out a 40-node synthetic plan with zones apart', async () => {
    const plan = generateSyntheticPlan({ nodes: 40, seed: 7 });
    const layout = await layoutPlan(plan);
    expectReadable(plan, layout);
    expect(layout.bends.size).toBeGreaterThan(0);
  }, 60_000);

  it('gives a plan too big for elk the zone grid, zones still apart', async () => {
    const plan = generateSyntheticPlan({ nodes: 1000, seed: 3 });
    expect(plan.nodes.length).toBeGreaterThan(ELK_LIMIT.nodes);
    const started = Date.now();
    const layout = await layoutPlan(plan);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(layout.bends.size).toBe(0);
    expectReadable(plan, layout);
  }, 60_000);

  it('puts nodes on the grid and is deterministic', async () => {
    const plan = loadSample('all-in-one');
    const a = await layoutPlan(plan);
    const b = await layoutPlan(plan);
    expect([...a.positions]).toEqual([...b.positions]);
    for (const p of a.positions.values()) {
      expect(p.x % 20).toBe(0);
      expect(p.y % 20).toBe(0);
    }
  });
});

describe('zoneFrames', () => {
  const plan = {
    zones: [zone('a', []), zone('empty', []), zone('b', [])],
    nodes: [
      node('n1', { zone: 'a', position: { x: 0, y: 0 } }),
      node('n2', { zone: 'a', position: { x: 300, y: 100 } }),
      node('n3', { zone: 'b', position: { x: 0, y: 400 } }),
      node('free', { position: { x: 900, y: 0 } }),
    ],
  };

  it('frames members and gives a zone with no node a frame right of the drawing', () => {
    const frames = zoneFrames(plan);
    expect(frames.map((f) => f.zone)).toEqual(['a', 'empty', 'b']);
    const a = frames[0]!;
    expect(a.x).toBeLessThan(0);
    expect(a.x + a.width).toBeGreaterThan(300 + NODE_WIDTH);
    expect(a.y + a.height).toBeGreaterThan(100 + NODE_HEIGHT);
    const empty = frames[1]!;
    expect(empty.empty).toBe(true);
    expect(empty.x).toBeGreaterThan(900 + NODE_WIDTH);
    for (const f of frames) if (f !== empty) expect(boxesIntersect(f, empty)).toBe(false);
  });

  it('finds the zone under a point, ignoring excluded nodes', () => {
    const frames = zoneFrames(plan);
    expect(zoneAt(frames, { x: 100, y: 30 })).toBe('a');
    expect(zoneAt(frames, { x: 100, y: 430 })).toBe('b');
    expect(zoneAt(frames, { x: 950, y: 30 })).toBeNull();
    const emptyFrame = frames[1]!;
    expect(zoneAt(frames, { x: emptyFrame.x + 10, y: emptyFrame.y + 10 })).toBe('empty');
    const without = zoneFrames(plan, undefined, new Set(['n3']));
    expect(without.find((f) => f.zone === 'b')?.empty).toBe(true);
  });

  it('uses live positions when given', () => {
    const live = new Map<string, Position>([['n3', { x: 2000, y: 2000 }]]);
    const b = zoneFrames(plan, live).find((f) => f.zone === 'b')!;
    expect(b.x).toBeGreaterThan(1900);
  });
});

describe('placeInZone', () => {
  it('moves a node that joined a zone into its frame without meeting other zones', () => {
    const base = {
      zones: [zone('a', []), zone('b', [])],
      nodes: [
        node('a1', { zone: 'a', position: { x: 0, y: 0 } }),
        node('b1', { zone: 'b', position: { x: 0, y: 300 } }),
        node('x', { zone: 'a', position: { x: 1000, y: 1000 } }),
      ],
    };
    const p = placeInZone(base, 'x', 'a')!;
    expect(p).not.toBeNull();
    const moved = {
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'x' ? { ...n, position: p } : n)),
    };
    const frames = zoneFrames(moved);
    const fa = frames.find((f) => f.zone === 'a')!;
    const fb = frames.find((f) => f.zone === 'b')!;
    expect(boxContains(fa, p)).toBe(true);
    expect(boxesIntersect(fa, fb)).toBe(false);
  });

  it('puts a node inside the frame of an empty zone and leaves a node already inside alone', () => {
    const base = {
      zones: [zone('a', []), zone('empty', [])],
      nodes: [
        node('a1', { zone: 'a', position: { x: 0, y: 0 } }),
        node('a2', { zone: 'a', position: { x: 300, y: 0 } }),
        node('a3', { zone: 'a', position: { x: 600, y: 0 } }),
        node('x', { zone: 'empty', position: { x: 100, y: 60 } }),
      ],
    };
    const frame = zoneFrames({ ...base, nodes: base.nodes.slice(0, 3) }).find(
      (f) => f.zone === 'empty',
    )!;
    const p = placeInZone(base, 'x', 'empty')!;
    expect(boxContains(frame, p)).toBe(true);
    // Away from other frames, a zone's first node stays where it is and its frame forms there.
    const apart = {
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'x' ? { ...n, position: { x: 0, y: 400 } } : n)),
    };
    expect(placeInZone(apart, 'x', 'empty')).toBeNull();
    expect(placeInZone(base, 'a2', 'a')).toBeNull();
  });
});

describe('routeConnection', () => {
  const a = nodeBox({ x: 0, y: 0 });
  const b = nodeBox({ x: 400, y: 200 });

  it('draws an orthogonal elbow between boxes without bends', () => {
    const route = routeConnection(a, b);
    expect(route[0]).toEqual({ x: NODE_WIDTH, y: NODE_HEIGHT / 2 });
    expect(route[route.length - 1]).toEqual({ x: 400, y: 200 + NODE_HEIGHT / 2 });
    expect(route).toHaveLength(4);
  });

  it('ignores bends that no longer meet the boxes', () => {
    const stale = [{ x: 1000, y: 1000 }];
    expect(routeConnection(a, b, stale)).toEqual(routeConnection(a, b));
  });

  it('routes through bends that fit', () => {
    const bends = [
      { x: 300, y: 30 },
      { x: 300, y: 230 },
    ];
    expect(routeConnection(a, b, bends)).toEqual([
      { x: NODE_WIDTH, y: 30 },
      ...bends,
      { x: 400, y: 230 },
    ]);
  });
});

describe('zoneForAddresses', () => {
  const zones = [
    zone('mgmt', ['192.0.2.0/25', '2001:db8::/64']),
    zone('storage', ['198.51.100.0/24']),
    zone('wide', ['198.51.0.0/16']),
  ];

  it('picks the one zone whose networks hold the address', () => {
    expect(zoneForAddresses(['192.0.2.10'], zones)).toBe('mgmt');
    expect(zoneForAddresses(['2001:db8::5'], zones)).toBe('mgmt');
    expect(zoneForAddresses(['198.51.7.1'], zones)).toBe('wide');
  });

  it('refuses to guess: none, two zones, or garbage', () => {
    expect(zoneForAddresses(['203.0.113.1'], zones)).toBeNull();
    expect(zoneForAddresses(['198.51.100.3'], zones)).toBeNull(); // storage and wide
    expect(zoneForAddresses(['192.0.2.10', '198.51.7.1'], zones)).toBeNull();
    expect(zoneForAddresses(['not an address'], zones)).toBeNull();
    expect(zoneForAddresses([], zones)).toBeNull();
  });

  it('keeps a zone chosen by hand', () => {
    expect(derivedZone(node('n', { addresses: ['192.0.2.10'] }), zones)).toBe('mgmt');
    expect(
      derivedZone(
        node('n', { addresses: ['192.0.2.10'], zone: 'storage', zonePinned: true }),
        zones,
      ),
    ).toBe('storage');
    expect(derivedZone(node('n', { addresses: ['203.0.113.9'], zone: 'storage' }), zones)).toBe(
      'storage',
    );
  });

  it('lists the nodes an address rule moves', () => {
    const plan = {
      ...loadSample('all-in-one'),
      zones,
      nodes: [
        node('a', { addresses: ['192.0.2.10'] }),
        node('b', { addresses: ['192.0.2.11'], zone: 'mgmt' }),
        node('c', { addresses: ['192.0.2.12'], zone: 'storage', zonePinned: true }),
      ],
    };
    expect([...rezonedNodes(plan)]).toEqual([['a', 'mgmt']]);
  });

  it('never returns a zone that does not hold one of the addresses (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.ipV4(), { maxLength: 3 }), (addresses) => {
        const z = zoneForAddresses(addresses, zones);
        if (z === null) return true;
        return zones.some((zz) => zz.id === z);
      }),
    );
  });
});

describe('summariseEdge', () => {
  it('points arrows by the dominant direction and counts coalesced ports', () => {
    const plan = loadSample('distributed');
    const result = computeFlows(plan, getCatalog(plan.catalog));
    for (const c of plan.connections) {
      const s = summariseEdge(c, result.flows);
      const mine = result.flows.filter((f: Flow) => f.connection === c.id);
      expect(s.forward + s.backward).toBe(mine.length);
      if (s.direction === 'forward') expect(s.forward).toBeGreaterThan(s.backward);
      if (s.direction === 'backward') expect(s.backward).toBeGreaterThan(s.forward);
      if (mine.length > 0) expect(s.portCount).toBeGreaterThan(0);
    }
    const flow = (from: string, to: string, start: number, end = start): Flow =>
      ({
        id: `${from}${to}${start}`,
        connection: 'c',
        from,
        to,
        protocol: 'tcp',
        ports: { start, end },
      }) as Flow;
    const c = { id: 'c', from: 'a', to: 'b' };
    const s = summariseEdge(c, [flow('a', 'b', 443), flow('a', 'b', 444), flow('b', 'a', 10005)]);
    expect(s.direction).toBe('forward');
    expect(s.ports).toEqual(['→ tcp 443-444', '← tcp 10005']);
    expect(s.portCount).toBe(2);
    expect(summariseEdge(c, [flow('a', 'b', 1), flow('b', 'a', 2)]).direction).toBe('both');
    expect(summariseEdge(c, []).direction).toBe('none');
  });
});
