// Proxmox files judged by pve-firewall's own parser, compiler and simulator (../shared/tools/pvefw/check.sh): samples, crafted and random plans.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFlows, getCatalog, parsePlanText } from '../index';
import type { Plan, PlanNode } from '../plan/types';
import { parseCsv } from './__fixtures__/verify';
import { csv } from './csv';
import { csvRecords } from './escape/csv';
import { proxmox } from './proxmox';
import { nftIdentifier } from './escape/nft';
import { proxmoxName } from './escape/proxmox';

const TOOL = join(__dirname, '../../../shared/tools/pvefw');
const perlModules = ['Net::IP', 'JSON', 'Date::Parse'].filter(
  (m) => spawnSync('perl', [`-M${m}`, '-e1']).status !== 0,
);
const reason = !existsSync(join(TOOL, 'check.sh'))
  ? `${TOOL} is absent (the shared tools folder is not next to this checkout)`
  : perlModules.length
    ? `Perl modules missing: ${perlModules.join(', ')} (apt-get install libnet-ip-perl libjson-perl libtimedate-perl)`
    : '';
if (reason)
  console.warn(`pvefw.test.ts skipped: ${reason}; Proxmox's own parser did not judge the files.`);

const work = mkdtempSync(join(tmpdir(), 'ptl-pvefw-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A private copy of the checker: check.pl compiles in "<its folder>/work" and removes that
 * folder when done, which would race with anyone else running the shared copy.
 */
let checker = '';
function checkerPath(): string {
  if (checker) return checker;
  const dir = join(work, 'pvefw');
  mkdirSync(dir);
  for (const part of ['check.sh', 'check.pl', 'lib', 'pve-firewall-src'])
    cpSync(join(TOOL, part), join(dir, part), { recursive: true });
  checker = join(dir, 'check.sh');
  return checker;
}

let runs = 0;
interface Check {
  readonly status: number | null;
  readonly out: string;
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
}

/** Exports the plan's Proxmox files (and flows.csv) into a fresh folder and runs check.sh on it. */
function check(plan: Plan): Check {
  const catalog = getCatalog(plan.catalog);
  const input = { plan, catalog, result: computeFlows(plan, catalog), options: {} };
  const dir = join(work, `run-${runs++}`);
  mkdirSync(dir);
  const files = new Map<string, string>();
  for (const f of proxmox.render(input).files) {
    writeFileSync(join(dir, f.name), f.content);
    files.set(f.name, f.content);
  }
  const flows = join(work, `flows-${runs}.csv`);
  // Local flows (between two roles of one node) never cross a firewall; check.pl would probe them.
  const rows = parseCsv(csv.render(input).files[0]!.content);
  const local = rows[0]!.indexOf('local');
  writeFileSync(flows, csvRecords(rows.filter((row, i) => i === 0 || row[local] !== 'yes')));
  const r = spawnSync('sh', [checkerPath(), '--flows', flows, dir], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return {
    status: r.status,
    out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`,
    dir,
    files,
  };
}

/** check.sh accepted every line, warned of nothing, and every probe (intended flows too) passed. */
function expectClean(r: Check): void {
  expect(r.out, r.out).toContain('RESULT: all lines accepted, no warnings');
  expect(r.status, r.out).toBe(0);
  expect(r.out).toMatch(/simulator probes: [1-9]\d*, failed: 0/);
  expect(r.out).not.toMatch(/intended flows .*: \d+ probes passed, [1-9]/);
}

function loadSample(name: string): Plan {
  const text = readFileSync(
    join(__dirname, `../../resources/samples/${name}.portolan.json`),
    'utf8',
  );
  const r = parsePlanText(text);
  if (!r.ok) throw new Error(name);
  return r.plan;
}

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

/** Backup server, Proxmox VE server, worker (VM 9001), a Windows guest (VM 120); `vbr` varies. */
function crafted(vbrId: string, vbrAddresses: string[]): Plan {
  return {
    format: 'portolan-plan',
    version: 1,
    name: 'Crafted',
    catalog: 'vbr12-pve',
    options: {},
    zones: [],
    nodes: [
      node(vbrId, 'backup-server', vbrAddresses),
      node('pve1', 'pve-server', ['192.0.2.20']),
      node('w1', 'worker', ['192.0.2.30'], { options: { vmid: 9001 } }),
      node('gip', 'guest-interaction-proxy', ['192.0.2.40']),
      node('win', 'windows-guest', ['192.0.2.50'], {
        options: { vmid: 120, windowsFirewall: 'custom', firewallPolicy: 'restrict' },
      }),
      node('win2', 'windows-guest', ['192.0.2.51'], {
        options: { vmid: 121, firewallPolicy: 'restrict' },
      }),
    ],
    connections: [
      { id: 'c1', from: vbrId, to: 'pve1' },
      { id: 'c2', from: vbrId, to: 'w1' },
      { id: 'c3', from: 'w1', to: 'pve1' },
      { id: 'c4', from: vbrId, to: 'gip' },
      { id: 'c5', from: 'gip', to: 'win' },
      { id: 'c6', from: 'gip', to: 'win2' },
    ],
  };
}

describe.skipIf(Boolean(reason))("Proxmox files through pve-firewall's own code", () => {
  it.each(['all-in-one', 'distributed'])('sample %s loads exactly as written', (name) => {
    const r = check(loadSample(name));
    expectClean(r);
    expect(r.out).toMatch(/intended flows .*: [1-9]\d* probes passed, 0 failed/);
  });

  it('an id with capital letters and several addresses keeps its rules (IP set names in lower case)', () => {
    const r = check(crafted('VBR_Main', ['192.0.2.10', '192.0.2.11']));
    expectClean(r);
    const cluster = r.files.get('cluster.fw')!;
    expect(cluster).toContain('[IPSET host-vbr_main]');
    expect(r.files.get('9001.fw')).toContain('-source +host-vbr_main ');
  });

  it('a node id local_network never redefines the reserved alias (no lockout)', () => {
    const r = check(crafted('local_network', ['192.0.2.10']));
    expectClean(r);
    expect(r.out).toContain('names with a special meaning to pve-firewall: none');
    expect(r.files.get('cluster.fw')).not.toMatch(/^local_network /m);
    expect(r.files.get('cluster.fw')).toMatch(/^local_network-2 192\.0\.2\.10 /m);
    // Management access from the real cluster network survives (probed by check.pl on host files).
    expect(r.out).toMatch(/pve1\.host\.fw: compiled/);
  });

  it('0.0.0.0/0 and ::/0 never reach an IP set (ipset restore would fail)', () => {
    const r = check(crafted('vbr', ['0.0.0.0/0', '::/0']));
    expectClean(r);
    expect(r.out).not.toContain('ipset problem');
    const cluster = r.files.get('cluster.fw')!;
    const sets = cluster.split('[IPSET ').slice(1);
    for (const set of sets) expect(set.split('\n[')[0]).not.toMatch(/^vbr-a\d/m);
    expect(r.files.get('9001.fw')).toMatch(/-source vbr-a1 /);
    expect(r.files.get('9001.fw')).toMatch(/-source vbr-a2 /);
  });

  it("a rule conditional on one guest (RPC, custom Windows firewall) is in that guest's file, not the role's group", () => {
    const r = check(crafted('vbr', ['192.0.2.10']));
    expectClean(r);
    const cluster = r.files.get('cluster.fw')!;
    const group = cluster.slice(cluster.indexOf('[group windows-guest]'));
    expect(group).toContain('-dport 445 ');
    expect(group.split('\n[')[0]).not.toContain('49152:65535');
    expect(r.files.get('120.fw')).toContain('-dport 445,2500:3300,49152:65535');
    expect(r.files.get('121.fw')).not.toContain('49152');
  });

  it('host and guest files say they need cluster.fw first, and in which order', () => {
    const r = check(loadSample('distributed'));
    // check.pl loads the host and guest files without cluster.fw too: nothing survives.
    expect(r.out).toMatch(/without this cluster\.fw .* keep 0 of \d+ rules/);
    for (const [name, content] of r.files) {
      expect(content, name).toContain(
        'Host and guest files work only after this cluster.fw is merged',
      );
      expect(content, name).toContain('Order: 1. merge cluster.fw');
    }
  });

  const baseId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/);
  const adversarial = fc
    .uniqueArray(baseId, { minLength: 1, maxLength: 3 })
    .chain((bases) =>
      fc.subarray(
        [
          ...bases,
          ...bases.map((b) => b.toUpperCase()),
          ...bases.map((b) => proxmoxName(b)),
          ...bases.map((b) => `${proxmoxName(b, 60).toLowerCase()}-a1`),
          ...bases.map((b) => `host-${b}`),
          ...bases.map((b) => nftIdentifier(b)),
          'local_network',
          'management',
          'worker',
          'host-worker',
        ],
        { minLength: 2, maxLength: 6 },
      ),
    )
    .map((ids) => [...new Set(ids)]);

  it('random plans with adversarial ids load exactly as intended', () => {
    const types = ['backup-server', 'worker', 'pve-server', 'linux-guest', 'windows-guest'];
    fc.assert(
      fc.property(
        adversarial,
        fc.array(fc.integer({ min: 0, max: types.length - 1 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom('one', 'two', 'zero'), { minLength: 6, maxLength: 6 }),
        (ids, typeIdx, shapes) => {
          const nodes = ids.map((id, i) => {
            const shape = shapes[i]!;
            const addresses =
              shape === 'one'
                ? [`192.0.2.${i + 1}`]
                : shape === 'two'
                  ? [`192.0.2.${i + 1}`, `198.51.100.${i + 1}`]
                  : ['0.0.0.0/0', `198.51.100.${i + 1}`];
            return node(id, types[typeIdx[i]!]!, addresses, {
              options: { vmid: 100 + i, firewallPolicy: i % 2 ? 'restrict' : 'allow-only' },
            });
          });
          const connections = [];
          for (let i = 0; i < ids.length; i++)
            for (let j = i + 1; j < ids.length; j++)
              connections.push({ id: `c${i}-${j}`, from: ids[i]!, to: ids[j]! });
          const plan: Plan = { ...crafted('vbr', ['192.0.2.200']), nodes, connections };
          const r = check(plan);
          expect(r.out, r.out).toContain('RESULT: all lines accepted, no warnings');
          expect(r.status).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
