// `npm start` (after the build): launch Electron on dist/main/main.cjs, or explain why it cannot start.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Find the Electron binary the way the `electron` package does (node_modules/electron/index.js:
 * path.txt names the binary inside dist/, or inside ELECTRON_OVERRIDE_DIST_PATH), but without
 * throwing, so we can say what is missing.
 */
function resolveElectron() {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return {
      problem: 'the "electron" package is not installed (node_modules/electron is missing)',
    };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(
      override,
      relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
    return existsSync(binary)
      ? { binary }
      : { problem: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist` };
  }
  if (!relative) {
    return {
      problem:
        'the Electron runtime was never downloaded: node_modules/electron/path.txt is missing ' +
        '(its install script fetches the runtime from the internet on first install, and could not here)',
    };
  }
  const binary = path.join(pkgDir, 'dist', relative);
  return existsSync(binary)
    ? { binary }
    : { problem: `the Electron runtime is incomplete: ${binary} is missing` };
}

const entry = path.join(root, 'dist', 'main', 'main.cjs');
if (!existsSync(entry)) {
  console.error(`Portolan: ${path.relative(root, entry)} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

const electron = resolveElectron();
if (!electron.binary) {
  console.error(`Portolan cannot start the desktop app: ${electron.problem}.

The Electron runtime is not part of the npm package; it is downloaded from the internet the first
time dependencies are installed. This machine could not download it, so the desktop window cannot
open. To proceed, either:

  • use the same app in your browser:   npm run web
  • point at an Electron already installed on this machine (the folder holding its binary):
        ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start
  • with network access, fetch the runtime:   node node_modules/electron/install.js
`);
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE (set by some editors' terminals) would make the binary a plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.binary, [entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env,
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
