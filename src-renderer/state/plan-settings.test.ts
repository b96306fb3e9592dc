// Plan settings edits: edition switching (refused with the nodes named) and option setting.
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../../src-core/catalog/registry';
import { getExporter } from '../../src-core/export/index';
import { computeFlows } from '../../src-core/flows/engine';
import type { Plan, PlanNode } from '../../src-core/plan/types';
import {
  editionProblems,
  isBooleanOption,
  setNodeOption,
  setPlanOption,
  switchEdition,
} from './plan-settings';

const vbr12 = getCatalog('vbr12-pve');
const vbr13 = getCatalog('vbr13-pve');

const node = (id: string, type: string, extra: Partial<PlanNode> = {}): PlanNode => ({
  id,
  type,
  name: id.toUpperCase(),
  addresses: [],
  extraRoles: [],
  options: {},
  position: { x: 0, y: 0 },
  ...extra,
});

const plan = (catalog: string, nodes: PlanNode[], options: Record<string, unknown> = {}): Plan => ({
  format: 'portolan-plan',
  version: 1,
  name: 'Settings',
  catalog,
  options,
  zones: [],
  nodes,
  connections: [],
});

describe('switchEdition', () => {
  it('moves a plan whose types and roles exist in the target, keeping everything else', () => {
    const p = plan('vbr12-pve', [
      node('vbr', 'backup-server', { extraRoles: ['guest-interaction-proxy'] }),
      node('win', 'windows-guest', { options: { windowsFirewall: 'custom' } }),
    ]);
    const r = switchEdition(p, vbr13);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.catalog).toBe('vbr13-pve');
    expect(r.plan.nodes).toBe(p.nodes);
    expect(r.plan.options).toBe(p.options);
    expect(p.catalog).toBe('vbr12-pve'); // the input is not mutated
  });

  it('returns the same plan for the edition it already names', () => {
    const p = plan('vbr13-pve', []);
    const r = switchEdition(p, vbr13);
    expect(r.ok && r.plan).toBe(p);
  });

  it('refuses when a node type or extra role is missing, naming the nodes', () => {
    const p = plan('vbr13-pve', [
      node('ntp', 'ntp-server', { name: 'NTP01' }),
      node('vbr', 'backup-server', { extraRoles: ['ntp-server', 'guest-interaction-proxy'] }),
      node('w1', 'worker'),
    ]);
    expect(editionProblems(p, vbr12)).toEqual([
      { node: 'ntp', name: 'NTP01', missing: ['type "ntp-server"'] },
      { node: 'vbr', name: 'VBR', missing: ['extra role "ntp-server"'] },
    ]);
    const r = switchEdition(p, vbr12);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('vbr12-pve');
    expect(r.message).toContain('NTP01 (type "ntp-server")');
    expect(r.message).toContain('VBR (extra role "ntp-server")');
    expect(r.message).not.toContain('W1');
  });

  it('names at most five nodes and counts the rest', () => {
    const nodes = Array.from({ length: 8 }, (_, i) => node(`n${i}`, 'ntp-server'));
    const r = switchEdition(plan('vbr13-pve', nodes), vbr12);
    expect(!r.ok && r.message).toContain('N4 (type "ntp-server") and 3 more');
    expect(!r.ok && r.message).not.toContain('N5 ');
  });
});

describe('option edits', () => {
  it('sets a plan option, and unsets it when the default is chosen', () => {
    const p = plan('vbr13-pve', []);
    const agent = setPlanOption(p, vbr13, 'guestProcessing', 'persistent-agent');
    expect(agent.options).toEqual({ guestProcessing: 'persistent-agent' });
    const back = setPlanOption(agent, vbr13, 'guestProcessing', 'runtime');
    expect(back.options).toEqual({});
    expect(setPlanOption(p, vbr13, 'guestProcessing', 'runtime')).toBe(p); // no change
    expect(setPlanOption(p, vbr13, 'legacySmb', true).options).toEqual({ legacySmb: true });
    expect(() => setPlanOption(p, vbr12, 'guestProcessing', 'runtime')).toThrow(/declares no/);
  });

  it('sets a node option and changes the flows the engine computes', () => {
    const p: Plan = {
      ...plan('vbr12-pve', [node('gip', 'guest-interaction-proxy'), node('win', 'windows-guest')]),
      connections: [{ id: 'c1', from: 'gip', to: 'win' }],
    };
    const rpc = (q: Plan) =>
      computeFlows(q, vbr12).flows.filter((f) => f.ports.start === 49152).length;
    expect(rpc(p)).toBe(0);
    const custom = setNodeOption(p, vbr12, 'win', 'windowsFirewall', 'custom');
    expect(custom.nodes[1]?.options).toEqual({ windowsFirewall: 'custom' });
    expect(custom.nodes[0]).toBe(p.nodes[0]);
    expect(rpc(custom)).toBe(1);
    const reset = setNodeOption(custom, vbr12, 'win', 'windowsFirewall', 'default');
    expect(reset.nodes[1]?.options).toEqual({});
    expect(rpc(reset)).toBe(0);
  });

  it('uses the type OS as the default of os, and keeps other node options', () => {
    const p = plan('vbr13-pve', [
      node('gip', 'guest-interaction-proxy', { options: { vmid: 120, os: 'linux' } }),
    ]);
    const win = setNodeOption(p, vbr13, 'gip', 'os', 'windows');
    expect(win.nodes[0]?.options).toEqual({ vmid: 120 }); // windows is the proxy's default
    expect(setNodeOption(win, vbr13, 'gip', 'os', undefined)).toBe(win);
  });

  it('firewallPolicy: the default follows the node roles; choosing it removes the key', () => {
    const p: Plan = {
      ...plan('vbr13-pve', [
        node('w1', 'worker', { addresses: ['192.0.2.21'] }),
        node('lin', 'linux-guest', { addresses: ['192.0.2.31'] }),
        node('vbr', 'backup-server', { extraRoles: ['backup-repository'] }),
        node('gip', 'guest-interaction-proxy', { addresses: ['192.0.2.41'] }),
      ]),
      connections: [{ id: 'c1', from: 'gip', to: 'lin' }],
    };
    // A worker defaults to restrict: choosing it stores nothing, allow-only is stored.
    expect(setNodeOption(p, vbr13, 'w1', 'firewallPolicy', 'restrict')).toBe(p);
    const open = setNodeOption(p, vbr13, 'w1', 'firewallPolicy', 'allow-only');
    expect(open.nodes[0]?.options).toEqual({ firewallPolicy: 'allow-only' });
    expect(
      setNodeOption(open, vbr13, 'w1', 'firewallPolicy', 'restrict').nodes[0]?.options,
    ).toEqual({});
    // An all-in-one backup server is also a repository, yet its first matching role keeps allow-only.
    expect(setNodeOption(p, vbr13, 'vbr', 'firewallPolicy', 'allow-only')).toBe(p);
    expect(setNodeOption(p, vbr13, 'vbr', 'firewallPolicy', 'restrict').nodes[2]?.options).toEqual({
      firewallPolicy: 'restrict',
    });
    // A Linux guest set to restrict gets a whole-policy nftables file instead of a chain to jump to.
    const nft = (q: Plan) => {
      const out = getExporter('nftables')!.render({
        plan: q,
        catalog: vbr13,
        result: computeFlows(q, vbr13),
        options: {},
      });
      return out.files.find((f) => f.node === 'lin')?.content ?? '';
    };
    expect(nft(p)).toContain('chain portolan_in {');
    expect(nft(p)).not.toContain('policy drop');
    const restricted = setNodeOption(p, vbr13, 'lin', 'firewallPolicy', 'restrict');
    expect(restricted.nodes[1]?.options).toEqual({ firewallPolicy: 'restrict' });
    expect(nft(restricted)).toContain(
      'Inbound policy: restrict (set by the node option firewallPolicy).',
    );
    expect(nft(restricted)).toContain('type filter hook input priority filter; policy drop;');
  });

  it('treats exactly-yes/no options as booleans', () => {
    const def = (id: string) => vbr13.options!.find((o) => o.id === id)!;
    expect(isBooleanOption(def('legacySmb'))).toBe(true);
    expect(isBooleanOption(def('guestProcessing'))).toBe(false);
  });
});
