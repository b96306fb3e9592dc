// `portolan import`: CSV and Proxmox VE inventories into a new or existing plan; bad input writes nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePlanText } from '../../src-core/index';
import { runCli } from '../cli';
import { importCommand } from './import';
import type { CliIo } from './types';

const dir = mkdtempSync(join(tmpdir(), 'portolan-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    cwd: dir,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readFile: async (path) => readFileSync(join(dir, path), 'utf8'),
  };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

async function run(args: string[]) {
  const t = io();
  const code = await runCli(['import', ...args], t.value, [importCommand]);
  return { code, stdout: t.out(), stderr: t.err() };
}

const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

describe('portolan import csv', () => {
  it('writes a new plan, then extends it: same name updated, with a summary', async () => {
    write(
      'hosts.csv',
      'name,type,address,hostname,zone\nVBR01,backup-server,192.0.2.10,vbr01.example.net,Management\nWeb,linux-guest,203.0.113.100-203.0.113.139,,Servers\n',
    );
    const first = await run(['csv', 'hosts.csv', '--out', 'site.portolan.json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 added, 0 updated, 0 unchanged');
    const plan = parsePlanText(readFileSync(join(dir, 'site.portolan.json'), 'utf8'));
    expect(plan.ok && plan.plan.nodes.map((n) => n.name)).toEqual(['VBR01', 'Web']);
    expect(plan.ok && plan.plan.name).toBe('site');

    write(
      'more.csv',
      'name,type,address,hostname,zone\nVBR01,backup-server,192.0.2.11,,\nW1,worker,198.51.100.5,,\n',
    );
    const second = await run([
      'csv',
      'more.csv',
      '--into',
      'site.portolan.json',
      '--out',
      'site.portolan.json',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 added, 1 updated, 0 unchanged');
    expect(second.stdout).toContain('updated VBR01: addresses: 192.0.2.10 → 192.0.2.11');
  });

  it('stops at bad input with one message per problem naming the line; nothing is written', async () => {
    write(
      'bad.csv',
      'name,type,address,hostname,zone\nA,worker,192.0.2.1,,\nT,toaster,192.0.2.2,,\n',
    );
    const r = await run(['csv', 'bad.csv', '--out', 'never.portolan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bad.csv: line 3: type "toaster" is not a component type of vbr12-pve\n');
    expect(existsSync(join(dir, 'never.portolan.json'))).toBe(false);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['xml', 'a', '--out', 'p.json'])).code).toBe(2);
    expect((await run(['csv', 'a'])).code).toBe(2);
    expect((await run(['csv', 'a', '--out', 'p', '--addresses', 'x'])).code).toBe(2);
  });
});

describe('portolan import pve', () => {
  it('imports nodes and guests with addresses, warning for guests without one', async () => {
    write(
      'cluster.json',
      JSON.stringify([
        { id: 'node/pve1', type: 'node', node: 'pve1' },
        { id: 'qemu/100', type: 'qemu', vmid: 100, name: 'sql01', tags: 'mssql-guest' },
        { id: 'qemu/101', type: 'qemu', vmid: 101, name: 'web01' },
        { id: 'qemu/999', type: 'qemu', vmid: 999, name: 'tpl', template: 1 },
        { id: 'storage/pve1/local', type: 'storage' },
      ]),
    );
    write('addr.csv', 'vmid,address\n100,203.0.113.30\npve1,198.51.100.130\n');
    const r = await run([
      'pve',
      'cluster.json',
      '--addresses',
      'addr.csv',
      '--out',
      'pve.portolan.json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'cluster.json: warning: item 3 (qemu/101): guest web01 (vmid 101) has no address; add one before exporting\n',
    );
    const plan = parsePlanText(readFileSync(join(dir, 'pve.portolan.json'), 'utf8'));
    if (!plan.ok) throw new Error('plan does not load');
    expect(
      plan.plan.nodes.map((n) => [n.name, n.type, n.options.vmid ?? null, n.addresses]),
    ).toEqual([
      ['pve1', 'pve-server', null, ['198.51.100.130']],
      ['sql01', 'mssql-guest', 100, ['203.0.113.30']],
      ['web01', 'linux-guest', 101, []],
    ]);
  });

  it('not JSON stops with exit 1', async () => {
    write('broken.json', '{"a":');
    const r = await run(['pve', 'broken.json', '--out', 'x.portolan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.json: not valid JSON: /);
    expect(existsSync(join(dir, 'x.portolan.json'))).toBe(false);
  });
});
