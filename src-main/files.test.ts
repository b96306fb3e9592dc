// Atomic writes: the original file survives every failure point; size limits; export batches.
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileError,
  plainFileNameProblem,
  readTextFileLimited,
  writeExportBatch,
  writeFileAtomic,
  type AtomicFs,
} from './files';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portolan-files-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

type FailurePoint = 'open' | 'write' | 'sync' | 'close' | 'rename';

/** Real fs, except one step fails; a 'write' failure first writes half the data, like a full disk. */
function failingFs(point: FailurePoint): AtomicFs {
  return {
    async open(file, flags, mode) {
      if (point === 'open' && flags === 'wx') throw new Error('EMFILE: injected');
      const handle = await nodeFs.open(file, flags, mode);
      return {
        async writeFile(data) {
          if (point === 'write') {
            const half =
              typeof data === 'string' ? data.slice(0, data.length / 2) : data.slice(0, 2);
            await handle.writeFile(half);
            throw new Error('ENOSPC: injected');
          }
          await handle.writeFile(data);
        },
        async sync() {
          if (point === 'sync' && flags === 'wx') throw new Error('EIO: injected');
          await handle.sync();
        },
        async close() {
          await handle.close();
          if (point === 'close' && flags === 'wx') throw new Error('EIO on close: injected');
        },
      };
    },
    async rename(from, to) {
      if (point === 'rename') throw new Error('EXDEV: injected');
      await nodeFs.rename(from, to);
    },
    rm: (file, options) => nodeFs.rm(file, options),
    stat: (file) => nodeFs.stat(file),
  };
}

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one completely', async () => {
    const file = path.join(dir, 'plan.portolan.json');
    await writeFileAtomic(file, 'first version, rather long\n');
    await writeFileAtomic(file, 'second\n');
    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['plan.portolan.json']);
  });

  it('writes binary data', async () => {
    const file = path.join(dir, 'report.pdf');
    await writeFileAtomic(file, new Uint8Array([37, 80, 68, 70, 0, 255]));
    expect([...(await readFile(file))]).toEqual([37, 80, 68, 70, 0, 255]);
  });

  it.each<FailurePoint>(['open', 'write', 'sync', 'close', 'rename'])(
    'keeps the original intact and removes the temp file when %s fails',
    async (point) => {
      const file = path.join(dir, 'plan.portolan.json');
      const original = `${JSON.stringify({ name: 'original', nodes: Array(100).fill('x') })}\n`;
      await writeFile(file, original);
      const replacement = 'R'.repeat(10_000);
      await expect(writeFileAtomic(file, replacement, failingFs(point))).rejects.toBeInstanceOf(
        FileError,
      );
      expect(await readFile(file, 'utf8')).toBe(original);
      expect(await readdir(dir)).toEqual(['plan.portolan.json']);
    },
  );

  // A real failure that root cannot bypass (unlike folder permissions): the rename target is a
  // non-empty folder. The folder and its content must stay, and no temporary file may be left.
  it('fails cleanly on a real rename failure, leaving the target and no temp file', async () => {
    const target = path.join(dir, 'plan.portolan.json');
    await nodeFs.mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'original');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow(/Could not write/);
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['plan.portolan.json']);
  });

  it('names the file in the error', async () => {
    const file = path.join(dir, 'missing-folder', 'plan.json');
    await expect(writeFileAtomic(file, 'x')).rejects.toThrow(file);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const file = path.join(dir, 'script.sh');
    await writeFile(file, 'old', { mode: 0o640 });
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'new');
    expect((await nodeFs.stat(file)).mode & 0o777).toBe(0o640);
  });
});

describe('readTextFileLimited', () => {
  it('reads UTF-8 text', async () => {
    const file = path.join(dir, 'a.json');
    await writeFile(file, '{"name":"Zürich ✓"}');
    expect(await readTextFileLimited(file)).toBe('{"name":"Zürich ✓"}');
  });

  it('refuses a file over the limit without reading it', async () => {
    const file = path.join(dir, 'big.json');
    await writeFile(file, 'x'.repeat(2048));
    await expect(readTextFileLimited(file, 1024)).rejects.toThrow(/refused/);
    expect(await readTextFileLimited(file, 2048)).toHaveLength(2048);
  });

  it('refuses folders and missing files with a FileError', async () => {
    await expect(readTextFileLimited(dir)).rejects.toBeInstanceOf(FileError);
    await expect(readTextFileLimited(path.join(dir, 'nope'))).rejects.toBeInstanceOf(FileError);
  });
});

describe('plainFileNameProblem', () => {
  it.each(['w1.nft', 'vbr-01.ps1', 'README.md', 'a b (1).txt', '100.fw'])('accepts %s', (name) => {
    expect(plainFileNameProblem(name)).toBeNull();
  });
  it.each([
    '',
    '.',
    '..',
    '../x',
    'a/b',
    'a\\b',
    'x\0y',
    'CON',
    'nul.txt',
    'com1.nft',
    'LPT9',
    '.bashrc',
    'name.',
    'name ',
    'a:b',
    'a*b',
    'tab\tname',
    'x'.repeat(201),
  ])('refuses %j', (name) => {
    expect(plainFileNameProblem(name)).not.toBeNull();
  });
});

describe('writeExportBatch', () => {
  it('writes every file into the folder', async () => {
    const out = path.join(dir, 'export');
    await writeExportBatch(out, [
      { name: 'w1.nft', content: 'table inet portolan {}\n' },
      { name: 'vbr.ps1', content: 'Write-Host ok\n' },
    ]);
    expect((await readdir(out)).sort()).toEqual(['.portolan-export.json', 'vbr.ps1', 'w1.nft']);
    expect(await readFile(path.join(out, 'w1.nft'), 'utf8')).toBe('table inet portolan {}\n');
  });

  it('removes what its previous batch wrote and this one does not, never other files', async () => {
    const out = path.join(dir, 'export');
    await writeExportBatch(out, [
      { name: 'w1.nft', content: '1' },
      { name: 'w2.nft', content: '2' },
    ]);
    await writeFile(path.join(out, 'notes.txt'), 'mine');
    const result = await writeExportBatch(out, [{ name: 'w1.nft', content: '1b' }]);
    expect(result.removed).toEqual([path.join(out, 'w2.nft')]);
    expect(result.written).toEqual([path.join(out, 'w1.nft')]);
    expect((await readdir(out)).sort()).toEqual(['.portolan-export.json', 'notes.txt', 'w1.nft']);
  });

  it('writes sub-folders for relative names (Capirca) and refuses traversal', async () => {
    const out = path.join(dir, 'capirca');
    await writeExportBatch(out, [
      { name: 'def/NETWORK.net', content: 'A = 192.0.2.1/32\n' },
      { name: 'policies/pol/portolan.pol', content: 'header {}\n' },
    ]);
    expect(await readFile(path.join(out, 'def', 'NETWORK.net'), 'utf8')).toBe('A = 192.0.2.1/32\n');
    for (const name of ['../x.net', 'def/../../x', '/etc/x', 'def//x', 'a\\b', 'a/b/c/d/e']) {
      await expect(writeExportBatch(out, [{ name, content: 'x' }]), name).rejects.toThrow(
        /File name/,
      );
    }
    // A later batch without them removes the nested files it wrote before.
    const result = await writeExportBatch(out, [{ name: 'def/NETWORK.net', content: 'B' }]);
    expect(result.removed).toEqual([path.join(out, 'policies', 'pol', 'portolan.pol')]);
  });

  it('ignores manifest entries that are not plain names (a tampered manifest)', async () => {
    const out = path.join(dir, 'export');
    await writeFile(path.join(dir, 'victim.txt'), 'keep');
    await nodeFs.mkdir(out);
    await writeFile(
      path.join(out, '.portolan-export.json'),
      JSON.stringify({ files: ['../victim.txt', '/etc/passwd', 42] }),
    );
    const result = await writeExportBatch(out, [{ name: 'a.nft', content: 'x' }]);
    expect(result.removed).toEqual([]);
    expect(await readFile(path.join(dir, 'victim.txt'), 'utf8')).toBe('keep');
  });

  it('refuses a traversal name before writing anything', async () => {
    const out = path.join(dir, 'export');
    await expect(
      writeExportBatch(out, [
        { name: 'ok.txt', content: 'x' },
        { name: '../escape.txt', content: 'x' },
      ]),
    ).rejects.toThrow(/\.\./);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses names that collide on case-insensitive file systems', async () => {
    await expect(
      writeExportBatch(path.join(dir, 'e'), [
        { name: 'A.txt', content: 'x' },
        { name: 'a.txt', content: 'y' },
      ]),
    ).rejects.toThrow(/twice/);
  });
});
