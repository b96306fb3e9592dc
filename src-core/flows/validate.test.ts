// Validation warnings: one small plan per warning code, with codes, node ids and messages.
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../catalog/registry';
import type { Plan, PlanNode, PlanZone } from '../plan/types';
import { computeFlows } from './engine';
import type { PlanWarning } from './types';

const catalog = getCatalog('vbr12-pve');

function node(
  id: string,
  type: string,
  addresses: string[],
  extra: Partial<PlanNode> = {},
): PlanNode {
  return {
    id,
    type,
    name: id.toUpperCase(),
    addresses,
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  };
}

function warnings(
  nodes: PlanNode[],
  pairs: [string, string][],
  zones: PlanZone[] = [],
): PlanWarning[] {
  const plan: Plan = {
    format: 'portolan-plan',
    version: 1,
    name: 'test',
    catalog: 'vbr12-pve',
    options: {},
    zones,
    nodes,
    connections: pairs.map(([from, to], i) => ({ id: `c${i + 1}`, from, to })),
  };
  return [...computeFlows(plan, catalog).warnings];
}

/** A worker with everything it needs, so other tests only see the warning they provoke. */
const site = () => [
  node('vbr', 'backup-server', ['192.0.2.10']),
  node('pve', 'pve-server', ['192.0.2.20']),
  node('repo', 'backup-repository', ['192.0.2.30']),
  node('w1', 'worker', ['192.0.2.40']),
];
const siteLinks: [string, string][] = [
  ['vbr', 'w1'],
  ['w1', 'pve'],
  ['w1', 'repo'],
  ['vbr', 'pve'],
];

describe('validation warnings', () => {
  it('has none for a complete site', () => {
    expect(warnings(site(), siteLinks)).toEqual([]);
  });

  it('flags a worker without Proxmox VE server, backup server and repository', () => {
    expect(warnings([node('w1', 'worker', ['192.0.2.40'])], [])).toEqual([
      {
        code: 'worker-without-pve',
        message:
          'Worker W1 is not connected to any Proxmox VE server: it has no host to process VMs on',
        nodes: ['w1'],
      },
      {
        code: 'worker-without-backup-server',
        message: 'Worker W1 is not connected to any backup server: nothing controls it',
        nodes: ['w1'],
      },
      {
        code: 'worker-without-repository',
        message:
          'Worker W1 is not connected to any backup repository or gateway server: it has nowhere to write backups',
        nodes: ['w1'],
      },
    ]);
  });

  it('counts an all-in-one backup server as the worker’s repository', () => {
    const nodes = [
      node('vbr', 'backup-server', ['192.0.2.10'], { extraRoles: ['backup-repository'] }),
      node('pve', 'pve-server', ['192.0.2.20']),
      node('w1', 'worker', ['192.0.2.40']),
    ];
    expect(
      warnings(nodes, [
        ['vbr', 'w1'],
        ['w1', 'pve'],
      ]),
    ).toEqual([]);
  });

  it('flags Windows guests (including SQL Server) without a guest interaction proxy', () => {
    const found = warnings(
      [
        ...site(),
        node('sql', 'mssql-guest', ['192.0.2.50']),
        node('lin', 'linux-guest', ['192.0.2.60']),
      ],
      [...siteLinks, ['sql', 'repo'], ['vbr', 'lin']],
    );
    expect(found.map((w) => [w.code, w.nodes])).toEqual([['windows-guest-without-proxy', ['sql']]]);
    expect(found[0]!.message).toBe(
      'Windows guest SQL is not connected to any guest interaction proxy: application-aware processing needs one',
    );
  });

  it('flags a connection no rule covers', () => {
    const found = warnings(
      [...site(), node('w2', 'worker', ['192.0.2.41'])],
      [...siteLinks, ['w2', 'w1'], ['w2', 'vbr'], ['w2', 'pve'], ['w2', 'repo']],
    );
    expect(found).toEqual([
      {
        code: 'connection-not-covered',
        message:
          'No catalog rule covers the connection between W1 and W2; it yields no flow. If the site needs traffic here, add a custom flow with its justification.',
        nodes: ['w1', 'w2'],
        connections: ['c5'],
      },
    ]);
  });

  it('under 12.x, backup server → repository names the edition that has the rule and the custom-flow way out', () => {
    const found = warnings(
      [
        node('vbr', 'backup-server', ['192.0.2.10']),
        node('repo', 'backup-repository', ['192.0.2.20']),
      ],
      [['vbr', 'repo']],
    ).filter((w) => w.code === 'connection-not-covered');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(
      'No catalog rule covers the connection between REPO and VBR; it yields no flow. Edition vbr13-pve publishes a rule for it; under vbr12-pve, add a custom flow for the ports the site needs.',
    );
  });

  it('flags a node without address only when it has network flows', () => {
    const nodes = site();
    nodes[2] = node('repo', 'backup-repository', [], { hostname: 'repo.example.net' });
    const found = warnings([...nodes, node('idle', 'linux-guest', [])], siteLinks);
    expect(found).toEqual([
      {
        code: 'missing-address',
        message:
          'REPO has no IP address (its host name repo.example.net is not an address); firewall rules for its flows cannot name it',
        nodes: ['repo'],
      },
    ]);
  });

  it('flags duplicate addresses, comparing canonical forms', () => {
    const nodes = site();
    nodes[1] = node('pve', 'pve-server', ['2001:db8:0:0::1']);
    nodes[2] = node('repo', 'backup-repository', ['2001:DB8::1']);
    expect(warnings(nodes, siteLinks)).toEqual([
      {
        code: 'duplicate-address',
        message: 'Address 2001:db8::1 is used by PVE, REPO',
        nodes: ['pve', 'repo'],
      },
    ]);
  });

  it('flags addresses outside the node’s zone and unknown zones', () => {
    const zones: PlanZone[] = [
      { id: 'mgmt', name: 'Management', cidrs: ['192.0.2.0/25', '2001:db8::/64'] },
    ];
    const nodes = site().map((n) => ({ ...n, zone: 'mgmt' }));
    nodes[1] = { ...nodes[1]!, addresses: ['192.0.2.200', '2001:db8::5'] };
    nodes[2] = { ...nodes[2]!, addresses: ['192.0.2.0/24'] };
    nodes[3] = { ...nodes[3]!, zone: 'dmz' };
    expect(warnings(nodes, siteLinks, zones)).toEqual([
      {
        code: 'unknown-zone',
        message: 'W1 is in zone "dmz", which the plan does not define',
        nodes: ['w1'],
      },
      {
        code: 'address-is-network',
        message:
          'REPO address 192.0.2.0/24 is a whole network (256 addresses): every firewall rule for this node allows or targets all of it',
        nodes: ['repo'],
      },
      {
        code: 'outside-zone',
        message: 'PVE address 192.0.2.200 is outside zone Management (192.0.2.0/25, 2001:db8::/64)',
        nodes: ['pve'],
      },
      {
        code: 'outside-zone',
        message:
          'REPO address 192.0.2.0/24 is outside zone Management (192.0.2.0/25, 2001:db8::/64)',
        nodes: ['repo'],
      },
    ]);
  });

  it('flags an address that is a network, naming the network a host address with a prefix widens to', () => {
    const nodes = site();
    nodes[1] = node('pve', 'pve-server', ['192.0.2.20/24']);
    nodes[2] = node('repo', 'backup-repository', ['2001:db8::7/64', '192.0.2.30/32']);
    expect(warnings(nodes, siteLinks)).toEqual([
      {
        code: 'address-is-network',
        message:
          'PVE address 192.0.2.20/24 is not one host: firewall rules will cover its whole network 192.0.2.0/24 (256 addresses); write 192.0.2.20 for the host alone',
        nodes: ['pve'],
      },
      {
        code: 'address-is-network',
        message:
          'REPO address 2001:db8::7/64 is not one host: firewall rules will cover its whole network 2001:db8::/64 (2^64 addresses); write 2001:db8::7 for the host alone',
        nodes: ['repo'],
      },
    ]);
  });

  it('flags port overrides of unknown services or with bad ports', () => {
    const nodes = site();
    nodes[3] = node('w1', 'worker', ['192.0.2.40'], {
      options: { portOverrides: { smtp: '25', 'data-mover': '9-1' } },
    });
    expect(warnings(nodes, siteLinks).map((w) => w.message)).toEqual([
      'Port override on W1 for data-mover is not a port or range ("N" or "N-M", 1-65535): "9-1"; the catalog ports are used',
      'Port override on W1 names unknown service "smtp"; the catalog ports are used',
    ]);
  });
});
