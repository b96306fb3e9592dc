// The CLI on custom flows, group nodes and acknowledged warnings: flows --json, validate, --probe-limit.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CliIo } from './types';
import { createExportCommand } from './export';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = 'resources/samples/distributed.portolan.json';

function io(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    cwd: ROOT,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readFile: async (path) => files[path] ?? readFileSync(new URL(path, `file://${ROOT}`), 'utf8'),
  };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('custom flows on the command line', () => {
  it('flows --json lists them with rule custom:<id> and their justification', async () => {
    const t = io();
    expect(await runCli(['flows', SAMPLE, '--json'], t.value)).toBe(0);
    const doc = JSON.parse(t.out());
    const mon = doc.flows.find((f: { rule: string }) => f.rule === 'custom:web-mon');
    expect(mon).toEqual({
      connection: 'vbr--web',
      from: 'vbr',
      to: 'web',
      protocol: 'tcp',
      ports: '9100',
      rule: 'custom:web-mon',
      purpose: 'Node exporter scrape by the monitoring agent on the backup server',
      local: false,
      custom: {
        kind: 'flow',
        justification: 'Monitoring of the web tier (change CHG-1234)',
        owner: 'ops-team',
        expires: '2027-06-30',
      },
    });
    const winrm = doc.flows.filter((f: { rule: string }) => f.rule === 'custom:winrm');
    expect(winrm.map((f: { to: string }) => f.to).sort()).toEqual(['orawin', 'sql1', 'win1']);
  });

  it('acknowledged warnings are marked and leave the count', async () => {
    const plan = JSON.parse(readFileSync(new URL(SAMPLE, `file://${ROOT}`), 'utf8'));
    plan.acknowledgedWarnings = [
      { code: 'missing-address', nodes: ['upd'], reason: 'CDN: no fixed address' },
    ];
    const files = { 'p.json': JSON.stringify(plan) };
    const v = io(files);
    expect(await runCli(['validate', 'p.json'], v.value)).toBe(0);
    expect(v.out()).toContain(
      'p.json: warning: missing-address (acknowledged: CDN: no fixed address): ',
    );
    expect(v.out()).toMatch(/flows, 0 warnings, 1 acknowledged\)\n$/);
    const j = io(files);
    await runCli(['flows', 'p.json', '--json'], j.value);
    expect(JSON.parse(j.out()).warnings[0].acknowledged).toBe('CDN: no fixed address');
  });

  it('export --probe-limit samples a group and says so; a bad limit is a usage error', async () => {
    const written: { name: string; content: string }[][] = [];
    const command = createExportCommand({
      writeBatch: async (_dir, files) => {
        written.push([...files]);
        return { written: files.map((f) => f.name), unchanged: [], removed: [] };
      },
    });
    const t = io();
    const args = [SAMPLE, '--format', 'check-powershell', '--out', '/tmp/x', '--probe-limit', '5'];
    expect(await runCli(['export', ...args], t.value, [command])).toBe(0);
    const vbr = written[0]!.find((f) => f.name === 'vbr01.check.ps1')!.content;
    expect(vbr).toContain(
      '# group Web tier (40 VMs) (web): 41 hosts; probing a sample of 5 (probe limit 5), first and last included.',
    );
    const targets = [...vbr.matchAll(/at (203\.0\.113\.\d+) \[custom:web-mon\]/g)].map((m) => m[1]);
    expect(targets).toEqual([
      '203.0.113.100',
      '203.0.113.110',
      '203.0.113.120',
      '203.0.113.130',
      '203.0.113.200',
    ]);
    const bad = io();
    const code = await runCli(['export', ...args.slice(0, -1), '0'], bad.value, [command]);
    expect(code).toBe(2);
    expect(bad.err()).toContain('--probe-limit takes a whole number from 1 to 100000, not "0"');
  });
});
