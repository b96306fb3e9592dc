// `npm start` (after the build): launch Electron on dist/main/main.cjs, or explain why it cannot
// and serve the same app in a browser instead (also with `npm start -- --web`).
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

/**
 * Web mode: the built renderer served by Vite's preview server on 127.0.0.1, the same bundle
 * the desktop window loads (plans in the browser's IndexedDB, files through downloads).
 */
function startWeb(reason) {
  const port = process.env.PORTOLAN_WEB_PORT || '4173';
  console.error(
    `Portolan: ${reason}; starting the web mode instead: open http://127.0.0.1:${port}/ in a browser (Ctrl+C stops it).`,
  );
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const child = spawn(
    process.execPath,
    [
      vite,
      'preview',
      '-c',
      'vite.renderer.config.ts',
      '--host',
      '127.0.0.1',
      '--port',
      port,
      '--strictPort',
    ],
    { stdio: 'inherit', cwd: root },
  );
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

const args = process.argv.slice(2);
const entry = path.join(root, 'dist', 'main', 'main.cjs');
for (const built of [entry, path.join(root, 'dist', 'renderer', 'index.html')]) {
  if (!existsSync(built)) {
    console.error(
      `Portolan: ${path.relative(root, built)} is missing; run \`npm run build\` first.`,
    );
    process.exit(1);
  }
}

if (args.includes('--web')) {
  startWeb('--web was given');
} else {
  const electron = resolveElectron();
  const headless =
    process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!electron.binary) {
    console.error(`Portolan cannot start the desktop app: ${electron.problem}.

The Electron runtime is not part of the npm package; it is downloaded from the internet the first
time dependencies are installed. This machine could not download it, so the desktop window cannot
open. For the desktop app, either:

  • point at an Electron already installed on this machine (the folder holding its binary):
        ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start
  • with network access, fetch the runtime:   node node_modules/electron/install.js
`);
    startWeb('no Electron runtime');
  } else if (headless) {
    startWeb('no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
  } else {
    // ELECTRON_RUN_AS_NODE (set by some editors' terminals) would make the binary a plain Node.
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(electron.binary, [entry, ...args], { stdio: 'inherit', cwd: root, env });
    child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  }
}
