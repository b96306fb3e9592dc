// Inventory import: CSV and Proxmox VE readers (examples and fuzzing), and the merge into a plan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCatalog } from '../catalog/registry';
import { restorePlan } from '../plan/restore';
import type { Plan } from '../plan/types';
import { emptyPlan, importSummary, mergeImport } from './merge';
import { readHostsCsv } from './csv';
import { readAddresses, readPveResources } from './pve';

const catalog = getCatalog('vbr12-pve');

const CSV = [
  'name,type,address,hostname,zone',
  'VBR01,backup-server,192.0.2.10,vbr01.example.net,Management',
  'SQL01,mssql-guest,203.0.113.30 2001:db8::30,,Servers',
  '"Web tier",linux-guest,203.0.113.100-203.0.113.139,,Servers',
  'PVE01,pve-server,198.51.100.130,,',
].join('\n');

describe('hosts CSV', () => {
  it('reads every row, addresses split on spaces, ranges allowed', () => {
    const r = readHostsCsv(CSV, catalog);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hosts.map((h) => [h.name, h.type, h.addresses, h.zone ?? null])).toEqual([
      ['VBR01', 'backup-server', ['192.0.2.10'], 'Management'],
      ['SQL01', 'mssql-guest', ['203.0.113.30', '2001:db8::30'], 'Servers'],
      ['Web tier', 'linux-guest', ['203.0.113.100-203.0.113.139'], 'Servers'],
      ['PVE01', 'pve-server', ['198.51.100.130'], null],
    ]);
  });

  it('reports one message per problem, naming the line; nothing is returned', () => {
    const bad = [
      'type,name,address,hostname,zone',
      'backup-server,VBR01,192.0.2.10,,',
      'toaster,T1,192.0.2.11,,',
      'worker,W1,300.1.1.1,bad_host!,',
      'worker,VBR01,,,',
      'worker,,192.0.2.12,,',
    ].join('\r\n');
    const r = readHostsCsv(bad, catalog);
    expect(r.ok ? [] : r.errors).toEqual([
      'line 3: type "toaster" is not a component type of vbr12-pve',
      'line 4: address "300.1.1.1" is not an IPv4 or IPv6 address, network or range',
      'line 4: hostname "bad_host!" is not a valid host name',
      'line 5: name "VBR01" appears twice (also line 2)',
      'line 6: name is empty',
    ]);
  });

  it('refuses a missing or unknown column and broken quoting', () => {
    const missing = readHostsCsv('name,type,address\nA,worker,', catalog);
    expect(missing.ok ? [] : missing.errors).toEqual(['line 1: missing column hostname, zone']);
    const extra = readHostsCsv('name,type,address,hostname,zone,colour\n', catalog);
    expect(extra.ok ? [] : extra.errors[0]).toContain('unknown column "colour"');
    const quote = readHostsCsv('name,type,address,hostname,zone\n"A,worker,,,\n', catalog);
    expect(quote.ok ? '' : quote.errors[0]).toMatch(/not valid CSV/);
    const empty = readHostsCsv('', catalog);
    expect(empty.ok).toBe(false);
  });

  it('fuzz: never throws; every host it returns would pass the plan schema', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        'worker',
        'linux-guest',
        '192.0.2.1',
        '2001:db8::1-2001:db8::9',
        '"',
        ',',
        '\n',
        '\r\n',
        '\u202e',
      ),
    );
    const row = fc.array(cell, { maxLength: 7 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.boolean(), (rows, withHeader) => {
        const text = [...(withHeader ? ['name,type,address,hostname,zone'] : []), ...rows].join(
          '\n',
        );
        const r = readHostsCsv(text, catalog);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(e).not.toMatch(/[\n\r]/);
          return;
        }
        const merged = mergeImport(emptyPlan('fuzz', catalog), r.hosts).plan;
        const restored = restorePlan(JSON.parse(JSON.stringify(merged)));
        expect(restored.ok, JSON.stringify(restored)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const RESOURCES = JSON.stringify([
  { id: 'node/pve1', type: 'node', node: 'pve1', status: 'online' },
  { id: 'node/pve2', type: 'node', node: 'pve2', status: 'online' },
  {
    id: 'qemu/100',
    type: 'qemu',
    vmid: 100,
    name: 'sql01',
    node: 'pve1',
    tags: 'prod;mssql-guest',
  },
  { id: 'qemu/101', type: 'qemu', vmid: 101, name: 'web01', node: 'pve1' },
  { id: 'qemu/900', type: 'qemu', vmid: 900, name: 'tpl', node: 'pve1', template: 1 },
  { id: 'lxc/200', type: 'lxc', vmid: 200, name: 'dns', node: 'pve2' },
  { id: 'storage/pve1/local', type: 'storage', storage: 'local', node: 'pve1' },
  { id: '/pool/prod', type: 'pool', pool: 'prod' },
]);

describe('Proxmox VE cluster resources', () => {
  it('nodes become pve-servers, guests typed by tag with their vmid; templates, storage, pools skipped', () => {
    const addresses = readAddresses('vmid,address\n100,203.0.113.30\npve1,198.51.100.130\n');
    expect(addresses.ok).toBe(true);
    if (!addresses.ok) return;
    const r = readPveResources(RESOURCES, catalog, addresses.addresses);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.hosts.map((h) => [h.name, h.type, h.vmid ?? null, h.addresses])).toEqual([
      ['pve1', 'pve-server', null, ['198.51.100.130']],
      ['pve2', 'pve-server', null, []],
      ['sql01', 'mssql-guest', 100, ['203.0.113.30']],
      ['web01', 'linux-guest', 101, []],
      ['dns', 'linux-guest', 200, []],
    ]);
    expect(r.warnings).toEqual([
      'item 4 (qemu/101): guest web01 (vmid 101) has no address; add one before exporting',
      'item 6 (lxc/200): guest dns (vmid 200) has no address; add one before exporting',
    ]);
  });

  it('reads guest agent answers, leaving loopback and link-local out', () => {
    const agent = {
      '101': {
        result: [
          {
            name: 'lo',
            'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4' }],
          },
          {
            name: 'eth0',
            'ip-addresses': [
              { 'ip-address': '203.0.113.101', 'ip-address-type': 'ipv4', prefix: 24 },
              { 'ip-address': 'fe80::1', 'ip-address-type': 'ipv6', prefix: 64 },
              { 'ip-address': '2001:db8::101', 'ip-address-type': 'ipv6', prefix: 64 },
            ],
          },
        ],
      },
    };
    const a = readAddresses(JSON.stringify(agent));
    expect(a.ok && [...a.addresses]).toEqual([['101', ['203.0.113.101', '2001:db8::101']]]);
    const bad = readAddresses(JSON.stringify({ abc: [], '102': { result: 5 } }));
    // JSON object keys that are numbers come first (JavaScript's property order).
    expect(bad.ok ? [] : bad.errors).toEqual([
      `vmid 102: expected the guest agent's network-get-interfaces answer (a "result" list)`,
      'key "abc": not a Proxmox VE VM id',
    ]);
  });

  it('names the item of every problem: not JSON, wrong shape, bad vmid', () => {
    expect(readPveResources('{', catalog)).toMatchObject({ ok: false });
    const notArray = readPveResources('{"data":[]}', catalog);
    expect(notArray.ok ? [] : notArray.errors[0]).toContain('expected the JSON array');
    const items = readPveResources(
      JSON.stringify([5, { id: 'qemu/1', type: 'qemu', vmid: 'x' }, { type: 'node' }, {}]),
      catalog,
    );
    expect(items.ok ? [] : items.errors).toEqual([
      'item 1: expected an object, got number',
      'item 2 (qemu/1): "vmid" is not a Proxmox VE VM id, got "x"',
      'item 3: a node item needs its "node" name',
      'item 4: field "type" is missing',
    ]);
  });

  it('fuzz: never throws on any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        const r = readPveResources(text, catalog);
        if (r.ok) {
          const merged = mergeImport(emptyPlan('fuzz', catalog), r.hosts).plan;
          expect(restorePlan(JSON.parse(JSON.stringify(merged))).ok).toBe(true);
        }
        readAddresses(text);
      }),
      { numRuns: 300 },
    );
    const item = fc.record(
      {
        id: fc.string(),
        type: fc.constantFrom('node', 'qemu', 'lxc', 'storage', 'pool'),
        node: fc.string({ maxLength: 10 }),
        vmid: fc.oneof(fc.integer(), fc.string()),
        name: fc.string({ maxLength: 10 }),
        tags: fc.string({ maxLength: 20 }),
        template: fc.constantFrom(0, 1),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 10 }), (items) => {
        const r = readPveResources(JSON.stringify(items), catalog);
        if (!r.ok) return;
        const merged = mergeImport(emptyPlan('fuzz', catalog), r.hosts).plan;
        expect(restorePlan(JSON.parse(JSON.stringify(merged))).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('merging an import into a plan', () => {
  const existing = (): Plan => {
    const r = readHostsCsv(CSV, catalog);
    if (!r.ok) throw new Error('bad fixture');
    return mergeImport(emptyPlan('site', catalog), r.hosts).plan;
  };

  it('creates zones, unique ids and a grid per zone', () => {
    const plan = existing();
    expect(plan.zones.map((z) => [z.id, z.name])).toEqual([
      ['management', 'Management'],
      ['servers', 'Servers'],
    ]);
    expect(plan.nodes.map((n) => [n.id, n.zone, n.position])).toEqual([
      ['vbr01', 'management', { x: 80, y: 80 }],
      ['sql01', 'servers', { x: 400, y: 80 }],
      ['web-tier', 'servers', { x: 600, y: 80 }],
      ['pve01', null, { x: 920, y: 80 }],
    ]);
    expect(restorePlan(plan).ok).toBe(true);
  });

  it('same name updates the node (keeping what the import leaves empty), new names are added', () => {
    const plan = existing();
    const withLink = {
      ...plan,
      connections: [{ id: 'c1', from: 'vbr01', to: 'sql01' }],
    };
    const update = readHostsCsv(
      'name,type,address,hostname,zone\nSQL01,mssql-guest,203.0.113.31,,\nVBR01,backup-server,192.0.2.10,vbr01.example.net,Management\nNEW,worker,198.51.100.5,,\n',
      catalog,
    );
    if (!update.ok) throw new Error(update.errors.join());
    const { plan: next, changes } = mergeImport(withLink, update.hosts);
    expect(importSummary(changes)).toEqual([
      '1 added, 1 updated, 1 unchanged',
      '  updated SQL01: addresses: 203.0.113.30 2001:db8::30 → 203.0.113.31',
      '  added NEW (worker) as new',
    ]);
    const sql = next.nodes.find((n) => n.name === 'SQL01')!;
    expect(sql.zone).toBe('servers');
    expect(sql.position).toEqual(plan.nodes.find((n) => n.name === 'SQL01')!.position);
    expect(next.connections).toEqual(withLink.connections);
    expect(next.nodes.find((n) => n.name === 'NEW')!.position.y).toBeGreaterThan(80);
    // The input plan is not changed.
    expect(withLink.nodes.find((n) => n.name === 'SQL01')!.addresses).toEqual([
      '203.0.113.30',
      '2001:db8::30',
    ]);
  });
});
