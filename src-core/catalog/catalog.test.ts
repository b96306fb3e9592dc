// The vbr12-pve catalog against the seed, row by row, plus catalog schema and role resolution.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getCatalog, listCatalogs } from './registry';
import { nodeRoles } from './roles';
import { parseCatalog } from './schema';
import type { CatalogRule } from './types';

const SEED = fileURLToPath(
  new URL('../../../shared/seeds/000_55e916f704efc5f3.txt', import.meta.url),
);

/** Table names in the order the seed prints its tables (two tables have no heading line). */
const TABLES = [
  'Workers',
  'Backup Server',
  'Connections with Non-Persistent Runtime Components',
  'Log Shipping Server Connections',
  'MS SQL Guest OS Connections',
  'Oracle Guest OS Connections',
  'PostgreSQL Guest OS Connections',
];

/** The seed's wording of a From/To cell → the catalog roles it means. */
const ROLE_OF_LABEL: Record<string, string[]> = {
  Worker: ['worker'],
  'Proxmox VE server': ['pve-server'],
  'Backup server': ['backup-server'],
  'Veeam backup repository or gateway server': ['backup-repository'],
  'Veeam Update Repository Amazon CloudFront': ['update-repository'],
  'FLR helper appliance': ['flr-helper'],
  'VM guest OS (Linux)': ['linux-guest'],
  'VM guest OS (Microsoft Windows)': ['windows-guest'],
  'VM guest OS': ['vm-guest'],
  'Guest interaction proxy': ['guest-interaction-proxy'],
  'Guest interaction proxy or backup server': ['guest-interaction-proxy', 'backup-server'],
  'Log shipping server': ['log-shipping-server'],
  'Backup repository': ['backup-repository'],
  'MS SQL VM guest OS': ['mssql-guest'],
  'Oracle VM guest OS (Microsoft Windows)': ['oracle-windows-guest'],
  'Oracle VM guest OS (Linux)': ['oracle-linux-guest'],
  'Oracle VM guest OS': ['oracle-guest'],
  'PostgreSQL VM guest OS': ['postgresql-guest'],
};

interface SeedRow {
  table: string;
  row: number;
  from: string;
  to: string;
  protocol: string;
  start: number;
  end: number;
  notes: string;
}

/** Reads the seed's tables independently of the catalog, resolving the mangled layout. */
function parseSeed(text: string): SeedRow[] {
  const rows: SeedRow[] = [];
  let table = -1;
  let row = 0;
  let from = '';
  let to = '';
  for (const line of text.split('\n')) {
    if (/^From \| To \| Protocol \| Port \| Notes \|/.test(line)) {
      table++;
      row = 0;
      from = '';
      to = '';
      continue;
    }
    if (table < 0 || !line.includes('|') || line.startsWith('|---')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const p = cells.findIndex((c) => /^(TCP|UDP|TCP\/HTTPS|SSH)$/.test(c));
    if (p < 0) continue; // the "Note" row and its text are not port rows
    const before = cells.slice(0, p).filter((c) => c !== '');
    if (before.length === 2) [from, to] = before as [string, string];
    else if (before.length === 1) to = before[0]!;
    const m = /^(\d+)(?:(?: to |-)(\d+))?$/.exec(cells[p + 1]!);
    if (!m) throw new Error(`unparsed port in: ${line}`);
    rows.push({
      table: TABLES[table]!,
      row: ++row,
      from,
      to,
      protocol: cells[p]!,
      start: Number(m[1]),
      end: Number(m[2] ?? m[1]),
      notes: cells[p + 2] ?? '',
    });
  }
  return rows;
}

const seedRows = parseSeed(readFileSync(SEED, 'utf8'));
const catalog = getCatalog('vbr12-pve');

describe('vbr12-pve against the seed', () => {
  it('finds the seed tables with the expected number of rows', () => {
    const counts = Object.fromEntries(
      TABLES.map((t) => [t, seedRows.filter((r) => r.table === t).length]),
    );
    expect(counts).toEqual({
      Workers: 5,
      'Backup Server': 6,
      'Connections with Non-Persistent Runtime Components': 9,
      'Log Shipping Server Connections': 5,
      'MS SQL Guest OS Connections': 7,
      'Oracle Guest OS Connections': 9,
      'PostgreSQL Guest OS Connections': 5,
    });
    expect(catalog.rules).toHaveLength(46);
  });

  it.each(
    seedRows.map(
      (r) => [`${r.table} #${r.row}: ${r.from} → ${r.to} ${r.protocol} ${r.start}`, r] as const,
    ),
  )('%s', (_label, seed) => {
    const matches = catalog.rules.filter(
      (r) => r.source.table === seed.table && r.source.row === seed.row,
    );
    expect(matches).toHaveLength(1);
    const rule = matches[0]!;
    expect(rule.source.document).toBe('vbr12-pve-ports');
    expect(ROLE_OF_LABEL[seed.from], seed.from).toBeDefined();
    expect(ROLE_OF_LABEL[seed.to], seed.to).toBeDefined();
    expect([...rule.from].sort()).toEqual([...ROLE_OF_LABEL[seed.from]!].sort());
    expect([...rule.to].sort()).toEqual([...ROLE_OF_LABEL[seed.to]!].sort());
    expect(rule.protocol).toBe('tcp');
    expect(rule.publishedProtocol).toBe(seed.protocol);
    expect(rule.ports).toEqual({ start: seed.start, end: seed.end });

    const kinds = (rule.conditions ?? []).map((c) => c.kind);
    if (seed.start === 49152) {
      expect(rule.conditions).toEqual([
        expect.objectContaining({
          kind: 'node-option',
          node: 'to',
          option: 'windowsFirewall',
          equals: 'custom',
        }),
      ]);
    } else if (/if log shipping servers are not used/.test(seed.notes)) {
      expect(rule.conditions).toEqual([
        expect.objectContaining({
          kind: 'no-peer-with-role',
          node: 'from',
          role: 'log-shipping-server',
        }),
      ]);
    } else {
      expect(kinds).toEqual([]);
    }
    if (seed.start === 2500 && seed.end === 3300) expect(rule.service).toBe('data-mover');
    else if (seed.start === 22) expect(rule.service).toBe('ssh');
    else expect(rule.service).toBeUndefined();
    expect(rule.local ?? false).toBe(seed.from === seed.to);
  });

  it('cites every rule back to a seed row, each row once', () => {
    const keys = catalog.rules.map((r) => `${r.source.table}#${r.source.row}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(seedRows.map((r) => `${r.table}#${r.row}`).sort());
  });

  it('resolves the runtime-components continuation rows to the backup server', () => {
    const rule = catalog.rules.find((r) => r.ports.start === 6190)!;
    expect(rule.from).toEqual(['backup-server']);
    expect(rule.to).toEqual(['guest-interaction-proxy']);
  });
});

describe('catalog loading', () => {
  it('lists vbr12-pve and validates it', () => {
    expect(listCatalogs().map((c) => c.edition)).toContain('vbr12-pve');
    expect(getCatalog('vbr12-pve')).toBe(catalog);
  });

  it('throws for an unknown edition, naming the known ones', () => {
    expect(() => getCatalog('vbr99')).toThrow(
      /Unknown catalog edition "vbr99" \(known: .*vbr12-pve/,
    );
  });

  it('has every DESIGN.md component type with label, description and default OS', () => {
    expect(catalog.componentTypes.map((t) => t.id).sort()).toEqual(
      [
        'backup-server',
        'worker',
        'pve-server',
        'backup-repository',
        'update-repository',
        'flr-helper',
        'guest-interaction-proxy',
        'log-shipping-server',
        'linux-guest',
        'windows-guest',
        'mssql-guest',
        'oracle-windows-guest',
        'oracle-linux-guest',
        'postgresql-guest',
      ].sort(),
    );
    for (const t of catalog.componentTypes) {
      expect(t.label.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(0);
    }
  });

  const clone = () =>
    JSON.parse(JSON.stringify(catalog)) as { rules: Record<string, unknown>[] } & Record<
      string,
      unknown
    >;

  it('rejects a rule naming an unknown role', () => {
    const data = clone();
    data.rules[0]!.to = ['nowhere'];
    expect(() => parseCatalog(data, 'test')).toThrow(/unknown role "nowhere"/);
  });

  it('rejects duplicate rule ids and malformed ports', () => {
    const data = clone();
    data.rules[1]!.id = data.rules[0]!.id;
    expect(() => parseCatalog(data, 'test')).toThrow(/duplicate rule id "worker-pve-api"/);
    const bad = clone();
    bad.rules[0]!.ports = { start: 10, end: 5 };
    expect(() => parseCatalog(bad, 'test')).toThrow(/start must not exceed end/);
  });
});

describe('role resolution', () => {
  const roles = (type: string, extraRoles: string[] = []) =>
    [...nodeRoles(catalog, { type, extraRoles })].sort();

  it('implies roles from the type', () => {
    expect(roles('mssql-guest')).toEqual(['mssql-guest', 'vm-guest', 'windows-guest']);
    expect(roles('oracle-windows-guest')).toEqual([
      'oracle-guest',
      'oracle-windows-guest',
      'vm-guest',
      'windows-guest',
    ]);
    expect(roles('oracle-linux-guest')).toEqual([
      'linux-guest',
      'oracle-guest',
      'oracle-linux-guest',
      'vm-guest',
    ]);
    expect(roles('postgresql-guest')).toEqual(['linux-guest', 'postgresql-guest', 'vm-guest']);
  });

  it('adds extra roles, expanding a type id to its implied roles', () => {
    expect(roles('backup-server', ['guest-interaction-proxy', 'backup-repository'])).toEqual([
      'backup-repository',
      'backup-server',
      'guest-interaction-proxy',
    ]);
    expect(roles('backup-server', ['mssql-guest'])).toContain('windows-guest');
  });

  it('keeps unknown types and roles harmless', () => {
    expect(roles('no-such-type', ['x'])).toEqual(['x']);
  });

  it('only offers extra roles that exist and are not abstract', () => {
    const concrete = new Set(catalog.roles.filter((r) => !r.abstract).map((r) => r.id));
    for (const t of catalog.componentTypes) {
      for (const r of t.allowedExtraRoles ?? [])
        expect(concrete.has(r), `${t.id} → ${r}`).toBe(true);
    }
  });
});

/** A rule's published endpoints, for readable failures. */
export function describeRule(r: CatalogRule): string {
  return `${r.id}: ${r.from.join('|')} → ${r.to.join('|')}`;
}

describe('catalog integrity: a catalog cannot reference what it does not define', () => {
  type Raw = {
    componentTypes: { id: string; options?: string[]; allowedExtraRoles?: string[] }[];
    rules: Record<string, unknown>[];
    options?: { id: string; scope: string }[];
  } & Record<string, unknown>;
  const RAW: Record<string, unknown> = {
    'vbr12-pve': JSON.parse(
      readFileSync(new URL('../../resources/catalogs/vbr12-pve.json', import.meta.url), 'utf8'),
    ),
    'vbr13-pve': JSON.parse(
      readFileSync(new URL('../../resources/catalogs/vbr13-pve.json', import.meta.url), 'utf8'),
    ),
  };
  const clone = (edition: string) => JSON.parse(JSON.stringify(RAW[edition])) as Raw;
  const typeIndex = (data: Raw, id: string) => data.componentTypes.findIndex((t) => t.id === id);

  /** Each case breaks one reference and names the message (and so the place) it must give. */
  const CASES: readonly {
    readonly what: string;
    readonly mutate: (data: Raw) => void;
    readonly message: (data: Raw) => RegExp;
  }[] = [
    {
      what: 'a type naming an undeclared node option',
      mutate: (d) => d.componentTypes[typeIndex(d, 'worker')]!.options!.push('windowsFirewal'),
      message: (d) =>
        new RegExp(
          `componentTypes\\[${typeIndex(d, 'worker')}\\] \\(worker\\)\\.options\\[\\d+\\]: names undeclared node option "windowsFirewal"`,
        ),
    },
    {
      what: 'a type naming a plan option as a node option',
      mutate: (d) => {
        d.options!.push({
          id: 'planOnly',
          scope: 'plan',
          label: 'Plan only',
          description: 'A plan option.',
          values: [{ value: true, label: 'Yes' }],
          default: true,
        } as never);
        d.componentTypes[typeIndex(d, 'worker')]!.options!.push('planOnly');
      },
      message: () => /\(worker\)\.options\[\d+\]: "planOnly" is a plan option, not a node option/,
    },
    {
      what: 'a type listing one option twice',
      mutate: (d) => d.componentTypes[typeIndex(d, 'worker')]!.options!.push('firewallPolicy'),
      message: () => /\(worker\): lists option "firewallPolicy" twice/,
    },
    {
      what: 'a rule condition naming an unknown option',
      mutate: (d) => {
        d.rules[0]!.conditions = [
          { kind: 'plan-option', option: 'noSuchOption', equals: true, description: 'x' },
        ];
      },
      message: (d) =>
        new RegExp(
          `rules\\[0\\] \\(${String(d.rules[0]!.id)}\\): condition uses undeclared plan option "noSuchOption"`,
        ),
    },
    {
      what: 'a rule condition naming a value the option does not offer',
      mutate: (d) => {
        d.rules[0]!.conditions = [
          {
            kind: 'node-option',
            node: 'to',
            option: 'firewallPolicy',
            equals: 'open',
            description: 'x',
          },
        ];
      },
      message: () => /condition value "open" is not a value of option "firewallPolicy"/,
    },
    {
      what: 'a condition naming an unknown peer role',
      mutate: (d) => {
        d.rules[0]!.conditions = [
          { kind: 'no-peer-with-role', node: 'from', role: 'no-such-role', description: 'x' },
        ];
      },
      message: () => /condition names unknown role "no-such-role"/,
    },
    {
      what: 'a rule naming an unknown role',
      mutate: (d) => {
        d.rules[1]!.from = ['ghost-role'];
      },
      message: () => /rules\[1\] \([a-z0-9-]+\): unknown role "ghost-role"/,
    },
    {
      what: 'a type allowing an unknown extra role',
      mutate: (d) =>
        d.componentTypes[typeIndex(d, 'backup-server')]!.allowedExtraRoles!.push('x-role'),
      message: () => /componentTypes\[\d+\]: unknown role "x-role"/,
    },
    {
      what: 'a rule both local and network',
      mutate: (d) => {
        d.rules[0]!.local = true;
        d.rules[0]!.network = true;
      },
      message: () => /rules\[0\] \([a-z0-9-]+\): cannot be both local and network/,
    },
    {
      what: 'a network rule whose ends share no role',
      mutate: (d) => {
        d.rules[0]!.network = true;
      },
      message: () => /rules\[0\] \([a-z0-9-]+\): network is only meaningful/,
    },
  ];

  for (const edition of Object.keys(RAW)) {
    it(`${edition} loads as shipped`, () => {
      expect(() => parseCatalog(RAW[edition], edition)).not.toThrow();
    });
    it.each(CASES.map((c) => [c.what, c] as const))(`${edition}: refuses %s`, (_, c) => {
      const data = clone(edition);
      c.mutate(data);
      expect(() => parseCatalog(data, edition)).toThrow(c.message(data));
    });
  }

  it('the built-in node fields are the only options a type may list without declaring', () => {
    for (const catalog of listCatalogs()) {
      const declared = new Set((catalog.options ?? []).map((o) => o.id));
      for (const t of catalog.componentTypes) {
        for (const o of t.options ?? []) {
          expect(declared.has(o) || o === 'portOverrides' || o === 'vmid', `${t.id}: ${o}`).toBe(
            true,
          );
        }
      }
    }
  });
});
