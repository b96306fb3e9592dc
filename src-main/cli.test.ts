// The `portolan` CLI: commands run with a fake I/O, plus the built bundle when dist/ has it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, VERSION, runCli } from './cli';
import type { CliIo } from './commands/types';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLES = 'resources/samples';

/** In-memory I/O: files come from a map first, then from the repository. */
function fakeIo(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    cwd: ROOT,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readFile: async (path) => {
      if (path in files) return files[path]!;
      if (path.startsWith('missing'))
        throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
      return readFileSync(new URL(path, `file://${ROOT}`), 'utf8');
    },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function run(argv: string[], files?: Record<string, string>) {
  const f = fakeIo(files);
  const code = await runCli(argv, f.io);
  return { code, stdout: f.stdout(), stderr: f.stderr() };
}

const badPlan = JSON.stringify({
  format: 'portolan-plan',
  version: 1,
  name: 'bad',
  catalog: 'vbr12-pve',
  nodes: [
    { id: 'a', type: 'worker', name: 'A', addresses: [] },
    { id: 'b', type: 'worker', name: 'B', addresses: [] },
    { id: 'c', type: 'worker', name: 'C', addresses: [] },
    { id: 'd', type: 'worker', name: 'D', addresses: ['300.1.1.1'] },
  ],
  connections: [],
});

describe('portolan flows', () => {
  it('prints DESIGN.md’s JSON shape exactly', async () => {
    const r = await run(['flows', `${SAMPLES}/all-in-one.portolan.json`, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['flows', 'warnings']);
    expect(doc.flows.find((f: { connection: string }) => f.connection === 'vbr--pve1')).toEqual({
      connection: 'vbr--pve1',
      from: 'vbr',
      to: 'pve1',
      protocol: 'tcp',
      ports: '8006',
      rule: 'backup-server-pve-api',
      purpose: 'Backup server calls the Proxmox VE REST API',
      local: false,
    });
    for (const f of doc.flows) {
      expect(Object.keys(f)).toEqual([
        'connection',
        'from',
        'to',
        'protocol',
        'ports',
        'rule',
        'purpose',
        'local',
        // Custom flows say where they come from (the sample has one).
        ...(f.rule.startsWith('custom:') ? ['custom'] : []),
      ]);
      expect(f.ports).toMatch(/^\d+(-\d+)?$/);
    }
    expect(
      doc.flows
        .filter((f: { local: boolean }) => f.local)
        .map((f: { connection: null }) => f.connection),
    ).toEqual([null, null, null, null]);
    expect(doc.warnings).toEqual([]);
  });

  it('lists warnings with code, message and node ids', async () => {
    const r = await run(['flows', '--json', `${SAMPLES}/distributed.portolan.json`]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.warnings).toEqual([
      {
        code: 'missing-address',
        message: expect.stringContaining('Veeam update repository'),
        nodes: ['upd'],
      },
    ]);
    expect(doc.flows.some((f: { ports: string }) => f.ports === '2500-3300')).toBe(true);
  });

  it('prints an aligned table for humans', async () => {
    const r = await run(['flows', `${SAMPLES}/distributed.portolan.json`]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('CONNECTION'))!;
    expect(header).toMatch(/^CONNECTION +FROM +TO +PROTO +PORTS +RULE +PURPOSE$/);
    const rule = lines.find((l) => l.includes('backup-server-pve-ssh') && l.includes('pve2'))!;
    expect(rule.indexOf('backup-server-pve-ssh')).toBe(header.indexOf('RULE'));
    expect(rule).toContain('2222 (override, catalog 22)');
    expect(r.stdout).toMatch(/\d+ flows not needed \(condition not met\)/);
    expect(r.stdout).toContain('1 warning\n  missing-address: ');
  });

  it('refuses a bad plan with one line per error naming file and field, exit 1', async () => {
    const r = await run(['flows', 'plan.json'], { 'plan.json': badPlan });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'plan.json: nodes[3].addresses[0]: "300.1.1.1" is not an IPv4 or IPv6 address\n',
    );
  });

  it('reports unreadable files and invalid JSON on one line, exit 1', async () => {
    const missing = await run(['flows', 'missing.json']);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'missing.json: cannot read: no such file\n',
    ]);
    const broken = await run(['flows', 'x.json'], { 'x.json': '{\n"format":' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^x\.json: not valid JSON: [^\n]+\n$/);
  });

  it('treats wrong arguments as usage errors, exit 2', async () => {
    for (const argv of [['flows'], ['flows', 'a.json', 'b.json'], ['flows', 'a.json', '--jsn']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: portolan flows PLAN [--json]');
    }
  });
});

describe('portolan validate', () => {
  it('exits 0 for a valid plan and prints its warnings', async () => {
    const r = await run(['validate', `${SAMPLES}/distributed.portolan.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${SAMPLES}/distributed.portolan.json: warning: missing-address: `);
    expect(r.stdout).toMatch(/: valid \(18 nodes, 30 connections, \d+ flows, 1 warning\)\n$/);
  });

  it('exits 1 with every error, one per line', async () => {
    const plan = JSON.parse(badPlan);
    plan.nodes[1].id = 'a';
    plan.connections = [{ id: 'c1', from: 'a', to: 'zz' }];
    plan.nodes[3].addresses = [];
    const r = await run(['validate', 'p.json'], { 'p.json': JSON.stringify(plan) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'p.json: nodes[1].id: duplicate node id "a" (also nodes[0])\np.json: connections[0].to: unknown node "zz"\n',
    );
  });

  it('refuses newer versions and unknown catalogs clearly', async () => {
    const plan = JSON.parse(badPlan);
    plan.version = 9;
    const newer = await run(['validate', 'p.json'], { 'p.json': JSON.stringify(plan) });
    expect(newer.stderr).toBe(
      'p.json: version: plan format version 9 is newer than this Portolan supports (1); open it with a newer Portolan\n',
    );
    plan.version = 1;
    plan.catalog = 'nope';
    plan.nodes[3].addresses = [];
    const unknown = await run(['validate', 'p.json'], { 'p.json': JSON.stringify(plan) });
    expect(unknown.stderr).toMatch(
      /^p\.json: catalog: unknown catalog edition "nope" \(known: vbr12-pve[^\n]*\)\n$/,
    );
  });
});

describe('portolan', () => {
  it('prints help and version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c.name}`);
    expect((await run(['--version'])).stdout).toBe(`portolan ${VERSION}\n`);
    expect((await run(['flows', '--help'])).stdout).toContain('Usage: portolan flows');
    expect((await run(['help', 'validate'])).stdout).toContain('Usage: portolan validate');
  });

  it('lists each command with the name and summary of the module it loads', async () => {
    for (const row of COMMANDS) {
      const command = await row.load();
      expect([command.name, command.summary]).toEqual([row.name, row.summary]);
    }
  });

  it('exits 2 for no command or an unknown one', async () => {
    expect((await run([])).code).toBe(2);
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});

const BUILT = fileURLToPath(new URL('../dist/cli/portolan.cjs', import.meta.url));

describe.skipIf(!existsSync(BUILT))('built CLI (dist/cli/portolan.cjs)', () => {
  it('runs from JavaScript with the same output and exit codes', async () => {
    const ok = spawnSync(
      process.execPath,
      [BUILT, 'flows', `${SAMPLES}/distributed.portolan.json`, '--json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(
      (await run(['flows', `${SAMPLES}/distributed.portolan.json`, '--json'])).stdout,
    );
    const usage = spawnSync(process.execPath, [BUILT, 'flows'], { cwd: ROOT, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    const invalid = spawnSync(process.execPath, [BUILT, 'validate', 'package.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toBe('package.json: format: must be "portolan-plan", got nothing\n');
  });

  it('loads only what a command needs: flows loads neither exporters, report nor Chromium', () => {
    // A hook loaded before the CLI prints every file the process compiles.
    const dir = mkdtempSync(join(tmpdir(), 'portolan-cli-'));
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      "const M = require('node:module'); const compile = M.prototype._compile; const seen = [];\n" +
        'M.prototype._compile = function (s, f) { seen.push(f); return compile.call(this, s, f); };\n' +
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(seen)));\n",
    );
    const compiled = (args: string[]): string[] => {
      const out = join(dir, 'seen.json');
      const r = spawnSync(process.execPath, ['--require', probe, BUILT, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PROBE_OUT: out },
      });
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(readFileSync(out, 'utf8')) as string[]).map((f) => basename(f));
    };
    try {
      const flows = compiled(['flows', `${SAMPLES}/distributed.portolan.json`]);
      expect(flows.some((f) => f.startsWith('flows-'))).toBe(true);
      expect(flows.filter((f) => /^(export|report)-|playwright/.test(f))).toEqual([]);
      const version = compiled(['--version']);
      expect(version.filter((f) => /^(flows|export|report|plan-file|schemas)-/.test(f))).toEqual(
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if (!existsSync(BUILT)) {
  console.warn(
    'Skipped the built-CLI test: dist/cli/portolan.cjs is missing (run `npm run build:node`).',
  );
}
