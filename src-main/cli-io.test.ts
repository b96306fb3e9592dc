// The CLI's process I/O (issue 16): a closed stdout, one terminal sanitiser, files read like the app.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticPlan } from '../src-core/testing/synthetic-plan';
import { serializePlan } from '../src-core/plan/serialize';
import { nodeIo, runCli } from './cli';
import { sanitizeTerminal } from './commands/terminal';
import { MAX_PLAN_BYTES } from './files';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILT = path.join(ROOT, 'dist/cli/portolan.cjs');
const SAMPLE = path.join(ROOT, 'resources/samples/distributed.portolan.json');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portolan-cli-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stream stand-in that fails every write with EPIPE once `close()` was called. */
class PipeStandIn extends EventEmitter {
  written: string[] = [];
  closed = false;
  write(s: string): boolean {
    if (this.closed) {
      queueMicrotask(() =>
        this.emit('error', Object.assign(new Error('EPIPE'), { code: 'EPIPE' })),
      );
      return false;
    }
    this.written.push(s);
    return true;
  }
}

async function runReal(argv: string[]) {
  const out = new PipeStandIn();
  const err = new PipeStandIn();
  const code = await runCli(argv, nodeIo(ROOT, out, err));
  return { code, stdout: out.written.join(''), stderr: err.written.join('') };
}

describe('a reader that closes early', () => {
  it('makes later writes no-ops instead of an unhandled error', async () => {
    const out = new PipeStandIn();
    const io = nodeIo(ROOT, out, new PipeStandIn());
    io.stdout('first\n');
    out.closed = true;
    io.stdout('second\n');
    await new Promise((r) => setTimeout(r, 0));
    io.stdout('third\n');
    expect(out.written).toEqual(['first\n']);
  });

  it.skipIf(!existsSync(BUILT))(
    'ends the built CLI quietly (its pipe closed before it writes)',
    async () => {
      const child = spawn(process.execPath, [BUILT, 'flows', SAMPLE], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );

  it.skipIf(!existsSync(BUILT))('ends `portolan flows BIG | head -1` quietly', async () => {
    const big = path.join(dir, 'big.portolan.json');
    await writeFile(big, serializePlan(generateSyntheticPlan({ nodes: 400, seed: 3 })));
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${BUILT}" flows "${big}" | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stdout).toMatch(/^\d+ flows\n$/);
    expect(r.stderr).toBe('exit=0\n');
  });
});

describe('every line the CLI prints passes one sanitiser', () => {
  it('escapes controls, C1 controls and bidi characters, keeping tab and newline', () => {
    expect(sanitizeTerminal('a\u001b[31mb\u009bc\u202ed\te\nf\r')).toBe(
      'a\\u001b[31mb\\u009bc\\u202ed\te\nf\\u000d',
    );
  });

  it('for file names given on the command line', async () => {
    const r = await runReal(['validate', 'missing\u001b]0;pwned\u0007\u009b.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('missing\\u001b]0;pwned\\u0007\\u009b.json: cannot read: no such file\n');
  });

  it('and keeps --json output valid JSON with the same values', async () => {
    const r = await runReal(['flows', SAMPLE, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).flows.length).toBeGreaterThan(10);
  });
});

describe('the CLI reads plan files like the app', () => {
  it('accepts a UTF-8 byte order mark', async () => {
    const file = path.join(dir, 'bom.portolan.json');
    await writeFile(file, `\ufeff${readFileSync(SAMPLE, 'utf8')}`);
    const r = await runReal(['validate', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('refuses a file over the app’s size limit before reading it', async () => {
    const file = path.join(dir, 'huge.portolan.json');
    await writeFile(file, '');
    await truncate(file, MAX_PLAN_BYTES + 1);
    const r = await runReal(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /huge\.portolan\.json is 50\.0 MB; plans larger than 50\.0 MB are refused/,
    );
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe at once (never waits for a writer)',
    async () => {
      const fifo = path.join(dir, 'pipe.portolan.json');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const started = Date.now();
      const r = await runReal(['validate', fifo]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is a named pipe (FIFO), not a plan file');
    },
  );

  it.skipIf(!existsSync('/dev/zero'))('refuses devices and folders', async () => {
    const zero = await runReal(['validate', '/dev/zero']);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('/dev/zero is a device, not a plan file');
    const folder = await runReal(['validate', dir]);
    expect(folder.stderr).toContain('is a folder, not a plan file');
  });
});
