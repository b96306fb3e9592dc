// `npm start` without an Electron runtime (or with --web) explains itself and serves the web mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./start-electron.mjs', import.meta.url));
const BUILT =
  existsSync(`${ROOT}dist/renderer/index.html`) && existsSync(`${ROOT}dist/main/main.cjs`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the script, waits until the web mode answers, returns what it printed and served. */
async function startAndFetch(args: string[], env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORTOLAN_WEB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.on('exit', () => (exited = true));
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    for (let i = 0; i < 150 && !exited; i++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        return { output, status: response.status, html: await response.text() };
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`web mode did not answer; output:\n${output}`);
  } finally {
    child.kill('SIGTERM');
  }
}

describe.skipIf(!BUILT)('npm start (scripts/start-electron.mjs)', () => {
  it('without an Electron runtime keeps its message and starts the web mode, saying so', async () => {
    const r = await startAndFetch([], { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron' });
    expect(r.output).toContain(
      'Portolan cannot start the desktop app: ELECTRON_OVERRIDE_DIST_PATH is set',
    );
    expect(r.output).toMatch(
      /no Electron runtime; starting the web mode instead: open http:\/\/127\.0\.0\.1:\d+\//,
    );
    expect(r.status).toBe(200);
    expect(r.html).toContain('<title>Portolan</title>');
  });

  it('with --web starts the web mode directly', async () => {
    const r = await startAndFetch(['--web'], {});
    expect(r.output).toContain('--web was given; starting the web mode instead');
    expect(r.output).not.toContain('cannot start the desktop app');
    expect(r.status).toBe(200);
  });
});
