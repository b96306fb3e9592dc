// Unit tests of the editor's pure plan edits and field validation.
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../../src-core/index';
import type { Plan } from '../../src-core/plan/types';
import {
  validateAddresses,
  validateCidrs,
  validateHostname,
  validatePortOverride,
} from './field-validation';
import {
  addConnection,
  addNode,
  addZone,
  assignZone,
  connectionRefusal,
  extractFragment,
  insertFragment,
  moveNodes,
  applyLayout,
  removeElements,
  removeZone,
  updateNode,
  updateZone,
  moveWithDrop,
} from './plan-edits';
import { boxContains, boxesIntersect, zoneFrames } from '../../src-core/layout/geometry';

const catalog = getCatalog('vbr12-pve');
const empty: Plan = {
  format: 'portolan-plan',
  version: 1,
  name: 'T',
  catalog: 'vbr12-pve',
  options: {},
  zones: [],
  nodes: [],
  connections: [],
};

describe('plan edits', () => {
  it('adds nodes with unique ids, default names and snapped positions', () => {
    const a = addNode(empty, catalog, 'worker', { x: 13, y: 29 });
    const b = addNode(a.plan, catalog, 'worker', { x: 0, y: 0 });
    expect(a.id).toBe('worker-1');
    expect(b.id).toBe('worker-2');
    expect(b.plan.nodes.map((n) => n.name)).toEqual(['Worker 1', 'Worker 2']);
    expect(a.plan.nodes[0]!.position).toEqual({ x: 20, y: 20 });
    expect(() => addNode(empty, catalog, 'nope', { x: 0, y: 0 })).toThrow(/Unknown component type/);
  });

  it('refuses self and duplicate connections in either direction', () => {
    let p = addNode(empty, catalog, 'worker', { x: 0, y: 0 }).plan;
    p = addNode(p, catalog, 'pve-server', { x: 0, y: 0 }).plan;
    expect(connectionRefusal(p, 'worker-1', 'worker-1')).toMatch(/itself/);
    const c = addConnection(p, 'worker-1', 'pve-server-1');
    expect(connectionRefusal(c.plan, 'pve-server-1', 'worker-1')).toMatch(/already connected/);
    expect(() => addConnection(c.plan, 'worker-1', 'pve-server-1')).toThrow();
  });

  it('removing a node removes its connections; no-op edits return the same plan', () => {
    let p = addNode(empty, catalog, 'worker', { x: 0, y: 0 }).plan;
    p = addNode(p, catalog, 'pve-server', { x: 0, y: 0 }).plan;
    p = addConnection(p, 'worker-1', 'pve-server-1').plan;
    const q = removeElements(p, new Set(['worker-1']), new Set());
    expect(q.nodes.map((n) => n.id)).toEqual(['pve-server-1']);
    expect(q.connections).toEqual([]);
    expect(removeElements(p, new Set(), new Set())).toBe(p);
    expect(moveNodes(p, new Map([['worker-1', { x: 1, y: -2 }]]))).toBe(p);
  });

  it('pastes fragments with fresh ids and internal connections only', () => {
    let p = addNode(empty, catalog, 'worker', { x: 0, y: 0 }).plan;
    p = addNode(p, catalog, 'pve-server', { x: 200, y: 0 }).plan;
    p = addConnection(p, 'worker-1', 'pve-server-1').plan;
    const frag = extractFragment(p, new Set(['worker-1', 'pve-server-1']));
    const r = insertFragment(p, frag, { x: 40, y: 40 });
    expect(r.nodeIds).toEqual(['worker-2', 'pve-server-2']);
    expect(r.plan.connections.at(-1)).toMatchObject({ from: 'worker-2', to: 'pve-server-2' });
    expect(new Set(r.plan.nodes.map((n) => n.name)).size).toBe(4);
  });

  it('zones: add, assign, remove leaves nodes in no zone', () => {
    let p = addNode(empty, catalog, 'worker', { x: 0, y: 0 }).plan;
    const z = addZone(p);
    p = assignZone(z.plan, new Set(['worker-1']), z.id);
    expect(p.nodes[0]!.zone).toBe(z.id);
    p = removeZone(p, z.id);
    expect(p.zones).toEqual([]);
    expect(p.nodes[0]!.zone).toBeNull();
  });
});

describe('field validation (src-core parsers)', () => {
  it('refuses invalid addresses with the reason and canonicalises valid ones', () => {
    const bad = validateAddresses('192.0.2.1\n300.1.1.1');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('300.1.1.1');
    expect(validateAddresses('192.0.2.1, 2001:DB8::1 192.0.2.0/24 192.0.2.1')).toEqual({
      ok: true,
      value: ['192.0.2.1', '2001:db8::1', '192.0.2.0/24'],
    });
  });

  it('validates host names, CIDRs and port overrides', () => {
    expect(validateHostname('bad_name').ok).toBe(false);
    expect(validateHostname('')).toEqual({ ok: true, value: undefined });
    expect(validateCidrs('10.0.0.0/33').ok).toBe(false);
    expect(validateCidrs('192.0.2.1').ok).toBe(false);
    expect(validatePortOverride('2500 - 2600')).toEqual({ ok: true, value: '2500-2600' });
    expect(validatePortOverride('70000').ok).toBe(false);
  });
});

describe('zones that contain', () => {
  const zoned: Plan = {
    ...empty,
    zones: [
      { id: 'mgmt', name: 'Management', cidrs: ['192.0.2.0/24'] },
      { id: 'dmz', name: 'DMZ', cidrs: ['198.51.100.0/24'] },
    ],
    nodes: [
      {
        id: 'm1',
        type: 'worker',
        name: 'M1',
        addresses: ['192.0.2.5'],
        zone: 'mgmt',
        extraRoles: [],
        options: {},
        position: { x: 0, y: 0 },
      },
      {
        id: 'd1',
        type: 'worker',
        name: 'D1',
        addresses: ['198.51.100.5'],
        zone: 'dmz',
        extraRoles: [],
        options: {},
        position: { x: 0, y: 400 },
      },
      {
        id: 'x',
        type: 'worker',
        name: 'X',
        addresses: [],
        zone: null,
        extraRoles: [],
        options: {},
        position: { x: 1200, y: 1200 },
      },
    ],
  };
  const node = (p: Plan, id: string) => p.nodes.find((n) => n.id === id)!;
  const frame = (p: Plan, zone: string) => zoneFrames(p).find((f) => f.zone === zone)!;
  const centre = (p: Plan, id: string) => ({
    x: node(p, id).position.x + 100,
    y: node(p, id).position.y + 32,
  });

  it('puts a node in the zone its new address lies in, and into that frame', () => {
    const p = updateNode(zoned, 'x', { addresses: ['198.51.100.9'] });
    expect(node(p, 'x').zone).toBe('dmz');
    expect(node(p, 'x').zonePinned).toBeUndefined();
    expect(boxContains(frame(p, 'dmz'), centre(p, 'x'))).toBe(true);
    expect(boxesIntersect(frame(p, 'dmz'), frame(p, 'mgmt'))).toBe(false);
  });

  it('keeps a zone chosen by hand when the address changes', () => {
    const p1 = updateNode(zoned, 'x', { zone: 'mgmt' });
    expect(node(p1, 'x').zonePinned).toBe(true);
    expect(boxContains(frame(p1, 'mgmt'), centre(p1, 'x'))).toBe(true);
    const p2 = updateNode(p1, 'x', { addresses: ['198.51.100.9'] });
    expect(node(p2, 'x').zone).toBe('mgmt');
    // Unpinning makes it follow its address again.
    const p3 = updateNode(p2, 'x', { zonePinned: false });
    expect(node(p3, 'x').zone).toBe('dmz');
    expect(node(p3, 'x').zonePinned).toBeUndefined();
  });

  it('pins a zone the address does not give; re-choosing the same zone changes nothing', () => {
    const p = updateNode(updateNode(zoned, 'x', { addresses: ['203.0.113.1'] }), 'x', {
      zone: 'mgmt',
    });
    expect(node(p, 'x').zonePinned).toBe(true);
    const q = updateNode(zoned, 'm1', { zone: 'mgmt' });
    expect(q).toBe(zoned);
  });

  it('assigns by drop into a frame, pinned when the address disagrees', () => {
    const inMgmt = frame(zoned, 'mgmt');
    const r = moveWithDrop(zoned, new Map([['x', { x: inMgmt.x + 20, y: inMgmt.y + 40 }]]));
    expect([...r.joined]).toEqual([['x', 'mgmt']]);
    expect(node(r.plan, 'x').zone).toBe('mgmt');
    expect(node(r.plan, 'x').zonePinned).toBe(true);
    const outside = moveWithDrop(zoned, new Map([['x', { x: 1400, y: 1400 }]]));
    expect(outside.joined.size).toBe(0);
    expect(node(outside.plan, 'x').zone).toBeNull();
    // An empty zone's frame, as drawn before the drag, takes a node dropped into it.
    const withEmpty: Plan = {
      ...zoned,
      zones: [...zoned.zones, { id: 'new', name: 'New', cidrs: [] }],
    };
    const empty = zoneFrames(withEmpty).find((f) => f.zone === 'new')!;
    expect(empty.empty).toBe(true);
    const intoEmpty = moveWithDrop(
      withEmpty,
      new Map([['x', { x: empty.x + 20, y: empty.y + 50 }]]),
    );
    expect([...intoEmpty.joined]).toEqual([['x', 'new']]);
  });

  it('moves nodes assigned from a menu into the frame', () => {
    const p = assignZone(zoned, new Set(['x']), 'dmz');
    expect(boxContains(frame(p, 'dmz'), centre(p, 'x'))).toBe(true);
    expect(node(p, 'x').zonePinned).toBe(true);
  });

  it('new zone networks pull the nodes that follow their address', () => {
    const p0 = updateNode(zoned, 'x', { addresses: ['203.0.113.7'] });
    expect(node(p0, 'x').zone).toBeNull();
    const p1 = updateZone(p0, 'dmz', { cidrs: ['198.51.100.0/24', '203.0.113.0/24'] });
    expect(node(p1, 'x').zone).toBe('dmz');
  });

  it('drops bends of moved nodes and applies a layout in one edit', () => {
    const withBends: Plan = {
      ...zoned,
      connections: [{ id: 'c1', from: 'm1', to: 'd1', bends: [{ x: 1, y: 2 }] }],
    };
    expect(moveNodes(withBends, new Map([['x', { x: 0, y: 800 }]])).connections[0]!.bends).toEqual([
      { x: 1, y: 2 },
    ]);
    expect(
      moveNodes(withBends, new Map([['m1', { x: 40, y: 0 }]])).connections[0]!.bends,
    ).toBeUndefined();
    const laid = applyLayout(withBends, {
      positions: new Map([['m1', { x: 100, y: 100 }]]),
      bends: new Map([['c1', [{ x: 5, y: 5 }]]]),
    });
    expect(laid.connections[0]!.bends).toEqual([{ x: 5, y: 5 }]);
    expect(node(laid, 'm1').position).toEqual({ x: 100, y: 100 });
  });
});
