// Derived names are unique by construction: adversarial ids never make two nodes share a name in any file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFlows, getCatalog } from '../index';
import type { Plan, PlanNode } from '../plan/types';
import { nftIdentifier } from './escape/nft';
import { proxmoxName } from './escape/proxmox';
import type { ExportFile } from './exporter';
import { EXPORTERS } from './index';
import { NameTable } from './names';

function node(id: string, type: string, addresses: string[], extra: Partial<PlanNode> = {}) {
  return {
    id,
    type,
    name: id,
    addresses,
    zone: null,
    extraRoles: [],
    options: {},
    position: { x: 0, y: 0 },
    ...extra,
  } satisfies PlanNode;
}

function plan(nodes: PlanNode[], connections: [string, string][]): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'Names',
    catalog: 'vbr12-pve',
    options: {},
    zones: [],
    nodes,
    connections: connections.map(([from, to], i) => ({ id: `c${i + 1}`, from, to })),
  };
}

function renderFiles(p: Plan, egress = false): ExportFile[] {
  const catalog = getCatalog(p.catalog);
  const result = computeFlows(p, catalog);
  return EXPORTERS.flatMap(
    (e) => e.render({ plan: p, catalog, result, options: { egress } }).files,
  );
}

/** Every name a file declares, by namespace; a namespace must not hold one name twice. */
function declaredNames(f: ExportFile): Map<string, string[]> {
  const spaces = new Map<string, string[]>();
  const add = (space: string, name: string) =>
    spaces.set(space, [...(spaces.get(space) ?? []), name]);
  let section = '';
  for (const line of f.content.split('\n')) {
    if (f.name.endsWith('.nft')) {
      const m = /^\tset (\S+) \{$/.exec(line);
      if (m) add('nft set', m[1]!);
    } else if (f.name.endsWith('.fw')) {
      const head = /^\[(\w+)(?: (\S+))?\]/.exec(line);
      if (head) {
        section = head[1]!.toLowerCase();
        // Proxmox compares alias, IP set and group names without case.
        if (head[2]) add(section, head[2].toLowerCase());
        continue;
      }
      const alias = /^([A-Za-z][A-Za-z0-9_-]+) \S+/.exec(line);
      if (section === 'aliases' && alias) add('alias', alias[1]!.toLowerCase());
    } else if (f.name.endsWith('.ps1')) {
      const m = /^ {4}-DisplayName (.+) `$/.exec(line);
      if (m) add('rule display name', m[1]!.toLowerCase());
      const n = /^ {4}-Name (.+) `$/.exec(line);
      if (n) add('rule name', n[1]!);
    }
  }
  return spaces;
}

function duplicates(files: readonly ExportFile[]): string[] {
  const problems: string[] = [];
  const fileNames = new Map<string, string>();
  for (const f of files) {
    const folded = f.name.toLowerCase();
    if (fileNames.has(folded)) problems.push(`file name ${f.name} twice`);
    fileNames.set(folded, f.name);
    for (const [space, names] of declaredNames(f)) {
      const seen = new Set<string>();
      for (const n of names) {
        if (seen.has(n)) problems.push(`${f.name}: ${space} ${n} declared twice`);
        seen.add(n);
      }
    }
  }
  return problems;
}

describe('NameTable', () => {
  it('gives distinct keys distinct names, whatever they want, and the same key the same name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom('a', 'a_2', 'A', 'b')), {
          maxLength: 30,
        }),
        fc.boolean(),
        (claims, caseInsensitive) => {
          const table = new NameTable({ max: 6, filler: '_', caseInsensitive, reserved: ['b'] });
          const byKey = new Map<string, string>();
          for (const [key, wanted] of claims) {
            const name = table.claim(key, wanted);
            expect(name.length).toBeLessThanOrEqual(6);
            if (byKey.has(key)) expect(name).toBe(byKey.get(key));
            byKey.set(key, name);
            expect(caseInsensitive ? name.toLowerCase() : name).not.toBe('b');
          }
          const names = [...byKey.values()].map((n) => (caseInsensitive ? n.toLowerCase() : n));
          expect(new Set(names).size).toBe(names.length);
        },
      ),
    );
  });
});

describe('unique names in every file', () => {
  it('nodes vbr-01 and vbr_01_d61f29 get distinct nft sets (the reported collision)', () => {
    expect(nftIdentifier('vbr-01')).toBe('vbr_01_d61f29');
    const p = plan(
      [
        node('vbr-01', 'worker', ['192.0.2.10']),
        node('vbr_01_d61f29', 'worker', ['192.0.2.11']),
        node('repo', 'backup-repository', ['192.0.2.40'], {
          options: { os: 'linux', firewallPolicy: 'restrict' },
        }),
      ],
      [
        ['vbr-01', 'repo'],
        ['vbr_01_d61f29', 'repo'],
      ],
    );
    const repo = renderFiles(p).find((f) => f.name.endsWith('.nft') && f.node === 'repo')!;
    expect(repo.content.match(/^\tset \S+ \{$/gm)?.length).toBe(2);
    expect(duplicates([repo])).toEqual([]);
    // Each set holds its own node's address only.
    expect(repo.content).toMatch(/comment "vbr-01 \(vbr-01\)"\n\t\telements = \{ 192\.0\.2\.10 \}/);
    expect(repo.content).toMatch(
      /comment "vbr_01_d61f29 \(vbr_01_d61f29\)"\n\t\telements = \{ 192\.0\.2\.11 \}/,
    );
  });

  const baseId = fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/);
  /** Ids built from other ids' cleaned and hashed forms, case variants and reserved names. */
  const adversarialIds = fc
    .uniqueArray(baseId, { minLength: 1, maxLength: 4 })
    .chain((bases) =>
      fc.subarray(
        [
          ...bases,
          ...bases.map((b) => nftIdentifier(b)),
          ...bases.map((b) => proxmoxName(b)),
          ...bases.map((b) => proxmoxName(b, 60)),
          ...bases.map((b) => b.toUpperCase()),
          ...bases.map((b) => `${proxmoxName(b, 60)}-a1`),
          ...bases.map((b) => `host-${b}`),
          ...bases.map((b) => `${nftIdentifier(b)}_v4`),
          ...bases.map((b) => `${b}-2`),
          'local_network',
          'management',
          'blacklist',
          'ipfilter-net0',
          'worker',
          'host-worker',
        ],
        { minLength: 2, maxLength: 10 },
      ),
    )
    .map((ids) => [...new Set(ids)]);

  it('adversarial ids never make two nodes share a name in any file', () => {
    const types = ['backup-server', 'worker', 'backup-repository', 'linux-guest', 'windows-guest'];
    fc.assert(
      fc.property(
        adversarialIds,
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 10, maxLength: 10 }),
        fc.boolean(),
        (ids, typeIdx, egress) => {
          const nodes = ids.map((id, i) =>
            node(id, types[typeIdx[i % 10]!]!, [`192.0.2.${i + 1}`, `2001:db8::${i + 1}`], {
              options: { vmid: 100 + i, ...(i % 3 === 0 ? { os: 'linux' } : {}) },
              name: i % 2 ? id.toLowerCase() : id,
            }),
          );
          const edges: [string, string][] = [];
          for (let i = 0; i < ids.length; i++)
            for (let j = i + 1; j < ids.length; j++) edges.push([ids[i]!, ids[j]!]);
          expect(duplicates(renderFiles(plan(nodes, edges), egress))).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
