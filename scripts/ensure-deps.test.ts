// The install pre-script in a temp folder with a stubbed npm: missing, stale and current node_modules.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./ensure-deps.mjs', import.meta.url));

/** A fake npm: records its arguments and environment, then installs like npm ci would. */
const STUB = `
const fs = require('node:fs');
const path = require('node:path');
fs.appendFileSync('npm-calls.log', JSON.stringify({ args: process.argv.slice(2), skip: process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? null }) + '\\n');
if (process.env.STUB_NPM_FAIL) process.exit(7);
fs.rmSync('node_modules', { recursive: true, force: true });
fs.mkdirSync('node_modules/electron', { recursive: true });
fs.writeFileSync('node_modules/.package-lock.json', '{}');
// Electron's runtime installer, failing like it does with no access to its download host.
fs.writeFileSync('node_modules/electron/install.js', process.env.STUB_RUNTIME_OK ? 'require("fs").writeFileSync("path.txt", "electron")' : 'console.error("getaddrinfo ENOTFOUND github.com"); process.exit(1)');
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portolan-ensure-'));
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(SCRIPT, path.join(dir, 'scripts', 'ensure-deps.mjs'));
  writeFileSync(path.join(dir, 'package-lock.json'), '{}');
  writeFileSync(path.join(dir, 'npm-stub.cjs'), STUB);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete clean.npm_execpath;
  const r = spawnSync(process.execPath, ['scripts/ensure-deps.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...clean, PORTOLAN_NPM: path.join(dir, 'npm-stub.cjs'), ...env },
  });
  const log = path.join(dir, 'npm-calls.log');
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { args: string[]; skip: string | null })
    : [];
  return { status: r.status, stderr: r.stderr, calls };
}

function installed(ageSeconds: number) {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  const marker = path.join(dir, 'node_modules', '.package-lock.json');
  writeFileSync(marker, '{}');
  const lock = Date.now() / 1000;
  utimesSync(marker, lock + ageSeconds, lock + ageSeconds);
  utimesSync(path.join(dir, 'package-lock.json'), lock, lock);
}

describe('ensure-deps (pre-script of npm start and npm test)', () => {
  it('runs npm ci when node_modules is missing, saying so, and tolerates a missing Electron runtime', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([{ args: ['ci', '--no-audit', '--no-fund'], skip: '1' }]);
    expect(r.stderr).toContain(
      'portolan: node_modules is missing; installing the dependencies (npm ci)',
    );
    const runtimeLines = r.stderr.split('\n').filter((l) => l.includes('Electron desktop runtime'));
    expect(runtimeLines).toHaveLength(1);
    expect(runtimeLines[0]).toMatch(
      /could not be downloaded; web mode, the CLI and the tests work without it/,
    );
    expect(r.stderr).not.toContain('ENOTFOUND');
  });

  it('runs npm ci when node_modules is older than package-lock.json', () => {
    installed(-60);
    const r = run({ STUB_RUNTIME_OK: '1' });
    expect(r.status).toBe(0);
    expect(r.calls).toHaveLength(1);
    expect(r.stderr).toContain('node_modules is older than package-lock.json');
    expect(r.stderr).not.toContain('could not be downloaded');
  });

  it('does nothing, silently, when node_modules is current', () => {
    installed(60);
    const r = run();
    expect(r).toEqual({ status: 0, stderr: '', calls: [] });
  });

  it('treats a node_modules that an interrupted install left (no .package-lock.json) as missing', () => {
    mkdirSync(path.join(dir, 'node_modules', 'some-package'), { recursive: true });
    expect(run().calls).toHaveLength(1);
  });

  it('fails with npm’s exit code when npm ci fails', () => {
    const r = run({ STUB_NPM_FAIL: '1' });
    expect(r.status).toBe(7);
    expect(r.stderr).toContain('npm ci failed');
  });

  it('skips the runtime download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, saying so', () => {
    const r = run({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
  });
});
