// The `portolan export` command: formats, scope parsing, atomic batch writing, exit codes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORTERS } from '../../src-core/export/index';
import { exportCommand, parseScope } from './export';
import type { CliIo } from './types';

const out = mkdtempSync(join(tmpdir(), 'ptl-cli-export-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const root = resolve(__dirname, '../..');
const SAMPLE = 'resources/samples/distributed.portolan.json';

function io(): CliIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    cwd: root,
    stdout: (s: string) => void (o.out += s),
    stderr: (s: string) => void (o.err += s),
    readFile: (p: string) => readFile(resolve(root, p), 'utf8'),
  };
  return o;
}

/** I/O whose reads come from `files` first (plans derived from the sample), then the repository. */
function withFiles(files: Record<string, string>): ReturnType<typeof io> {
  const x = io();
  const read = x.readFile;
  x.readFile = (p: string) => (p in files ? Promise.resolve(files[p]!) : read(p));
  return x;
}

describe('portolan export', () => {
  it('lists every format', async () => {
    const x = io();
    expect(await exportCommand.run(['--list'], x)).toBe(0);
    for (const e of EXPORTERS) expect(x.out).toContain(e.id);
  });

  it.each(EXPORTERS.map((e) => e.id))('writes the %s files into the folder', async (format) => {
    const dir = join(out, format);
    const x = io();
    expect(await exportCommand.run([SAMPLE, '--format', format, '--out', dir], x)).toBe(0);
    const all = (readdirSync(dir, { recursive: true }) as string[]).map((f) =>
      f.split(sep).join('/'),
    );
    expect(all).toContain(`.portolan-export-${format}.json`);
    const files = all.filter(
      (f) => !f.startsWith('.portolan-export') && statSync(join(dir, f)).isFile(),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    const golden = join(root, 'src-core/export/__golden__', format, 'distributed');
    for (const f of files)
      expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(golden, f), 'utf8'));
  });

  it('takes a scope and egress', async () => {
    const dir = join(out, 'scoped');
    const x = io();
    expect(
      await exportCommand.run(
        [SAMPLE, '--format', 'nftables', '--out', dir, '--scope', 'nodes:w1,w2', '--egress'],
        x,
      ),
    ).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      '.portolan-export-nftables.json',
      'WORKER01.nft',
      'WORKER02.nft',
    ]);
    expect(readFileSync(join(dir, 'WORKER01.nft'), 'utf8')).toContain('chain output');
  });

  it('a scoped export keeps the files of hosts outside its scope and of other formats', async () => {
    const dir = join(out, 'rerun');
    const run = (scope: string) =>
      exportCommand.run([SAMPLE, '--format', 'nftables', '--out', dir, '--scope', scope], io());
    expect(await run('all')).toBe(0);
    const full = readdirSync(dir).sort();
    expect(full).toContain('WORKER02.nft');
    expect(await exportCommand.run([SAMPLE, '--format', 'csv', '--out', dir], io())).toBe(0);
    const x = io();
    expect(await run('nodes:w1')).toBe(0);
    expect(x.out).not.toContain('removed');
    // Nothing removed: the other hosts' files stay, and so does the csv export's.
    expect(readdirSync(dir).sort()).toEqual(
      [...full, '.portolan-export-csv.json', 'flows.csv'].sort(),
    );
    const manifest = JSON.parse(readFileSync(join(dir, '.portolan-export-nftables.json'), 'utf8'));
    expect(manifest.files).toContainEqual({
      name: 'WORKER01.nft',
      plan: 'Distributed site',
      scope: 'nodes w1',
      node: 'w1',
    });
    expect(manifest.files).toContainEqual(
      expect.objectContaining({ name: 'WORKER02.nft', scope: 'all', node: 'w2' }),
    );
  });

  it("removes its own plan's files for hosts that left the plan, saying why", async () => {
    const dir = join(out, 'shrunk');
    const plan = JSON.parse(readFileSync(join(root, SAMPLE), 'utf8'));
    const x = io();
    expect(await exportCommand.run([SAMPLE, '--format', 'nftables', '--out', dir], x)).toBe(0);
    // w2 leaves the plan (with its connections); a scoped export of w1 still cleans its file up.
    const without = {
      ...plan,
      nodes: plan.nodes.filter((n: { id: string }) => n.id !== 'w2'),
      connections: plan.connections.filter(
        (c: { from: string; to: string }) => c.from !== 'w2' && c.to !== 'w2',
      ),
    };
    const y = withFiles({ 'smaller.json': JSON.stringify(without) });
    expect(
      await exportCommand.run(
        ['smaller.json', '--format', 'nftables', '--out', dir, '--scope', 'nodes:w1'],
        y,
      ),
    ).toBe(0);
    expect(y.out).toContain(
      `removed (host "w2" is no longer in the plan): ${join(dir, 'WORKER02.nft')}`,
    );
    expect(readdirSync(dir)).not.toContain('WORKER02.nft');
    expect(readdirSync(dir)).toContain('WORKER03.nft');
  });

  it("a second plan exported into the same folder leaves the first plan's files", async () => {
    const dir = join(out, 'two-plans');
    expect(await exportCommand.run([SAMPLE, '--format', 'nftables', '--out', dir], io())).toBe(0);
    const first = readdirSync(dir).sort();
    const plan = JSON.parse(readFileSync(join(root, SAMPLE), 'utf8'));
    // Plan B: another name and other host names (so other file names), half the hosts.
    const other = {
      ...plan,
      name: 'Plan B',
      nodes: plan.nodes.map((n: { name: string; hostname?: string }) => ({
        ...n,
        name: `B-${n.name}`,
        ...(n.hostname ? { hostname: `b-${n.hostname}` } : {}),
      })),
    };
    const y = withFiles({ 'b.json': JSON.stringify(other) });
    expect(await exportCommand.run(['b.json', '--format', 'nftables', '--out', dir], y)).toBe(0);
    expect(y.out).not.toContain('removed');
    const both = readdirSync(dir);
    for (const f of first) expect(both).toContain(f);
    expect(both.length).toBeGreaterThan(first.length);
    // Exporting plan A again removes none of plan B's files either.
    const z = io();
    expect(await exportCommand.run([SAMPLE, '--format', 'nftables', '--out', dir], z)).toBe(0);
    expect(z.out).not.toContain('removed');
    expect(readdirSync(dir).sort()).toEqual([...both].sort());
  });

  it('refuses usage errors with 2 and bad input with 1', async () => {
    expect(await exportCommand.run([SAMPLE, '--format', 'nope', '--out', out], io())).toBe(2);
    expect(await exportCommand.run([SAMPLE, '--out', out], io())).toBe(2);
    expect(
      await exportCommand.run([SAMPLE, '--format', 'csv', '--out', out, '--scope', 'x'], io()),
    ).toBe(2);
    const x = io();
    expect(
      await exportCommand.run(
        [SAMPLE, '--format', 'csv', '--out', out, '--scope', 'zone:nowhere'],
        x,
      ),
    ).toBe(1);
    expect(x.err).toContain('no zone "nowhere"');
    expect(await exportCommand.run(['missing.json', '--format', 'csv', '--out', out], io())).toBe(
      1,
    );
  });

  it('takes one enforcement point as scope, and refuses a point the plan does not have', async () => {
    const dir = join(out, 'point');
    const x = io();
    expect(
      await exportCommand.run(
        [SAMPLE, '--format', 'junos-srx', '--out', dir, '--scope', 'point:net:virt>storage'],
        x,
      ),
    ).toBe(0);
    const text = readFileSync(join(dir, 'junos-srx.set'), 'utf8');
    expect(text).toContain('Enforcement points: net:virt>storage\n');
    expect(text).toContain('from-zone virt to-zone storage');
    expect(text).not.toContain('from-zone mgmt');
    const y = io();
    expect(
      await exportCommand.run(
        [SAMPLE, '--format', 'panos', '--out', dir, '--scope', 'point:net:storage>virt'],
        y,
      ),
    ).toBe(1);
    expect(y.err).toContain('no enforcement point "net:storage>virt"');
    expect(y.err).toContain('net:virt>storage');
  });

  it('--since writes the delta of a network format beside the full export, never over it', async () => {
    const dir = join(out, 'since');
    const full = io();
    expect(await exportCommand.run([SAMPLE, '--format', 'panos', '--out', dir], full)).toBe(0);
    const x = io();
    expect(
      await exportCommand.run(
        [
          SAMPLE,
          '--format',
          'panos',
          '--out',
          dir,
          '--since',
          'resources/samples/all-in-one.portolan.json',
        ],
        x,
      ),
    ).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      '.portolan-export-panos-delta.json',
      '.portolan-export-panos.json',
      'panos.delta.set',
      'panos.set',
    ]);
    const delta = readFileSync(join(dir, 'panos.delta.set'), 'utf8');
    // The all-in-one plan has no network firewall: everything of the sample is added.
    expect(delta).toContain('set rulebase security rules ');
    expect(delta).not.toContain('delete rulebase');
    const back = io();
    expect(
      await exportCommand.run(
        [
          'resources/samples/all-in-one.portolan.json',
          '--format',
          'panos',
          '--out',
          dir,
          '--since',
          SAMPLE,
        ],
        back,
      ),
    ).toBe(0);
    expect(readFileSync(join(dir, 'panos.delta.set'), 'utf8')).toContain(
      'delete rulebase security rules ',
    );
  });

  it('--since on a host format says the files stay full and writes them whole', async () => {
    const dir = join(out, 'since-host');
    const x = io();
    expect(
      await exportCommand.run([SAMPLE, '--format', 'nftables', '--out', dir, '--since', SAMPLE], x),
    ).toBe(0);
    expect(x.err).toContain('full and idempotent');
    expect(readdirSync(dir).filter((f) => f.endsWith('.nft')).length).toBeGreaterThan(3);
    expect(
      await exportCommand.run(
        [SAMPLE, '--format', 'panos', '--out', dir, '--since', 'nope.json'],
        io(),
      ),
    ).toBe(1);
  });

  it('parses scopes', () => {
    expect(parseScope('point:net:mgmt>virt')).toEqual({ kind: 'point', point: 'net:mgmt>virt' });
    expect(typeof parseScope('point:')).toBe('string');
    expect(parseScope('all')).toEqual({ kind: 'all' });
    expect(parseScope('zone:virt')).toEqual({ kind: 'zone', zone: 'virt' });
    expect(parseScope('nodes:a, b')).toEqual({ kind: 'nodes', nodes: ['a', 'b'] });
    expect(typeof parseScope('nodes:')).toBe('string');
  });
});
