// Test plans for the exporters: a small mixed plan (IPv4 + IPv6, missing address, internet endpoint).
import type { Plan, PlanNode } from '../../plan/types';

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
    zone: 'mgmt',
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  };
}

/**
 * Backup server, two workers (one IPv6-only), PVE, repository, update repository, guests. The
 * repository (restrict) receives from an IPv4, an IPv6-only and an address-less worker; the
 * Linux guest `lin` is allow-only by default.
 */
export function mixedPlan(): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'Fixture plan',
    catalog: 'vbr12-pve',
    options: {},
    zones: [
      { id: 'mgmt', name: 'Management', cidrs: ['192.0.2.0/24', '2001:db8::/64'] },
      { id: 'dmz', name: 'Guests', cidrs: ['198.51.100.0/24'] },
    ],
    nodes: [
      node('vbr', 'backup-server', ['192.0.2.10'], { hostname: 'vbr01.example.net' }),
      node('w1', 'worker', ['192.0.2.21'], { options: { vmid: 201 } }),
      node('w2', 'worker', ['2001:db8::22']),
      node('pve1', 'pve-server', ['192.0.2.30', '2001:db8::30']),
      node('repo', 'backup-repository', ['192.0.2.40'], { options: { os: 'linux' } }),
      node('upd', 'update-repository', [], { hostname: 'repository.veeam.com', zone: null }),
      node('lin', 'linux-guest', ['198.51.100.50'], { zone: 'dmz', options: { vmid: 150 } }),
      node('win', 'windows-guest', ['198.51.100.60'], {
        zone: 'dmz',
        options: { vmid: 160, windowsFirewall: 'custom' },
      }),
      node('gip', 'guest-interaction-proxy', ['198.51.100.70'], { zone: 'dmz' }),
      node('noaddr', 'worker', []),
    ],
    connections: [
      ['vbr', 'w1'],
      ['vbr', 'w2'],
      ['vbr', 'pve1'],
      ['w1', 'pve1'],
      ['w2', 'pve1'],
      ['w1', 'repo'],
      ['w2', 'repo'],
      ['w1', 'upd'],
      ['w2', 'upd'],
      ['vbr', 'lin'],
      ['vbr', 'gip'],
      ['gip', 'win'],
      ['noaddr', 'pve1'],
      ['noaddr', 'repo'],
      ['vbr', 'noaddr'],
    ].map(([from, to], i) => ({ id: `c${i + 1}`, from: from as string, to: to as string })),
  };
}
