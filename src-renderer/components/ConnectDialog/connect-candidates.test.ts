// "Connect to…" candidates: search, order, and already-connected nodes.
import { describe, expect, it } from 'vitest';
import type { ComponentType } from '../../../src-core/catalog/types';
import type { Plan, PlanNode } from '../../../src-core/plan/types';
import { connectCandidates } from './connect-candidates';

function node(id: string, name: string, extra: Partial<PlanNode> = {}): PlanNode {
  return {
    id,
    type: 'worker',
    name,
    addresses: [],
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  };
}

const plan: Plan = {
  format: 'portolan-plan',
  version: 1,
  name: 'T',
  catalog: 'vbr12-pve',
  options: {},
  zones: [],
  nodes: [
    node('vbr', 'VBR01', { type: 'backup-server', addresses: ['192.0.2.10'] }),
    node('w2', 'Worker B', { addresses: ['192.0.2.22'] }),
    node('w1', 'Worker A', { hostname: 'wa.example.net' }),
    node('pve', 'PVE01', { type: 'pve-server' }),
  ],
  connections: [{ id: 'c1', from: 'pve', to: 'vbr' }],
};
const types = new Map<string, ComponentType>([
  ['worker', { id: 'worker', label: 'Worker' } as ComponentType],
  ['pve-server', { id: 'pve-server', label: 'Proxmox VE server' } as ComponentType],
]);

describe('connectCandidates', () => {
  it('lists the other nodes, connectable first, by name', () => {
    const list = connectCandidates(plan, 'vbr', '', types);
    expect(list.map((c) => c.id)).toEqual(['w1', 'w2', 'pve']);
    expect(list.find((c) => c.id === 'pve')?.connected).toBe(true);
    expect(list.find((c) => c.id === 'w1')?.detail).toBe('wa.example.net');
  });

  it('matches every word against name, hostname, address and type', () => {
    expect(connectCandidates(plan, 'vbr', 'worker b', types).map((c) => c.id)).toEqual(['w2']);
    expect(connectCandidates(plan, 'vbr', '192.0.2.22', types).map((c) => c.id)).toEqual(['w2']);
    expect(connectCandidates(plan, 'vbr', 'EXAMPLE', types).map((c) => c.id)).toEqual(['w1']);
    expect(connectCandidates(plan, 'vbr', 'proxmox', types).map((c) => c.id)).toEqual(['pve']);
    expect(connectCandidates(plan, 'vbr', 'nothing', types)).toEqual([]);
  });

  it('never offers the node itself', () => {
    expect(connectCandidates(plan, 'w1', 'worker', types).map((c) => c.id)).toEqual(['w2']);
  });
});
