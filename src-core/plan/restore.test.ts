// Loading plans: samples, every kind of bad file with its exact message, migrations, round trips.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogEditions } from '../catalog/registry';
import { parsePlanText, restorePlan } from './restore';
import type { PlanError, RestoreResult } from './restore';
import { serializePlan } from './serialize';

const sample = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../resources/samples/${name}.portolan.json`, import.meta.url)),
    'utf8',
  );

/** A small valid plan as plain data, for mutating into bad ones. */
function base(): Record<string, unknown> & {
  nodes: Record<string, unknown>[];
  connections: Record<string, unknown>[];
  zones: Record<string, unknown>[];
} {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'Test',
    catalog: 'vbr12-pve',
    options: {},
    zones: [{ id: 'mgmt', name: 'Management', cidrs: ['192.0.2.0/24'] }],
    nodes: [
      {
        id: 'vbr',
        type: 'backup-server',
        name: 'VBR',
        addresses: ['192.0.2.10'],
        zone: 'mgmt',
        extraRoles: [],
        options: {},
        position: { x: 0, y: 0 },
      },
      {
        id: 'w1',
        type: 'worker',
        name: 'W1',
        addresses: ['192.0.2.11'],
        zone: 'mgmt',
        extraRoles: [],
        options: {},
        position: { x: 1, y: 1 },
      },
    ],
    connections: [{ id: 'c1', from: 'vbr', to: 'w1' }],
  };
}

function errorsOf(result: RestoreResult): readonly PlanError[] {
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.errors;
}

const lines = (r: RestoreResult) =>
  errorsOf(r).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));

describe('restorePlan accepts', () => {
  it.each(['all-in-one', 'distributed'])(
    'the %s sample, and writes it back byte for byte',
    (name) => {
      const text = sample(name);
      const result = parsePlanText(text);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.migratedFrom).toBeUndefined();
        expect(serializePlan(result.plan)).toBe(text);
      }
    },
  );

  it('keeps unknown fields at every level', () => {
    const doc = base();
    doc.futureField = { a: 1 };
    doc.nodes[0]!.colour = 'red';
    (doc.nodes[0]!.options as Record<string, unknown>).custom = true;
    doc.connections[0]!.label = 'mgmt link';
    doc.zones[0]!.vlan = 12;
    const result = restorePlan(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const again = JSON.parse(serializePlan(result.plan));
    expect(again.futureField).toEqual({ a: 1 });
    expect(again.nodes[0].colour).toBe('red');
    expect(again.nodes[0].options.custom).toBe(true);
    expect(again.connections[0].label).toBe('mgmt link');
    expect(again.zones[0].vlan).toBe(12);
  });

  it('fills empty defaults for optional collections', () => {
    const doc: Record<string, unknown> = base();
    delete doc.zones;
    delete doc.options;
    doc.nodes = [{ id: 'a', type: 'worker', name: 'A' }];
    doc.connections = [];
    const result = restorePlan(doc);
    expect(result.ok && result.plan.nodes[0]).toEqual({
      id: 'a',
      type: 'worker',
      name: 'A',
      addresses: [],
      extraRoles: [],
      options: {},
      position: { x: 0, y: 0 },
    });
  });

  it('accepts IPv6 and CIDR addresses', () => {
    const doc = base();
    doc.zones = [];
    doc.nodes[0]!.zone = null;
    doc.nodes[1]!.zone = null;
    doc.nodes[0]!.addresses = ['2001:db8::10', '192.0.2.0/24', '2001:db8::/64'];
    expect(restorePlan(doc).ok).toBe(true);
  });

  it('serializes the same plan to the same bytes whatever its key order', () => {
    const doc = base();
    const reordered = Object.fromEntries(Object.entries(doc).reverse());
    const a = restorePlan(doc);
    const b = restorePlan(reordered);
    expect(a.ok && b.ok && serializePlan(a.plan) === serializePlan(b.plan)).toBe(true);
    if (a.ok) expect(serializePlan(a.plan).endsWith('}\n')).toBe(true);
  });
});

describe('restorePlan refuses, naming the field', () => {
  const cases: [string, (d: ReturnType<typeof base>) => unknown, string[]][] = [
    [
      'a bad IPv4 address',
      (d) => {
        d.nodes[1]!.addresses = ['192.0.2.1', '300.1.1.1'];
      },
      ['nodes[1].addresses[1]: "300.1.1.1" is not an IPv4 or IPv6 address'],
    ],
    [
      'a non-decimal IPv4 form',
      (d) => {
        d.nodes[0]!.addresses = ['0x7f.1'];
      },
      ['nodes[0].addresses[0]: "0x7f.1" is not an IPv4 or IPv6 address'],
    ],
    [
      'an IPv6 zone id',
      (d) => {
        d.nodes[0]!.addresses = ['fe80::1%eth0'];
      },
      ['nodes[0].addresses[0]: "fe80::1%eth0" is not an IPv4 or IPv6 address'],
    ],
    [
      'a prefix too long',
      (d) => {
        d.nodes[0]!.addresses = ['192.0.2.1/33'];
      },
      ['nodes[0].addresses[0]: "192.0.2.1/33" is not an IPv4 or IPv6 address'],
    ],
    [
      'a zone CIDR without prefix',
      (d) => {
        d.zones[0]!.cidrs = ['192.0.2.0'];
      },
      [
        'zones[0].cidrs[0]: "192.0.2.0" is not an IPv4 or IPv6 network in CIDR notation (e.g. 192.0.2.0/24)',
      ],
    ],
    [
      'a name of the wrong type',
      (d) => {
        d.nodes[0]!.name = 42;
      },
      ['nodes[0].name: expected string, got number 42'],
    ],
    [
      'addresses that are not a list',
      (d) => {
        d.nodes[0]!.addresses = '192.0.2.1';
      },
      ['nodes[0].addresses: expected array, got string "192.0.2.1"'],
    ],
    [
      'a missing node list',
      (d) => {
        delete (d as Record<string, unknown>).nodes;
      },
      ['nodes: is required (array)'],
    ],
    [
      'a position that is not a number',
      (d) => {
        d.nodes[0]!.position = { x: 'left', y: 0 };
      },
      ['nodes[0].position.x: expected number, got string "left"'],
    ],
    [
      'a bad windowsFirewall value',
      (d) => {
        d.nodes[0]!.options = { windowsFirewall: 'off' };
      },
      ['nodes[0].options.windowsFirewall: must be "default" or "custom", got string "off"'],
    ],
    [
      'a vmid below 100',
      (d) => {
        d.nodes[1]!.options = { vmid: 7 };
      },
      ['nodes[1].options.vmid: must be >=100'],
    ],
    [
      'a bad port override',
      (d) => {
        d.nodes[1]!.options = { portOverrides: { 'data-mover': '3300-2500' } };
      },
      [
        'nodes[1].options.portOverrides.data-mover: "3300-2500" is not a port or port range ("N" or "N-M", 1-65535)',
      ],
    ],
    [
      'a port override of an unknown service',
      (d) => {
        d.nodes[1]!.options = { portOverrides: { smtp: '25' } };
      },
      ['nodes[1].options.portOverrides.smtp: unknown service "smtp" (known: data-mover, ssh)'],
    ],
    [
      'an unsafe node id',
      (d) => {
        d.nodes[0]!.id = '../etc';
        d.connections = [];
      },
      [
        'nodes[0].id: "../etc" is not a valid id (letters, digits, "-" and "_", 1 to 64 characters)',
      ],
    ],
    [
      'a node id longer than 64',
      (d) => {
        d.nodes[0]!.id = 'a'.repeat(65);
        d.connections = [];
      },
      [
        `nodes[0].id: "${'a'.repeat(65)}" is not a valid id (letters, digits, "-" and "_", 1 to 64 characters)`,
      ],
    ],
    [
      'a bad host name',
      (d) => {
        d.nodes[0]!.hostname = 'vbr;rm -rf /';
      },
      ['nodes[0].hostname: "vbr;rm -rf /" is not a valid host name'],
    ],
    [
      'a newline in a name',
      (d) => {
        d.nodes[0]!.name = 'VBR\nrm -rf /';
      },
      ['nodes[0].name: "VBR\\nrm -rf /" contains U+000A (a control character) at character 4'],
    ],
    [
      'a connection to an unknown node',
      (d) => {
        d.connections[0]!.to = 'w9';
      },
      ['connections[0].to: unknown node "w9"'],
    ],
    [
      'a connection from an unknown node',
      (d) => {
        d.connections[0]!.from = 'ghost';
      },
      ['connections[0].from: unknown node "ghost"'],
    ],
    [
      'a self connection',
      (d) => {
        d.connections[0]!.to = 'vbr';
      },
      ['connections[0]: connects node "vbr" to itself'],
    ],
    [
      'duplicate node ids',
      (d) => {
        d.nodes[1]!.id = 'vbr';
        d.connections = [];
      },
      ['nodes[1].id: duplicate node id "vbr" (also nodes[0])'],
    ],
    [
      'duplicate connection ids',
      (d) => {
        d.connections.push({ id: 'c1', from: 'w1', to: 'vbr' });
      },
      ['connections[1].id: duplicate connection id "c1" (also connections[0])'],
    ],
    [
      'duplicate zone ids',
      (d) => {
        d.zones.push({ id: 'mgmt', name: 'Again', cidrs: [] });
      },
      ['zones[1].id: duplicate zone id "mgmt" (also zones[0])'],
    ],
    [
      'an unknown zone',
      (d) => {
        d.nodes[0]!.zone = 'dmz';
      },
      ['nodes[0].zone: unknown zone "dmz"'],
    ],
    [
      'an unknown node type',
      (d) => {
        d.nodes[0]!.type = 'mainframe';
      },
      ['nodes[0].type: unknown component type "mainframe" in catalog vbr12-pve'],
    ],
    [
      'an unknown extra role',
      (d) => {
        d.nodes[0]!.extraRoles = ['coffee-maker'];
      },
      ['nodes[0].extraRoles[0]: unknown role "coffee-maker" in catalog vbr12-pve'],
    ],
    [
      'an abstract extra role',
      (d) => {
        d.nodes[0]!.extraRoles = ['vm-guest'];
      },
      ['nodes[0].extraRoles[0]: unknown role "vm-guest" in catalog vbr12-pve'],
    ],
    [
      'an unknown catalog',
      (d) => {
        d.catalog = 'vbr99-pve';
      },
      [`catalog: unknown catalog edition "vbr99-pve" (known: ${catalogEditions().join(', ')})`],
    ],
    [
      'a newer version',
      (d) => {
        d.version = 2;
      },
      [
        'version: plan format version 2 is newer than this Portolan supports (1); open it with a newer Portolan',
      ],
    ],
    [
      'a version that is a string',
      (d) => {
        d.version = '1';
      },
      ['version: expected an integer, got string "1"'],
    ],
    [
      'a negative version',
      (d) => {
        d.version = -1;
      },
      ['version: unknown plan format version -1'],
    ],
    [
      'a wrong format marker',
      (d) => {
        d.format = 'excalidraw';
      },
      ['format: must be "portolan-plan", got string "excalidraw"'],
    ],
    ['an array instead of a plan', () => [], ['a plan must be a JSON object, got an array']],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    const doc = base();
    const replaced = mutate(doc);
    const result = restorePlan(replaced === undefined ? doc : replaced);
    expect(lines(result)).toEqual(expected);
  });

  it('reports every schema error at once', () => {
    const doc = base();
    doc.nodes[0]!.addresses = ['1.2.3.999'];
    doc.nodes[1]!.name = '';
    expect(lines(restorePlan(doc))).toEqual([
      'nodes[0].addresses[0]: "1.2.3.999" is not an IPv4 or IPv6 address',
      'nodes[1].name: must have >=1 characters',
    ]);
  });

  it('refuses nesting that would crash saving (JSON.stringify, structured clone)', () => {
    const doc = base();
    let deep: unknown[] = [];
    const extra = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: unknown[] = [];
      deep.push(next);
      deep = next;
    }
    doc.nodes[0]!.extra = extra;
    const errors = errorsOf(restorePlan(doc));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('nodes[0].extra[0][0][0][0][0]');
    expect(errors[0]!.message).toBe('nested more than 64 levels deep');
    // A file reaches the same error from its text (checked there, before any tree walk).
    // (JSON.stringify itself would overflow on it: the nesting is written as text.)
    const withPlaceholder = base();
    withPlaceholder.nodes[0]!.extra = 'DEEP';
    const text = JSON.stringify(withPlaceholder).replace(
      '"DEEP"',
      `${'['.repeat(100_001)}${']'.repeat(100_001)}`,
    );
    const fileErrors = errorsOf(parsePlanText(text));
    expect(fileErrors).toEqual(errors);
    // Nesting well within the limit is kept and round-trips.
    const ok = base();
    ok.nodes[0]!.extra = JSON.parse(`${'['.repeat(50)}${']'.repeat(50)}`);
    const restored = restorePlan(ok);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(JSON.stringify(restored.plan.nodes[0]!.extra)).toBe(
      `${'['.repeat(50)}${']'.repeat(50)}`,
    );
    expect(() => serializePlan(restored.plan)).not.toThrow();
  });

  it('reports invalid JSON with its position', () => {
    const errors = errorsOf(parsePlanText('{"format": "portolan-plan",'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('');
    expect(errors[0]!.message).toMatch(/^not valid JSON: /);
  });
});

describe('migrations', () => {
  const version0 = {
    format: 'portolan-plan',
    version: 0,
    name: 'Draft',
    nodes: [
      {
        id: 'vbr',
        type: 'backup-server',
        name: 'VBR',
        address: '192.0.2.10',
        x: 10,
        y: 20,
        roles: ['backup-repository'],
        tag: 'kept',
      },
      { id: 'w1', type: 'worker', name: 'W1', address: '192.0.2.11', x: 30, y: 40 },
    ],
    edges: [{ id: 'e1', source: 'w1', target: 'vbr', weight: 3 }],
  };

  it('migrates a version 0 draft to version 1, keeping unknown fields', () => {
    const result = restorePlan(version0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(0);
    expect(result.plan.version).toBe(1);
    expect(result.plan.catalog).toBe('vbr12-pve');
    expect(result.plan.nodes[0]).toEqual({
      id: 'vbr',
      type: 'backup-server',
      name: 'VBR',
      addresses: ['192.0.2.10'],
      extraRoles: ['backup-repository'],
      options: {},
      position: { x: 10, y: 20 },
      tag: 'kept',
    });
    expect(result.plan.connections).toEqual([{ id: 'e1', from: 'w1', to: 'vbr', weight: 3 }]);
    expect(result.plan).not.toHaveProperty('edges');
  });

  it('validates the migrated document like any other', () => {
    const broken = { ...version0, edges: [{ id: 'e1', source: 'w1', target: 'nobody' }] };
    expect(lines(restorePlan(broken))).toEqual(['connections[0].to: unknown node "nobody"']);
  });
});
