// Tests of the synthetic plan generator: valid, deterministic, realistic mix, warnings only where planted.
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../catalog/registry';
import { computeFlows } from '../flows/engine';
import { parsePlanText } from '../plan/restore';
import { serializePlan } from '../plan/serialize';
import { networkContains, parseAddress, parseCidr } from '../util/ip';
import { MIN_SYNTHETIC_NODES, generateSyntheticPlan, mulberry32, roleMix } from './synthetic-plan';

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generateSyntheticPlan', () => {
  it.each([10, 100, 1000])(
    'a %i-node plan passes restorePlan and keeps exactly that many nodes',
    (n) => {
      const plan = generateSyntheticPlan({ nodes: n, seed: 3 });
      expect(plan.nodes).toHaveLength(n);
      const restored = parsePlanText(serializePlan(plan));
      if (!restored.ok) throw new Error(JSON.stringify(restored.errors.slice(0, 5)));
      expect(serializePlan(restored.plan)).toBe(serializePlan(plan));
    },
  );

  it('is deterministic: same seed same bytes, another seed another plan', () => {
    const one = serializePlan(generateSyntheticPlan({ nodes: 300, seed: 11 }));
    expect(serializePlan(generateSyntheticPlan({ nodes: 300, seed: 11 }))).toBe(one);
    expect(serializePlan(generateSyntheticPlan({ nodes: 300, seed: 12 }))).not.toBe(one);
  });

  it.each([100, 1000, 5000])('%i nodes: about four connections per node', (n) => {
    const plan = generateSyntheticPlan({ nodes: n, seed: 1 });
    const ratio = plan.connections.length / plan.nodes.length;
    expect(ratio).toBeGreaterThan(3.6);
    expect(ratio).toBeLessThan(4.4);
  });

  it('has the role mix of a deployment and about four connections per node', () => {
    const plan = generateSyntheticPlan({ nodes: 1000, seed: 1 });
    const types = new Set(plan.nodes.map((n) => n.type));
    for (const t of getCatalog('vbr12-pve').componentTypes) expect(types).toContain(t.id);
    const ratio = plan.connections.length / plan.nodes.length;
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(4.5);
    const mix = roleMix(1000);
    expect(plan.nodes.filter((n) => n.type === 'pve-server')).toHaveLength(mix.pveServers);
    expect(plan.nodes.filter((n) => n.type === 'worker')).toHaveLength(mix.workers);
    const ids = new Set(plan.connections.map((c) => c.id));
    expect(ids.size).toBe(plan.connections.length);
    const pairs = new Set(plan.connections.map((c) => [c.from, c.to].sort().join(' ')));
    expect(pairs.size).toBe(plan.connections.length);
  });

  it('without planted defects: every address inside its zone, unique, and no warning', () => {
    const plan = generateSyntheticPlan({ nodes: 1000, seed: 5, defects: false });
    const zones = new Map(plan.zones.map((z) => [z.id, z.cidrs.map((c) => parseCidr(c)!)]));
    const seen = new Set<string>();
    for (const node of plan.nodes) {
      const address = parseAddress(node.addresses[0]!)!;
      expect(zones.get(node.zone!)!.some((c) => networkContains(c, address))).toBe(true);
      expect(seen.has(address.canonical)).toBe(false);
      seen.add(address.canonical);
    }
    const result = computeFlows(plan, getCatalog('vbr12-pve'));
    expect(result.warnings).toEqual([]);
    expect(result.flows.length).toBeGreaterThan(plan.connections.length);
  });

  it('with defects: validation finds exactly the planted kinds', () => {
    const plan = generateSyntheticPlan({ nodes: 1000, seed: 5 });
    const codes = new Set(computeFlows(plan, getCatalog('vbr12-pve')).warnings.map((w) => w.code));
    expect([...codes].sort()).toEqual([
      'connection-not-covered',
      'duplicate-address',
      'outside-zone',
    ]);
  });

  it('refuses sizes below the minimum', () => {
    expect(() => generateSyntheticPlan({ nodes: MIN_SYNTHETIC_NODES - 1 })).toThrow(RangeError);
    expect(() => generateSyntheticPlan({ nodes: 10.5 })).toThrow(RangeError);
  });

  it('works for the later catalog edition too', () => {
    const plan = generateSyntheticPlan({ nodes: 100, seed: 2, catalog: 'vbr13-pve' });
    expect(parsePlanText(serializePlan(plan)).ok).toBe(true);
    expect(computeFlows(plan, getCatalog('vbr13-pve')).flows.length).toBeGreaterThan(0);
  });
});
