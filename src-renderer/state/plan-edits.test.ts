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
  removeElements,
  removeZone,
} from './plan-edits';

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
