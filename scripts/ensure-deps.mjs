#!/usr/bin/env node
// `npm start` / `npm test` pre-script: installs the dependencies (npm ci) when node_modules is
// missing or older than package-lock.json, so both work as the first command on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => console.error(`portolan: ${line}`);

/** 'missing', 'stale' (package-lock.json changed since the last install) or 'current'. */
function installState() {
  // npm writes node_modules/.package-lock.json at the end of every install: its time is the
  // time of the last complete install, which a half-finished one never updates.
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return 'missing';
  const lock = path.join(root, 'package-lock.json');
  return statSync(marker).mtimeMs < statSync(lock).mtimeMs ? 'stale' : 'current';
}

/** How to run npm: $PORTOLAN_NPM (tests), the npm running this script, or npm on the PATH. */
function npm() {
  const chosen = process.env.PORTOLAN_NPM || process.env.npm_execpath;
  if (chosen && /\.[cm]?js$/.test(chosen)) return [process.execPath, [chosen]];
  if (chosen) return [chosen, []];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

const state = installState();
if (state === 'current') process.exit(0);

log(
  `${state === 'missing' ? 'node_modules is missing' : 'node_modules is older than package-lock.json'}; installing the dependencies (npm ci)…`,
);
const [command, prefix] = npm();
// The Electron runtime is fetched below, on its own: its download host is often unreachable
// (offline laptops, CI), and inside npm ci that one failure would fail the whole install.
const install = spawnSync(command, [...prefix, 'ci', '--no-audit', '--no-fund'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  shell: process.platform === 'win32' && !prefix.length,
});
if (install.status !== 0) {
  log('npm ci failed (see above); nothing else was changed.');
  process.exit(install.status ?? 1);
}

const installer = path.join(root, 'node_modules', 'electron', 'install.js');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  log('ELECTRON_SKIP_BINARY_DOWNLOAD is set: the Electron desktop runtime was not downloaded.');
} else if (existsSync(installer)) {
  const runtime = spawnSync(process.execPath, [installer], {
    cwd: path.dirname(installer),
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (runtime.status !== 0) {
    log(
      'the Electron desktop runtime could not be downloaded; web mode, the CLI and the tests work without it (`npm start` opens web mode; with network access: node node_modules/electron/install.js).',
    );
  }
}
log('dependencies installed.');
