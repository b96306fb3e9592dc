// Seeded generator of realistic synthetic plans (benchmark and scale tests): same seed, same plan.
import type { Plan, PlanConnection, PlanNode, PlanZone } from '../plan/types';

/** What to generate. */
export interface SyntheticPlanOptions {
  /** Exact number of nodes (at least 8: the smallest plan holds one of each infrastructure role). */
  readonly nodes: number;
  /** PRNG seed; the same seed and size give the same plan, byte for byte once serialized. */
  readonly seed?: number;
  /** Target connections per node; extra redundant links are added up to it (default 4). */
  readonly connectionsPerNode?: number;
  /** Catalog edition to name (default "vbr12-pve"; both editions share the component types). */
  readonly catalog?: string;
  /**
   * Plant the mistakes a real plan carries at a low rate (duplicate address, address outside its
   * zone, a connection no rule covers), so validation is measured doing real work. Default true.
   */
  readonly defects?: boolean;
}

/** How many nodes of each kind a plan of `total` nodes has (guests fill the rest). */
export interface RoleMix {
  readonly backupServers: number;
  readonly flrHelpers: number;
  readonly pveServers: number;
  readonly workers: number;
  readonly repositories: number;
  readonly proxies: number;
  readonly logShipping: number;
  readonly updateRepositories: number;
  readonly guests: number;
}

/** Smallest plan the generator makes: one node of each infrastructure role plus one guest. */
export const MIN_SYNTHETIC_NODES = 8;

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Proportions of a real deployment: about 40 guests per Proxmox VE server, a worker per server,
 * a repository per 250 nodes, a guest interaction proxy per 200, a log shipping server per 500,
 * a backup server per 2 500, one update repository.
 */
export function roleMix(total: number): RoleMix {
  if (!Number.isInteger(total) || total < MIN_SYNTHETIC_NODES) {
    throw new RangeError(
      `a synthetic plan needs an integer of at least ${MIN_SYNTHETIC_NODES} nodes`,
    );
  }
  const backupServers = Math.max(1, Math.floor(total / 2500));
  const pveServers = Math.max(1, Math.round(total / 40));
  const mix = {
    backupServers,
    flrHelpers: total >= 100 ? backupServers : 0,
    pveServers,
    workers: pveServers,
    // From 100 nodes up, redundancy (two of each) keeps about four connections per node.
    repositories: Math.max(total >= 100 ? 2 : 1, Math.round(total / 250)),
    // Two proxies from 100 nodes up: guests get a redundant one.
    proxies: Math.max(total >= 100 ? 2 : 1, Math.round(total / 200)),
    logShipping: Math.max(total >= 100 ? 2 : 1, Math.round(total / 500)),
    updateRepositories: 1,
  };
  const infra = Object.values(mix).reduce((a, b) => a + b, 0);
  return { ...mix, guests: total - infra };
}

/** Guest types and their share of the guests. */
const GUEST_TYPES: readonly (readonly [string, number])[] = [
  ['linux-guest', 0.35],
  ['windows-guest', 0.25],
  ['mssql-guest', 0.12],
  ['postgresql-guest', 0.16],
  ['oracle-windows-guest', 0.06],
  ['oracle-linux-guest', 0.06],
];

/** Guest types with application-aware log backup (log shipping, repository, database rules). */
const DATABASE_GUESTS = new Set([
  'mssql-guest',
  'postgresql-guest',
  'oracle-windows-guest',
  'oracle-linux-guest',
]);

/** Guest types the backup server reaches directly (Linux-side rules of the catalog). */
const BACKUP_SERVER_GUESTS = new Set([
  'linux-guest',
  'postgresql-guest',
  'oracle-linux-guest',
  'oracle-windows-guest',
]);

const ZONE_COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#14b8a6'];

/** Proxmox VE servers per cluster: a worker may process VMs on every host of its cluster. */
const CLUSTER_SIZE = 4;
/** Guests per application zone (one /16 each). */
const GUESTS_PER_ZONE = 400;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * A plan with the role mix of a real deployment (see `roleMix`), zones with CIDRs and an address
 * inside them for every node, about `connectionsPerNode` connections per node, all of them
 * covered by catalog rules except the planted defects. Addresses come from 10.0.0.0/8: synthetic
 * plans are never applied to a network. Passes `restorePlan`.
 */
export function generateSyntheticPlan(options: SyntheticPlanOptions): Plan {
  const total = options.nodes;
  const mix = roleMix(total);
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const defects = options.defects ?? true;
  const width = String(total).length;

  const zones: PlanZone[] = [];
  const zoneHosts = new Map<string, number>();
  const addZone = (id: string, name: string): PlanZone => {
    const index = zones.length + 1;
    const zone = {
      id,
      name,
      cidrs: [`10.${index}.0.0/16`],
      color: ZONE_COLORS[(index - 1) % ZONE_COLORS.length]!,
    };
    zones.push(zone);
    zoneHosts.set(id, 0);
    return zone;
  };
  /** Next free host address of a zone (skips .0 and .255 of every /24 for realism). */
  const nextAddress = (zone: PlanZone): string => {
    const n = zoneHosts.get(zone.id)!;
    zoneHosts.set(zone.id, n + 1);
    const index = Number(zone.cidrs[0]!.split('.')[1]);
    return `10.${index}.${Math.floor(n / 254)}.${(n % 254) + 1}`;
  };

  const mgmt = addZone('mgmt', 'Management');
  const storage = addZone('storage', 'Backup storage');
  const virt = addZone('virt', 'Virtualisation');
  const vendor = addZone('vendor', 'Vendor update service');
  const appZoneCount = Math.max(1, Math.ceil(mix.guests / GUESTS_PER_ZONE));
  const appZones: PlanZone[] = [];
  for (let i = 1; i <= appZoneCount; i++) {
    appZones.push(addZone(`apps${pad(i, 2)}`, `Application servers ${i}`));
  }

  const nodes: PlanNode[] = [];
  let vmid = 100;
  const addNode = (
    prefix: string,
    count: number,
    type: string,
    zone: PlanZone,
    column: number,
    extra: (i: number) => Partial<PlanNode> = () => ({}),
  ): PlanNode[] => {
    const made: PlanNode[] = [];
    for (let i = 1; i <= count; i++) {
      const id = `${prefix}${pad(i, width)}`;
      const node: PlanNode = {
        id,
        type,
        name: id.toUpperCase(),
        hostname: `${id}.${zone.id}.example.net`,
        addresses: [nextAddress(zone)],
        zone: zone.id,
        extraRoles: [],
        options: {},
        // Columns by role, left to right as the deployment reads; rows of 100 px.
        position: { x: column * 260 + (i % 2) * 40, y: 40 + (i - 1) * 100 },
        ...extra(i),
      };
      nodes.push(node);
      made.push(node);
    }
    return made;
  };

  const backupServers = addNode('vbr', mix.backupServers, 'backup-server', mgmt, 0);
  const proxies = addNode('gip', mix.proxies, 'guest-interaction-proxy', mgmt, 1);
  const logShipping = addNode('lss', mix.logShipping, 'log-shipping-server', mgmt, 1, (i) => ({
    position: { x: 260, y: 40 + (mix.proxies + i) * 100 },
  }));
  const flrHelpers = addNode('flr', mix.flrHelpers, 'flr-helper', mgmt, 0, (i) => ({
    position: { x: 0, y: 40 + (mix.backupServers + i) * 100 },
  }));
  const repositories = addNode('repo', mix.repositories, 'backup-repository', storage, 2);
  const updates = addNode('upd', mix.updateRepositories, 'update-repository', vendor, 2, () => ({
    hostname: 'repository.veeam.example.net',
    position: { x: 520, y: -120 },
  }));
  const pveServers = addNode('pve', mix.pveServers, 'pve-server', virt, 3, (i) => ({
    // Every tenth host runs SSH on another port: port overrides must flow through.
    options: i % 10 === 0 ? { portOverrides: { ssh: '2222' } } : {},
  }));
  const workers = addNode('wrk', mix.workers, 'worker', virt, 4, (i) => ({
    options: {
      vmid: vmid++,
      ...(i % 8 === 0 ? { portOverrides: { 'data-mover': '2500-2800' } } : {}),
    },
  }));

  // Guests: type by share, each on one Proxmox VE server; zones fill one after another.
  const guests: PlanNode[] = [];
  const counters = new Map<string, number>();
  for (let g = 0; g < mix.guests; g++) {
    let r = random();
    let type = GUEST_TYPES[GUEST_TYPES.length - 1]![0];
    for (const [t, share] of GUEST_TYPES) {
      if (r < share) {
        type = t;
        break;
      }
      r -= share;
    }
    const n = (counters.get(type) ?? 0) + 1;
    counters.set(type, n);
    const prefix = type.replace(/-guest$/, '').replace(/-/g, '');
    const id = `${prefix}${pad(n, width)}`;
    const zone = appZones[Math.floor(g / GUESTS_PER_ZONE)]!;
    const windows = type.includes('windows') || type === 'mssql-guest';
    const node: PlanNode = {
      id,
      type,
      name: id.toUpperCase(),
      hostname: `${id}.${zone.id}.example.net`,
      addresses: [nextAddress(zone)],
      zone: zone.id,
      extraRoles: [],
      options: {
        vmid: vmid++,
        ...(windows && random() < 0.1 ? { windowsFirewall: 'custom' as const } : {}),
      },
      position: { x: 1300 + (g % 40) * 220, y: 40 + Math.floor(g / 40) * 100 },
    };
    nodes.push(node);
    guests.push(node);
  }

  // Connections: the links the deployment needs, then redundant links up to the target.
  const connections: PlanConnection[] = [];
  const linked = new Set<string>();
  const connect = (a: PlanNode, b: PlanNode): boolean => {
    const key = a.id < b.id ? `${a.id} ${b.id}` : `${b.id} ${a.id}`;
    if (a === b || linked.has(key)) return false;
    linked.add(key);
    // Drawing direction is random: the engine must not depend on it.
    const [from, to] = random() < 0.5 ? [a, b] : [b, a];
    connections.push({ id: '', from: from.id, to: to.id });
    return true;
  };
  const backupOf = (i: number) => backupServers[i % backupServers.length]!;
  pveServers.forEach((pve, i) => connect(backupOf(i), pve));
  workers.forEach((worker, i) => {
    connect(backupOf(i), worker);
    const cluster = Math.floor(i / CLUSTER_SIZE) * CLUSTER_SIZE;
    for (let p = cluster; p < Math.min(cluster + CLUSTER_SIZE, pveServers.length); p++) {
      connect(worker, pveServers[p]!);
    }
    connect(worker, repositories[i % repositories.length]!);
    for (const update of updates) connect(worker, update);
  });
  proxies.forEach((gip, i) => connect(backupOf(i), gip));
  logShipping.forEach((lss, i) => {
    connect(backupOf(i), lss);
    connect(lss, repositories[i % repositories.length]!);
  });
  flrHelpers.forEach((flr, i) => connect(backupOf(i), flr));
  guests.forEach((guest, i) => {
    connect(proxies[i % proxies.length]!, guest);
    if (BACKUP_SERVER_GUESTS.has(guest.type)) connect(backupOf(i), guest);
    if (DATABASE_GUESTS.has(guest.type)) {
      connect(guest, repositories[i % repositories.length]!);
      connect(guest, logShipping[i % logShipping.length]!);
    }
  });

  // Redundancy: second proxies, repositories, log shipping servers, workers on more hosts.
  const target = Math.round(total * (options.connectionsPerNode ?? 4));
  const extras: (() => boolean)[] = [
    () => connect(pick(proxies), pick(guests)),
    () => {
      const guest = pick(guests);
      return DATABASE_GUESTS.has(guest.type) && connect(guest, pick(repositories));
    },
    () => {
      const guest = pick(guests);
      return DATABASE_GUESTS.has(guest.type) && connect(guest, pick(logShipping));
    },
    () => connect(pick(workers), pick(repositories)),
    () => connect(pick(workers), pick(pveServers)),
  ];
  // Bounded: a small plan may run out of distinct covered pairs before reaching the target.
  for (let tries = 0; connections.length < target && tries < target * 20; tries++) {
    pick(extras)();
  }

  if (defects) {
    // One of each mistake per 1 000 nodes (at least one from 100 nodes up).
    const count = total >= 100 ? Math.max(1, Math.round(total / 1000)) : 0;
    for (let d = 0; d < count && guests.length >= 4; d++) {
      const a = guests[Math.floor(random() * guests.length)]!;
      const b = guests[Math.floor(random() * guests.length)]!;
      const c = guests[Math.floor(random() * guests.length)]!;
      if (a !== b) replaceNode(nodes, { ...b, addresses: [...a.addresses] });
      replaceNode(nodes, { ...c, addresses: ['10.250.0.' + String((d % 250) + 1)] });
      connect(c, pick(pveServers));
    }
  }

  connections.forEach((c, i) => {
    connections[i] = { ...c, id: `c${pad(i + 1, String(connections.length).length)}` };
  });

  return {
    format: 'portolan-plan',
    version: 1,
    name: `Synthetic deployment (${total} nodes, seed ${options.seed ?? 1})`,
    catalog: options.catalog ?? 'vbr12-pve',
    options: {},
    zones,
    nodes,
    connections,
  };
}

function replaceNode(nodes: PlanNode[], node: PlanNode): void {
  const i = nodes.findIndex((n) => n.id === node.id);
  if (i >= 0) nodes[i] = node;
}
