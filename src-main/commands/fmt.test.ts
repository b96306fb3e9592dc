// `portolan fmt`: canonical rewrite, --check, untouched files when already canonical or on failure.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanText, serializePlan } from '../../src-core/index';
import { createFmtCommand, fmtCommand } from './fmt';
import type { CliIo } from './types';

let dir: string;
const sample = readFileSync('resources/samples/distributed.portolan.json', 'utf8');
/** The sample as another tool might write it: keys reversed, nodes unsorted, no final newline. */
const messy = (() => {
  const doc = JSON.parse(sample);
  doc.nodes.reverse();
  doc.nodes[0].position = { y: 10.4, x: 3.6 };
  return JSON.stringify(Object.fromEntries(Object.entries(doc).reverse()));
})();

function fakeIo() {
  const io = {
    out: '',
    err: '',
    cwd: dir,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile: (p: string) => readFile(path.resolve(dir, p), 'utf8'),
  } satisfies CliIo & { out: string; err: string };
  return io;
}

const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portolan-fmt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portolan fmt', () => {
  it('--check: exit 0 for a canonical file, 1 naming a file that is not, and changes nothing', async () => {
    writeFileSync(file('ok.portolan.json'), sample);
    writeFileSync(file('messy.portolan.json'), messy);
    const io = fakeIo();
    const code = await fmtCommand.run(['ok.portolan.json', 'messy.portolan.json', '--check'], io);
    expect(code).toBe(1);
    expect(io.err).toBe(
      'messy.portolan.json: not in canonical form (run: portolan fmt messy.portolan.json)\n',
    );
    expect(io.out).toBe('');
    expect(readFileSync(file('messy.portolan.json'), 'utf8')).toBe(messy);
    const clean = fakeIo();
    expect(await fmtCommand.run(['ok.portolan.json', '--check'], clean)).toBe(0);
    expect(clean.err + clean.out).toBe('');
  });

  it('rewrites a file canonically; a second run finds nothing to do and leaves the file alone', async () => {
    writeFileSync(file('messy.portolan.json'), messy);
    const io = fakeIo();
    expect(await fmtCommand.run(['messy.portolan.json'], io)).toBe(0);
    expect(io.out).toBe('messy.portolan.json: rewritten in canonical form\n');
    const text = readFileSync(file('messy.portolan.json'), 'utf8');
    const expected = JSON.parse(sample);
    const w3 = expected.nodes.find((n: { id: string }) => n.id === JSON.parse(messy).nodes[0].id);
    w3.position = { x: 4, y: 10 };
    expect(JSON.parse(text)).toEqual(expected);
    expect(text.endsWith('}\n')).toBe(true);

    const mtime = statSync(file('messy.portolan.json')).mtimeMs;
    const again = fakeIo();
    expect(await fmtCommand.run(['messy.portolan.json'], again)).toBe(0);
    expect(again.out + again.err).toBe('');
    expect(statSync(file('messy.portolan.json')).mtimeMs).toBe(mtime);
    expect(readFileSync(file('messy.portolan.json'), 'utf8')).toBe(text);
  });

  it('a bad plan is exit 1 naming the file and field, and is never rewritten', async () => {
    const bad = JSON.stringify({ ...JSON.parse(sample), catalog: 'nope' });
    writeFileSync(file('bad.portolan.json'), bad);
    const io = fakeIo();
    expect(await fmtCommand.run(['bad.portolan.json'], io)).toBe(1);
    expect(io.err).toMatch(/^bad\.portolan\.json: catalog: /);
    expect(readFileSync(file('bad.portolan.json'), 'utf8')).toBe(bad);
  });

  it('a failed write reports the file and leaves the original as it was', async () => {
    writeFileSync(file('messy.portolan.json'), messy);
    const failing = createFmtCommand({
      writeFile: () => Promise.reject(new Error('disk full')),
    });
    const io = fakeIo();
    expect(await failing.run(['messy.portolan.json'], io)).toBe(1);
    expect(io.err).toBe('messy.portolan.json: cannot write: disk full\n');
    expect(readFileSync(file('messy.portolan.json'), 'utf8')).toBe(messy);
  });

  it('usage errors exit 2', async () => {
    expect(await fmtCommand.run([], fakeIo())).toBe(2);
    expect(await fmtCommand.run(['a', '--fix'], fakeIo())).toBe(2);
  });

  it('writes what serializePlan writes (the app and the CLI share one canonical form)', async () => {
    writeFileSync(file('messy.portolan.json'), messy);
    await fmtCommand.run(['messy.portolan.json'], fakeIo());
    const text = readFileSync(file('messy.portolan.json'), 'utf8');
    const parsed = parsePlanText(text);
    expect(parsed.ok && serializePlan(parsed.plan)).toBe(text);
  });
});
