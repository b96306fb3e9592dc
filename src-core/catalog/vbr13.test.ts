// Checks the vbr13-pve catalog edition against facts read from the vendor's 13.0.1 reference pages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeFlows } from '../flows/engine';
import { restorePlan } from '../plan/restore';
import type { Plan, PlanNode } from '../plan/types';
import { getCatalog, listCatalogs } from './registry';
import { parseCatalog } from './schema';
import type { Catalog, CatalogRule, Protocol, RuleCondition } from './types';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../resources/catalogs/vbr13-pve.json', import.meta.url), 'utf8'),
);
const catalog: Catalog = parseCatalog(raw, 'vbr13-pve.json');

/**
 * The reference pages (`references/vbr13-*.md`) and the `sources` entry each one must have.
 * The two port pages carry tables; the others describe components and feed the types.
 */
const PAGES = {
  'pve_used_ports.md': { source: 'vbr13-pve-ports', url: 'pve_used_ports.html' },
  'used_ports.md': { source: 'vbr13-used-ports', url: 'used_ports.html' },
  'pve_infrastructure_components.md': {
    source: 'vbr13-pve-architecture',
    url: 'pve_infrastructure_components.html',
  },
  'pve_workers.md': { source: 'vbr13-pve-workers', url: 'pve_workers.html' },
  'pve_multiple_networks.md': {
    source: 'vbr13-pve-multiple-networks',
    url: 'pve_multiple_networks.html',
  },
  'gateway_server.md': { source: 'vbr13-gateway-servers', url: 'gateway_server.html' },
  'guest_interaction_proxy.md': {
    source: 'vbr13-guest-interaction-proxies',
    url: 'guest_interaction_proxy.html',
  },
  'log_shipping_server.md': {
    source: 'vbr13-log-shipping-servers',
    url: 'log_shipping_server.html',
  },
} as const;
type Page = keyof typeof PAGES;

/** One published port requirement: the catalog must hold a rule that yields exactly it. */
interface PortFact {
  readonly page: Page;
  /** Table heading as cited in `source.table` (qualified where the page repeats a heading). */
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
  /** Exact set of conditions the rule carries (see `conditionKey`); empty = unconditional. */
  readonly when?: readonly string[];
  /** Table row, where two rows of one table publish the same port (`@row` in a fact line). */
  readonly row?: number;
}

const PVE: Page = 'pve_used_ports.md';
const GEN: Page = 'used_ports.md';
const RUNTIME = 'guestProcessing=runtime';
const PERSISTENT = 'guestProcessing=persistent-agent';
const LEGACY_SMB = 'legacySmb=true';

const FACT_LINE = /^([a-z-]+) > ([a-z-]+) (tcp|udp)\/(\d+)(?: @(\d+))?(?: if (.+))?$/;

/**
 * Facts of one published table, one line each: `from > to tcp/PORT [@ROW] [if cond & cond]`, where a
 * condition is `option=value` or `no-peer:role` (see `conditionKey`). A line that does not
 * parse throws, so a typo cannot turn a fact into a silently skipped one.
 */
function facts(page: Page, table: string, lines: readonly string[]): PortFact[] {
  return lines.map((line) => {
    const m = FACT_LINE.exec(line);
    if (!m) throw new Error(`bad fact line: ${line}`);
    const [, from, to, protocol, port, row, when] = m;
    return {
      page,
      table,
      from: from!,
      to: to!,
      protocol: protocol as Protocol,
      port: Number(port),
      when: when ? when.split(' & ') : [],
      ...(row ? { row: Number(row) } : {}),
    };
  });
}

const PORT_FACTS: readonly PortFact[] = [
  // Proxmox VE page, Workers — the 13.x changes: 6162 + failover range, index range, NTP.
  ...facts(PVE, 'Workers', [
    'worker > pve-server tcp/8006',
    'worker > pve-server tcp/22',
    'worker > backup-server tcp/10006',
    'worker > backup-server tcp/2500',
    'worker > backup-repository tcp/6162',
    'worker > backup-repository tcp/3300',
    'worker > update-repository tcp/443',
    'worker > ntp-server udp/123',
  ]),
  // Proxmox VE page, Backup Server.
  ...facts(PVE, 'Backup Server', [
    'backup-server > worker tcp/19000',
    'backup-server > worker tcp/443',
    'backup-server > backup-server tcp/6172',
    'backup-server > pve-server tcp/8006',
    'backup-server > pve-server tcp/22',
    'backup-server > flr-helper tcp/22',
  ]),
  // Proxmox VE page, guest processing.
  ...facts(PVE, 'Guest Interaction Proxies', [
    'backup-server > guest-interaction-proxy tcp/445 if os=windows',
    'backup-server > guest-interaction-proxy tcp/135 if os=windows',
    'backup-server > guest-interaction-proxy tcp/6160',
    'backup-server > guest-interaction-proxy tcp/22 if os=linux',
    'backup-server > guest-interaction-proxy tcp/6190 if guestProcessing=runtime',
  ]),
  ...facts(PVE, 'Protected Workloads', [
    'guest-interaction-proxy > vm-guest tcp/2500 if guestProcessing=runtime',
    'guest-interaction-proxy > windows-guest tcp/135 if guestProcessing=runtime',
    'guest-interaction-proxy > windows-guest tcp/6173 if guestProcessing=runtime',
    'guest-interaction-proxy > windows-guest tcp/6173 if guestProcessing=persistent-agent',
    'guest-interaction-proxy > windows-guest tcp/11731 if guestProcessing=persistent-agent',
    'guest-interaction-proxy > linux-guest tcp/22 if guestProcessing=runtime',
    'backup-server > linux-guest tcp/22 if guestProcessing=persistent-agent',
    'guest-interaction-proxy > linux-guest tcp/6162 if guestProcessing=persistent-agent',
  ]),
  ...facts(PVE, 'Gateway Servers (Guest Processing Components)', [
    'guest-interaction-proxy > backup-repository tcp/6162',
  ]),
  // Proxmox VE page, log shipping.
  ...facts(PVE, 'Log Shipping Servers', [
    'backup-server > log-shipping-server tcp/445',
    'backup-server > log-shipping-server tcp/137 if legacySmb=true',
    'backup-server > log-shipping-server tcp/139 if legacySmb=true',
    'backup-server > log-shipping-server tcp/6162',
    'mssql-guest > log-shipping-server tcp/6162',
    'postgresql-guest > log-shipping-server tcp/3000',
  ]),
  ...facts(PVE, 'MS SQL Guest OS', [
    'guest-interaction-proxy > mssql-guest tcp/137 if guestProcessing=runtime & legacySmb=true',
    'guest-interaction-proxy > mssql-guest tcp/6167',
    'guest-interaction-proxy > mssql-guest tcp/11731 if guestProcessing=persistent-agent',
  ]),
  ...facts(PVE, 'Oracle Guest OS', [
    'guest-interaction-proxy > oracle-guest tcp/2800',
    'guest-interaction-proxy > oracle-windows-guest tcp/445 if guestProcessing=runtime',
    'guest-interaction-proxy > oracle-linux-guest tcp/6162 if guestProcessing=persistent-agent',
  ]),
  ...facts(PVE, 'PostgreSQL Guest OS', [
    'guest-interaction-proxy > postgresql-guest tcp/22 if guestProcessing=runtime',
  ]),
  ...facts(PVE, 'Backup Repositories', [
    'log-shipping-server > backup-repository tcp/6162',
    'oracle-guest > backup-repository tcp/6162 if no-peer:log-shipping-server',
  ]),
  // General "Used Ports" page.
  ...facts(GEN, 'Backup Server', [
    'backup-repository > backup-server tcp/6162',
    'backup-repository > backup-server tcp/2500',
    'mount-server > backup-server tcp/443',
    'mount-server > backup-server tcp/6162',
    'mount-server > backup-server tcp/3300',
  ]),
  // Updates and time sources are reached by the appliance-based (Linux) backup server only.
  ...facts(GEN, 'Veeam Servers and Services', [
    'backup-server > update-repository tcp/443 if os=linux',
    'backup-server > update-repository tcp/80 if os=linux',
  ]),
  ...facts(GEN, 'Databases and External Services', [
    'backup-server > ntp-server udp/123 @7 if os=linux',
    'backup-server > ntp-server udp/123 @8 if os=linux',
    'backup-server > ntp-server tcp/4460 @9 if os=linux',
  ]),
  ...facts(GEN, 'Gateway Servers', [
    'backup-server > backup-repository tcp/6162',
    'backup-repository > backup-repository tcp/6162 @7',
    'vm-guest > backup-repository tcp/6162',
    'vm-guest > backup-repository tcp/2500',
  ]),
  ...facts(GEN, 'Microsoft Windows/Linux-Based Backup Repositories', [
    'backup-server > backup-repository tcp/6160',
    'backup-repository > backup-repository tcp/2500 @4',
    'backup-server > backup-repository tcp/445 if os=windows',
    'backup-server > backup-repository tcp/139 if os=windows & legacySmb=true',
    'backup-server > backup-repository tcp/22 if os=linux',
  ]),
  ...facts(GEN, 'Scale-Out Backup Repositories', [
    'backup-repository > backup-repository tcp/6162 @1',
    'backup-repository > backup-repository tcp/3300 @2',
  ]),
  ...facts(GEN, 'Mount Servers', [
    'backup-server > mount-server tcp/445',
    'backup-server > mount-server tcp/6160',
    'backup-server > mount-server tcp/6162',
    'backup-server > mount-server tcp/2500',
    'backup-server > mount-server tcp/6170',
  ]),
  ...facts(GEN, 'Microsoft SQL Server (Application-Item Restore)', [
    'backup-server > mssql-guest tcp/1433 if sqlItemRestore=true',
    'backup-server > mssql-guest tcp/1434 if sqlItemRestore=true',
    'backup-server > mssql-guest udp/1434 if sqlItemRestore=true',
  ]),
  ...facts(GEN, 'Helper Appliances', [
    'backup-server > flr-helper tcp/6162',
    'linux-guest > flr-helper tcp/21 if ftpServer=true',
  ]),
  ...facts(GEN, 'Guest OS (Guest OS File Recovery Components)', [
    'flr-helper > linux-guest tcp/20 if ftpServer=true',
    'flr-helper > linux-guest tcp/2500 if flrToGuest=true',
    'backup-server > vm-guest tcp/3300 if flrToGuest=true',
    'mount-server > windows-guest tcp/445 if flrToGuest=true',
    'mount-server > windows-guest tcp/135 if flrToGuest=true',
    'mount-server > windows-guest tcp/6160 if flrToGuest=true',
    'mount-server > windows-guest tcp/11731 if flrToGuest=true',
    'mount-server > windows-guest tcp/6162 if flrToGuest=true',
  ]),
  ...facts(GEN, 'Backup Repositories (Guest OS File Recovery Components)', [
    'flr-helper > backup-repository tcp/6162',
  ]),
];

/** Facts from the descriptive pages (no port tables), checked against types and rules. */
interface StructureFact {
  readonly page: Page;
  readonly claim: string;
  readonly holds: (c: Catalog) => boolean;
}

const type = (c: Catalog, id: string) => c.componentTypes.find((t) => t.id === id);
const reaches = (c: Catalog, from: string, to: string) =>
  c.rules.some((r) => r.from.includes(from) && r.to.includes(to) && !r.local);

const STRUCTURE_FACTS: readonly StructureFact[] = [
  {
    page: 'pve_infrastructure_components.md',
    claim: 'workers are Linux VMs; the backup server runs Windows or Linux',
    holds: (c) =>
      type(c, 'worker')?.defaultOs === 'linux' && type(c, 'backup-server')?.defaultOs === 'any',
  },
  {
    page: 'pve_workers.md',
    claim: 'a worker is a VM on a Proxmox VE host that installs updates when it starts',
    holds: (c) =>
      (type(c, 'worker')?.options ?? []).includes('vmid') &&
      reaches(c, 'worker', 'update-repository'),
  },
  {
    page: 'pve_multiple_networks.md',
    claim: 'workers must reach the backup server, repository, Proxmox VE host and the internet',
    holds: (c) =>
      ['backup-server', 'backup-repository', 'pve-server', 'update-repository'].every((to) =>
        reaches(c, 'worker', to),
      ),
  },
  {
    page: 'gateway_server.md',
    claim: 'a gateway server runs on Windows or Linux',
    holds: (c) =>
      type(c, 'backup-repository')?.defaultOs === 'any' &&
      (type(c, 'backup-repository')?.options ?? []).includes('os'),
  },
  {
    page: 'guest_interaction_proxy.md',
    claim: 'a proxy runs on Windows or Linux, and the backup server or a repository may be one',
    holds: (c) =>
      (type(c, 'guest-interaction-proxy')?.options ?? []).includes('os') &&
      ['backup-server', 'backup-repository'].every((t) =>
        (type(c, t)?.allowedExtraRoles ?? []).includes('guest-interaction-proxy'),
      ),
  },
  {
    page: 'log_shipping_server.md',
    claim: 'log shipping servers take SQL Server, Oracle and PostgreSQL log backups',
    holds: (c) =>
      ['mssql-guest', 'oracle-guest', 'postgresql-guest'].every((from) =>
        reaches(c, from, 'log-shipping-server'),
      ),
  },
];

/** Compact text of a condition, as used in `PortFact.when`. */
function conditionKey(cond: RuleCondition): string {
  return cond.kind === 'no-peer-with-role'
    ? `no-peer:${cond.role}`
    : `${cond.option}=${String(cond.equals)}`;
}

function rulesFor(c: Catalog, f: PortFact): CatalogRule[] {
  const want = [...(f.when ?? [])].sort();
  return c.rules.filter(
    (r) =>
      r.from.includes(f.from) &&
      r.to.includes(f.to) &&
      r.protocol === f.protocol &&
      r.ports.start <= f.port &&
      f.port <= r.ports.end &&
      r.source.document === PAGES[f.page].source &&
      r.source.table === f.table &&
      (f.row === undefined || r.source.row === f.row) &&
      JSON.stringify((r.conditions ?? []).map(conditionKey).sort()) === JSON.stringify(want),
  );
}

const label = (f: PortFact) =>
  `${f.page} / ${f.table}${f.row ? ` row ${f.row}` : ''}: ${f.from} → ${f.to} ${f.protocol}/${f.port}` +
  (f.when?.length ? ` when ${f.when.join(' & ')}` : '');

describe('vbr13-pve catalog: published port facts', () => {
  it.each(PORT_FACTS.map((f) => [label(f), f] as const))('%s', (_, fact) => {
    expect(rulesFor(catalog, fact)).toHaveLength(1);
  });

  it.each(STRUCTURE_FACTS.map((f) => [`${f.page}: ${f.claim}`, f] as const))('%s', (_, fact) => {
    expect(fact.holds(catalog)).toBe(true);
  });

  it('has at least 25 port facts and covers every reference page with a sources entry', () => {
    expect(PORT_FACTS.length).toBeGreaterThanOrEqual(25);
    const covered = new Set<Page>([...PORT_FACTS, ...STRUCTURE_FACTS].map((f) => f.page));
    for (const [page, { source, url }] of Object.entries(PAGES)) {
      expect(covered.has(page as Page), page).toBe(true);
      const entry = catalog.sources.find((s) => s.id === source);
      expect(entry, source).toBeDefined();
      expect(entry?.version).toBe('13.0.1');
      expect(entry?.url?.endsWith(`/${url}`), source).toBe(true);
    }
  });

  it('drops what 13.x no longer publishes (dynamic RPC, 6290, guest → proxy data)', () => {
    const bad = catalog.rules.filter(
      (r) =>
        r.ports.end >= 49152 ||
        (r.ports.start <= 6290 && 6290 <= r.ports.end) ||
        (r.to.includes('guest-interaction-proxy') && r.from.some((f) => f.endsWith('-guest'))),
    );
    expect(bad.map((r) => r.id)).toEqual([]);
  });

  it('keeps 6162 as the worker default and 2500-3300 only as its failover', () => {
    const toRepo = catalog.rules.filter(
      (r) => r.from.includes('worker') && r.to.includes('backup-repository'),
    );
    expect(toRepo.map((r) => [r.ports.start, r.ports.end, r.service])).toEqual([
      [6162, 6162, 'transport'],
      [2500, 3300, 'data-mover'],
    ]);
  });
});

describe('vbr13-pve catalog: integrity', () => {
  const roles = new Set(catalog.roles.map((r) => r.id));
  const sources = new Set(catalog.sources.map((s) => s.id));

  it('is registered and validates with the catalog schema', () => {
    expect(getCatalog('vbr13-pve').rules).toHaveLength(catalog.rules.length);
    expect(listCatalogs().map((c) => c.edition)).toEqual(
      expect.arrayContaining(['vbr12-pve', 'vbr13-pve']),
    );
  });

  it.each(catalog.rules.map((r) => [r.id, r] as const))(
    'rule %s cites an existing source and known roles',
    (_, r) => {
      expect(sources.has(r.source.document)).toBe(true);
      expect(r.source.row).toBeGreaterThanOrEqual(1);
      for (const role of [...r.from, ...r.to]) expect(roles.has(role), role).toBe(true);
      for (const cond of r.conditions ?? []) {
        if (cond.kind === 'no-peer-with-role') expect(roles.has(cond.role)).toBe(true);
      }
    },
  );

  it('only references roles that exist, from every component type', () => {
    for (const t of catalog.componentTypes) {
      for (const role of [...t.roles, ...(t.allowedExtraRoles ?? [])]) {
        expect(roles.has(role), `${t.id}: ${role}`).toBe(true);
      }
    }
  });

  it('offers every node option a condition reads on the types that play the conditioned role', () => {
    for (const r of catalog.rules) {
      for (const cond of r.conditions ?? []) {
        if (cond.kind !== 'node-option') continue;
        const side = cond.node === 'from' ? r.from : r.to;
        const types = catalog.componentTypes.filter((t) => t.roles.some((x) => side.includes(x)));
        expect(types.length, r.id).toBeGreaterThan(0);
        for (const t of types) expect(t.options ?? [], `${r.id} on ${t.id}`).toContain(cond.option);
      }
    }
  });

  it('uses only the documented plan options and values', () => {
    const used = new Set<string>();
    for (const r of catalog.rules) {
      for (const cond of r.conditions ?? []) {
        if (cond.kind === 'plan-option') used.add(conditionKey(cond));
      }
    }
    expect([...used].sort()).toEqual(['flrToGuest=true', LEGACY_SMB, PERSISTENT, RUNTIME].sort());
  });

  it('keeps the vbr12 vocabulary: every vbr12 type and role, and the shared service ids', () => {
    const vbr12 = getCatalog('vbr12-pve');
    for (const t of vbr12.componentTypes) {
      expect(type(catalog, t.id)?.roles, t.id).toEqual(t.roles);
    }
    for (const r of vbr12.roles) expect(roles.has(r.id), r.id).toBe(true);
    const services = catalog.services.map((s) => s.id);
    expect(services).toEqual(expect.arrayContaining(['data-mover', 'ssh']));
    for (const r of catalog.rules) {
      if (r.ports.start === 2500 && r.ports.end === 3300)
        expect(r.service, r.id).toBe('data-mover');
      if (r.protocol === 'tcp' && r.ports.start === 22) expect(r.service, r.id).toBe('ssh');
    }
  });
});

describe('vbr13-pve catalog: conditions drive the engine', () => {
  const node = (id: string, nodeType: string, options: PlanNode['options'] = {}): PlanNode => ({
    id,
    type: nodeType,
    name: id.toUpperCase(),
    addresses: [],
    extraRoles: [],
    options,
    position: { x: 0, y: 0 },
  });
  const plan = (options: Record<string, unknown>): Plan => ({
    format: 'portolan-plan',
    version: 1,
    name: 'vbr13 guest processing',
    catalog: 'vbr13-pve',
    options,
    zones: [],
    nodes: [
      node('vbr', 'backup-server'),
      node('gip', 'guest-interaction-proxy', { os: 'windows' }),
      node('sql', 'mssql-guest'),
    ],
    connections: [
      { id: 'c1', from: 'vbr', to: 'gip' },
      { id: 'c2', from: 'gip', to: 'sql' },
    ],
  });
  const ports = (p: Plan, from: string, to: string) =>
    [
      ...new Set(
        computeFlows(p, catalog)
          .flows.filter((f) => f.from === from && f.to === to)
          .map((f) => f.ports.start),
      ),
    ].sort((a, b) => a - b);

  it('a vbr13 plan carrying these options loads unchanged', () => {
    const options = { guestProcessing: 'persistent-agent', legacySmb: true, flrToGuest: true };
    const restored = restorePlan(plan(options));
    expect(restored.ok).toBe(true);
    if (restored.ok) {
      expect(restored.plan.options).toEqual(options);
      expect(restored.plan.nodes[1]?.options).toEqual({ os: 'windows' });
    }
  });

  it('runtime components: SMB/RPC deployment, no installer ports', () => {
    expect(ports(plan({ guestProcessing: 'runtime' }), 'gip', 'sql')).toEqual([
      135, 445, 2500, 6167, 6173,
    ]);
    expect(ports(plan({ guestProcessing: 'runtime' }), 'vbr', 'gip')).toEqual([
      135, 445, 6160, 6190,
    ]);
  });

  it('persistent agent: installer ports with failover, no SMB/RPC deployment', () => {
    expect(ports(plan({ guestProcessing: 'persistent-agent' }), 'gip', 'sql')).toEqual([
      2500, 6160, 6167, 6173, 11731,
    ]);
  });

  it('legacy SMB adds 137 and 139 only where the runtime deploys over SMB', () => {
    const legacy = { guestProcessing: 'runtime', legacySmb: true };
    expect(ports(plan(legacy), 'gip', 'sql')).toEqual([135, 137, 139, 445, 2500, 6167, 6173]);
  });

  it('unset guest processing mode: the declared default (runtime) applies, with the reason', () => {
    const result = computeFlows(plan({}), catalog);
    expect(ports(plan({}), 'gip', 'sql')).toEqual([135, 445, 2500, 6167, 6173]);
    expect(ports(plan({}), 'vbr', 'gip')).toEqual([135, 445, 6160, 6190]);
    const absent = result.absent.filter((a) => a.rule === 'persistent-proxy-windows-installer');
    expect(absent).toHaveLength(1);
    expect(absent[0]?.reason).toContain('persistent agent');
    expect(absent[0]?.reason).toContain('guestProcessing is "runtime" (default)');
  });

  it('persistent agent chosen: the persistent-agent flows replace the runtime ones', () => {
    const p = plan({ guestProcessing: 'persistent-agent' });
    const result = computeFlows(p, catalog);
    const rules = new Set(result.flows.map((f) => f.rule));
    expect(rules.has('persistent-proxy-windows-installer')).toBe(true);
    expect(rules.has('mssql-proxy-installer')).toBe(true);
    expect(rules.has('runtime-proxy-windows-smb')).toBe(false);
    expect(rules.has('mssql-proxy-smb')).toBe(false);
    const absent = result.absent.find((a) => a.rule === 'mssql-proxy-smb');
    expect(absent?.reason).toContain('guestProcessing is "persistent-agent"');
    expect(absent?.reason).not.toContain('(default)');
  });

  it('node option os defaults to the type defaultOs (proxy: windows), a repository stays unset', () => {
    const base = plan({});
    const p: Plan = {
      ...base,
      nodes: [
        ...base.nodes.map((n) => (n.id === 'gip' ? { ...n, options: {} } : n)),
        node('repo', 'backup-repository'),
        node('lrepo', 'backup-repository', { os: 'linux' }),
      ],
      connections: [
        ...base.connections,
        { id: 'c3', from: 'vbr', to: 'repo' },
        { id: 'c4', from: 'vbr', to: 'lrepo' },
      ],
    };
    const result = computeFlows(p, catalog);
    const rules = (to: string) =>
      result.flows.filter((f) => f.from === 'vbr' && f.to === to).map((f) => f.rule);
    expect(rules('gip')).toContain('backup-server-proxy-smb');
    expect(rules('gip')).not.toContain('backup-server-proxy-ssh');
    expect(rules('lrepo')).toContain('backup-server-repository-ssh');
    expect(rules('lrepo')).not.toContain('backup-server-repository-smb');
    expect(rules('repo')).not.toContain('backup-server-repository-ssh');
    expect(rules('repo')).not.toContain('backup-server-repository-smb');
    const gipSsh = result.absent.find(
      (a) => a.to === 'gip' && a.rule === 'backup-server-proxy-ssh',
    );
    expect(gipSsh?.reason).toContain('os is "windows" (default)');
    const repoSsh = result.absent.find(
      (a) => a.to === 'repo' && a.rule === 'backup-server-repository-ssh',
    );
    expect(repoSsh?.reason).toContain('os is not set');
  });

  it('FTP server on the FLR helper: off by default, on when the node option says so', () => {
    const p = (ftp: boolean | undefined): Plan => ({
      ...plan({}),
      nodes: [
        node('flr', 'flr-helper', ftp === undefined ? {} : { ftpServer: ftp }),
        node('lin', 'linux-guest'),
      ],
      connections: [{ id: 'c1', from: 'flr', to: 'lin' }],
    });
    const ftpRules = (q: Plan) =>
      computeFlows(q, catalog)
        .flows.filter((f) => f.rule.includes('ftp'))
        .map((f) => f.rule)
        .sort();
    expect(ftpRules(p(undefined))).toEqual([]);
    expect(ftpRules(p(false))).toEqual([]);
    expect(ftpRules(p(true))).toEqual(['flr-guest-helper-ftp', 'flr-helper-guest-ftp-data']);
  });

  it('an option value the catalog does not list is an invalid-option warning; the default applies', () => {
    const result = computeFlows(plan({ guestProcessing: 'agentless', legacySmb: 'yes' }), catalog);
    const warnings = result.warnings.filter((w) => w.code === 'invalid-option');
    expect(warnings.map((w) => w.message)).toEqual([
      'Plan option guestProcessing (Guest processing components) is "agentless", not one of "runtime", "persistent-agent"; the default "runtime" is used',
      'Plan option legacySmb (Legacy SMB 1.0) is "yes", not one of false, true; the default false is used',
    ]);
    expect(ports(plan({ guestProcessing: 'agentless' }), 'gip', 'sql')).toEqual([
      135, 445, 2500, 6167, 6173,
    ]);
    const absent = result.absent.find((a) => a.rule === 'mssql-proxy-installer');
    expect(absent?.reason).toContain('"runtime" (default; "agentless" is not valid)');
    const valid = computeFlows(plan({ guestProcessing: 'runtime', legacySmb: true }), catalog);
    expect(valid.warnings.filter((w) => w.code === 'invalid-option')).toEqual([]);
  });

  it('an invalid node option value is reported with the node', () => {
    const p: Plan = {
      ...plan({}),
      nodes: [...plan({}).nodes, node('flr', 'flr-helper', { ftpServer: 'on' })],
    };
    const warnings = computeFlows(p, catalog).warnings.filter((w) => w.code === 'invalid-option');
    expect(warnings).toEqual([
      {
        code: 'invalid-option',
        message:
          'Option ftpServer (FTP server) on FLR is "on", not one of false, true; the default false is used',
        nodes: ['flr'],
      },
    ]);
  });
});

describe('vbr13-pve catalog: rows added for completeness drive the engine', () => {
  const node = (
    id: string,
    nodeType: string,
    options: PlanNode['options'] = {},
    extraRoles: string[] = [],
  ): PlanNode => ({
    id,
    type: nodeType,
    name: id.toUpperCase(),
    addresses: [],
    extraRoles,
    options,
    position: { x: 0, y: 0 },
  });
  const plan = (
    nodes: PlanNode[],
    connections: [string, string][],
    options: Record<string, unknown> = {},
  ): Plan => ({
    format: 'portolan-plan',
    version: 1,
    name: 'vbr13 completeness',
    catalog: 'vbr13-pve',
    options,
    zones: [],
    nodes,
    connections: connections.map(([from, to], i) => ({ id: `c${i + 1}`, from, to })),
  });
  const flowsOf = (p: Plan) => computeFlows(p, catalog);
  const portsOf = (p: Plan, from: string, to: string, protocol: Protocol = 'tcp') =>
    [
      ...new Set(
        flowsOf(p)
          .flows.filter((f) => f.from === from && f.to === to && f.protocol === protocol)
          .map((f) => `${f.ports.start}${f.ports.end !== f.ports.start ? `-${f.ports.end}` : ''}`),
      ),
    ].sort();

  it('two connected repositories reach each other on 6162 and 2500-3300, both ways', () => {
    const p = plan(
      [node('r1', 'backup-repository', { os: 'linux' }), node('r2', 'backup-repository')],
      [['r1', 'r2']],
    );
    expect(portsOf(p, 'r1', 'r2')).toEqual(['2500-3300', '6162']);
    expect(portsOf(p, 'r2', 'r1')).toEqual(['2500-3300', '6162']);
    const rules = new Set(flowsOf(p).flows.map((f) => f.rule));
    for (const id of [
      'backup-copy-repository-transport',
      'sobr-extent-transport',
      'sobr-extent-reverse-data',
      'repository-vault-gateway-transport',
    ]) {
      expect(rules.has(id), id).toBe(true);
    }
  });

  it('a repository alone gets no local self-flow from the repository → repository rows', () => {
    const p = plan(
      [node('r1', 'backup-repository'), node('vbr', 'backup-server')],
      [['vbr', 'r1']],
    );
    const selfFlows = flowsOf(p).flows.filter((f) => f.local && f.from === 'r1');
    expect(selfFlows.map((f) => f.rule)).toEqual([]);
    // The engine still keeps the published local row of the backup server.
    expect(
      flowsOf(p).flows.some((f) => f.local && f.rule === 'backup-server-platform-database'),
    ).toBe(true);
  });

  it('a VM guest connected to a gateway reaches its Data Mover', () => {
    const p = plan([node('lin', 'linux-guest'), node('gw', 'backup-repository')], [['lin', 'gw']]);
    expect(portsOf(p, 'lin', 'gw')).toEqual(['2500-3300', '6162']);
  });

  it('a mount server (an extra role) reaches Windows guests only when files are restored into them', () => {
    const nodes = [
      node('repo', 'backup-repository', { os: 'windows' }, ['mount-server']),
      node('win', 'windows-guest'),
      node('vbr', 'backup-server'),
    ];
    const links: [string, string][] = [
      ['repo', 'win'],
      ['vbr', 'repo'],
    ];
    expect(portsOf(plan(nodes, links), 'repo', 'win')).toEqual([]);
    expect(portsOf(plan(nodes, links, { flrToGuest: true }), 'repo', 'win')).toEqual(
      ['11731', '135', '445', '6160', '6162'].sort(),
    );
    const absent = flowsOf(plan(nodes, links)).absent.filter(
      (a) => a.rule === 'flr-mount-server-windows-smb',
    );
    expect(absent).toHaveLength(1);
    // The backup server manages the mount server: Mount Servers rows 2-5 and the mount server's
    // own way back (Backup Server rows 1 and 7).
    expect(portsOf(plan(nodes, links), 'vbr', 'repo')).toEqual(
      expect.arrayContaining(['445', '6160', '6162', '6170', '2500-3300']),
    );
    expect(portsOf(plan(nodes, links), 'repo', 'vbr')).toEqual(['2500-3300', '443', '6162']);
  });

  it('a backup server that is also its own mount server keeps those flows local', () => {
    const p = plan([node('vbr', 'backup-server', {}, ['mount-server'])], []);
    const local = flowsOf(p).flows.filter(
      (f) => f.local && f.rule !== 'backup-server-platform-database',
    );
    expect(local.map((f) => f.rule).sort()).toEqual(
      [
        'backup-server-mount-server-data',
        'backup-server-mount-server-installer',
        'backup-server-mount-server-smb',
        'backup-server-mount-server-transport',
        'backup-server-mount-service',
        'mount-server-backup-server-https',
        'repository-backup-server-data',
        'repository-backup-server-transport',
      ].sort(),
    );
    expect(local.every((f) => f.from === 'vbr' && f.to === 'vbr')).toBe(true);
  });

  it('update repository and time servers: only for the appliance-based (Linux) backup server', () => {
    const links: [string, string][] = [
      ['vbr', 'upd'],
      ['vbr', 'ntp'],
    ];
    const others = [node('upd', 'update-repository'), node('ntp', 'ntp-server')];
    const windows = plan([node('vbr', 'backup-server', { os: 'windows' }), ...others], links);
    const unset = plan([node('vbr', 'backup-server'), ...others], links);
    const linux = plan([node('vbr', 'backup-server', { os: 'linux' }), ...others], links);
    for (const p of [windows, unset]) {
      expect(portsOf(p, 'vbr', 'upd')).toEqual([]);
      expect(portsOf(p, 'vbr', 'ntp', 'udp')).toEqual([]);
      expect(flowsOf(p).absent.map((a) => a.rule)).toEqual(
        expect.arrayContaining(['backup-server-ntp', 'backup-server-nts-ke']),
      );
    }
    expect(portsOf(linux, 'vbr', 'upd')).toEqual(['443', '80']);
    expect(portsOf(linux, 'vbr', 'ntp', 'udp')).toEqual(['123']);
    expect(portsOf(linux, 'vbr', 'ntp', 'tcp')).toEqual(['4460']);
  });

  it('SQL application-item restore: off by default, 1433/1434 and UDP 1434 when the SQL VM asks', () => {
    const links: [string, string][] = [['vbr', 'sql']];
    const off = plan([node('vbr', 'backup-server'), node('sql', 'mssql-guest')], links);
    const on = plan(
      [node('vbr', 'backup-server'), node('sql', 'mssql-guest', { sqlItemRestore: true })],
      links,
    );
    expect(portsOf(off, 'vbr', 'sql')).not.toContain('1433');
    expect(flowsOf(off).absent.filter((a) => a.rule.startsWith('sql-item-restore'))).toHaveLength(
      3,
    );
    expect(portsOf(on, 'vbr', 'sql').filter((p) => p.startsWith('143'))).toEqual(['1433', '1434']);
    expect(portsOf(on, 'vbr', 'sql', 'udp')).toEqual(['1434']);
    const purpose = flowsOf(on).flows.find((f) => f.rule === 'sql-item-restore-service')?.purpose;
    expect(purpose).toMatch(/other ports/);
  });

  it('records the vendor build of every page it was read from', () => {
    const builds = Object.fromEntries(catalog.sources.map((s) => [s.id, s.build]));
    expect(builds['vbr13-pve-ports']).toBe('13.0.1.2067');
    expect(builds['vbr13-gateway-servers']).toBe('13.0.1.1071');
    for (const [file, { source }] of Object.entries(PAGES)) {
      const text = readFileSync(
        new URL(`../../../shared/references/vbr13-${file}`, import.meta.url),
        'utf8',
      );
      const published = /^product_version: "([^"]+)"/m.exec(text)?.[1];
      expect(builds[source], file).toBe(published);
    }
  });
});
