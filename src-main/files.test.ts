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
  type BatchFs,
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
    expect(result.removed).toEqual([
      {
        path: path.join(out, 'w2.nft'),
        reason: 'the plan no longer produces this plan-wide file',
      },
    ]);
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
    expect(result.removed.map((r) => r.path)).toEqual([
      path.join(out, 'policies', 'pol', 'portolan.pol'),
    ]);
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

type BatchPoint = 'lstat' | 'open' | 'write' | 'sync' | 'close' | 'backup' | 'rename' | 'aside';

/**
 * Real fs, except the `nth` call (0-based) of one batch step fails. 'rename' counts renames of
 * temporary files into place, 'aside' renames of outdated files; 'backup' fails link and copy.
 */
function failingBatchFs(point: BatchPoint, nth: number): BatchFs {
  const counts = new Map<BatchPoint, number>();
  let links = 0;
  let copyFails = false;
  const hit = (p: BatchPoint): boolean => {
    if (p !== point) return false;
    const n = counts.get(p) ?? 0;
    counts.set(p, n + 1);
    return n === nth;
  };
  return {
    async open(file, flags, mode) {
      if (flags === 'wx' && hit('open')) throw new Error('EMFILE: injected');
      const handle = await nodeFs.open(file, flags, mode);
      const temp = flags === 'wx';
      return {
        async writeFile(data) {
          if (temp && hit('write')) {
            await handle.writeFile(typeof data === 'string' ? data.slice(0, 1) : data.slice(0, 1));
            throw new Error('ENOSPC: injected');
          }
          await handle.writeFile(data);
        },
        async sync() {
          if (temp && hit('sync')) throw new Error('EIO: injected');
          await handle.sync();
        },
        async close() {
          await handle.close();
          if (temp && hit('close')) throw new Error('EIO on close: injected');
        },
      };
    },
    async rename(from, to) {
      const kind: BatchPoint = from.endsWith('.tmp')
        ? 'rename'
        : to.endsWith('.old')
          ? 'aside'
          : 'rename';
      // Renames back (rollback) are never failed: they restore.
      if (from.endsWith('.tmp') || to.endsWith('.old')) {
        if (hit(kind)) throw new Error('EXDEV: injected');
      }
      await nodeFs.rename(from, to);
    },
    async link(existing, newPath) {
      // The nth backup fails as a link and then as a copy (both ways of backing up).
      if (point === 'backup' && links++ === nth) {
        copyFails = true;
        throw new Error('EPERM: no links');
      }
      await nodeFs.link(existing, newPath);
    },
    async copyFile(from, to, mode) {
      if (copyFails) throw new Error('ENOSPC: injected');
      await nodeFs.copyFile(from, to, mode);
    },
    rm: (file, options) => nodeFs.rm(file, options),
    stat: (file) => nodeFs.stat(file),
    unlink: (file) => nodeFs.unlink(file),
    async lstat(file) {
      if (hit('lstat')) throw new Error('EACCES: injected');
      return nodeFs.lstat(file);
    },
    readFile: (file) => nodeFs.readFile(file, 'utf8'),
    readBytes: (file) => nodeFs.readFile(file),
  };
}

/** Every entry of a folder with its content, to compare before and after. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) {
    out[name] = await readFile(path.join(folder, name), 'utf8');
  }
  return out;
}

describe('writeExportBatch as one change', () => {
  const OLD = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `${n}.nft`, content: `old ${n}\n` }));
  // a–c rewritten, f new, d and e no longer produced (removed on success).
  const NEW = [
    ...['a', 'b', 'c'].map((n) => ({ name: `${n}.nft`, content: `new ${n}, longer\n` })),
    { name: 'f.nft', content: 'new f\n' },
  ];

  async function oldFolder(): Promise<{ out: string; before: Record<string, string> }> {
    const out = path.join(dir, 'export');
    await writeExportBatch(out, OLD);
    await writeFile(path.join(out, 'notes.txt'), 'not ours');
    await chmod(path.join(out, 'b.nft'), 0o640);
    return { out, before: await snapshot(out) };
  }

  it('replaces the set, removes what is no longer produced, keeps modes, leaves no temp file', async () => {
    const { out } = await oldFolder();
    const result = await writeExportBatch(out, NEW);
    expect(result.written).toEqual(NEW.map((f) => path.join(out, f.name)));
    expect(result.removed.map((r) => path.basename(r.path))).toEqual(['d.nft', 'e.nft']);
    const after = await snapshot(out);
    expect(Object.keys(after)).toEqual([
      '.portolan-export.json',
      'a.nft',
      'b.nft',
      'c.nft',
      'f.nft',
      'notes.txt',
    ]);
    expect(after['b.nft']).toBe('new b, longer\n');
    expect((await nodeFs.stat(path.join(out, 'b.nft'))).mode & 0o777).toBe(0o640);
  });

  const points: [BatchPoint, number][] = [
    ['lstat', 0],
    ['lstat', 5],
    ['open', 0],
    ['open', 3],
    ['write', 2],
    ['sync', 1],
    ['close', 4], // the manifest's temporary file
    ['backup', 0],
    ['backup', 2],
    ['rename', 0],
    ['rename', 2],
    ['rename', 4], // the manifest, after every export file is in place
    ['aside', 0],
    ['aside', 1],
  ];
  it.each(points)(
    'leaves the old set of files, never a mix, when %s #%i fails',
    async (point, nth) => {
      const { out, before } = await oldFolder();
      const error = await writeExportBatch(out, NEW, { fs: failingBatchFs(point, nth) }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileError);
      expect((error as Error).message).toMatch(/injected|no links/);
      expect((error as Error).message).toContain(out);
      expect(await snapshot(out)).toEqual(before);
      expect((await nodeFs.stat(path.join(out, 'b.nft'))).mode & 0o777).toBe(0o640);
    },
  );

  it('backs up by copy where the file system has no hard links', async () => {
    const { out } = await oldFolder();
    const fs = failingBatchFs('backup', 99);
    const noLinks: BatchFs = { ...fs, link: () => Promise.reject(new Error('EPERM: no links')) };
    await writeExportBatch(out, NEW, { fs: noLinks });
    expect((await snapshot(out))['a.nft']).toBe('new a, longer\n');
    expect((await readdir(out)).some((f) => f.endsWith('.old'))).toBe(false);
  });

  it('refuses a folder where a file is to be written, before writing anything', async () => {
    const { out } = await oldFolder();
    await nodeFs.mkdir(path.join(out, 'f.nft'));
    const before = await snapshot(out).catch(() => null);
    void before;
    await expect(writeExportBatch(out, NEW)).rejects.toThrow(
      `${path.join(out, 'f.nft')} is a folder; the export would replace it with a file`,
    );
    expect((await readdir(out)).sort()).toEqual([
      '.portolan-export.json',
      'a.nft',
      'b.nft',
      'c.nft',
      'd.nft',
      'e.nft',
      'f.nft',
      'notes.txt',
    ]);
    expect(await readFile(path.join(out, 'a.nft'), 'utf8')).toBe('old a\n');
  });

  it('a manifest entry that is now a folder is an error with its reason, nothing written', async () => {
    const { out } = await oldFolder();
    await nodeFs.rm(path.join(out, 'd.nft'));
    await nodeFs.mkdir(path.join(out, 'd.nft'));
    await writeFile(path.join(out, 'd.nft', 'keep.txt'), 'mine');
    await expect(writeExportBatch(out, NEW)).rejects.toThrow(
      `The earlier export listed ${path.join(out, 'd.nft')} (the plan no longer produces this plan-wide file), but it is now a folder`,
    );
    expect(await readFile(path.join(out, 'd.nft', 'keep.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(out, 'a.nft'), 'utf8')).toBe('old a\n');
    expect((await readdir(out)).some((f) => f.endsWith('.tmp') || f.endsWith('.old'))).toBe(false);
  });

  it('writes a batch of many files concurrently and completely', async () => {
    const out = path.join(dir, 'many');
    const many = Array.from({ length: 300 }, (_, i) => ({ name: `h${i}.nft`, content: `${i}\n` }));
    await writeExportBatch(out, many);
    const names = await readdir(out);
    expect(names).toHaveLength(301);
    expect(await readFile(path.join(out, 'h299.nft'), 'utf8')).toBe('299\n');
  });
});

describe('writeExportBatch leaves files that already hold the new content', () => {
  const FILES = [
    { name: 'a.nft', content: 'table inet a\n' },
    { name: 'b.nft', content: 'table inet b\n' },
  ];

  it('touches nothing on a re-export of the same content, and says so', async () => {
    const out = path.join(dir, 'same');
    const first = await writeExportBatch(out, FILES);
    expect(first.unchanged).toEqual([]);
    const before = await nodeFs.stat(path.join(out, 'a.nft'));
    const again = await writeExportBatch(out, FILES);
    expect(again.written).toEqual(first.written);
    expect(again.unchanged).toEqual(first.written);
    const after = await nodeFs.stat(path.join(out, 'a.nft'));
    // Same inode: the file was not replaced by a rename.
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect((await readdir(out)).sort()).toEqual(['.portolan-export.json', 'a.nft', 'b.nft']);
  });

  it('replaces a file of the same size whose bytes differ, and a symlink with the same content', async () => {
    const out = path.join(dir, 'differ');
    await writeExportBatch(out, FILES);
    await writeFile(path.join(out, 'a.nft'), 'table inet X\n');
    await writeFile(path.join(dir, 'elsewhere.nft'), 'table inet b\n');
    await rm(path.join(out, 'b.nft'));
    await nodeFs.symlink(path.join(dir, 'elsewhere.nft'), path.join(out, 'b.nft'));
    const r = await writeExportBatch(out, FILES);
    expect(r.unchanged).toEqual([]);
    expect(await readFile(path.join(out, 'a.nft'), 'utf8')).toBe('table inet a\n');
    expect((await nodeFs.lstat(path.join(out, 'b.nft'))).isFile()).toBe(true);
    // The symlink's target was not written through.
    expect(await readFile(path.join(dir, 'elsewhere.nft'), 'utf8')).toBe('table inet b\n');
  });

  it('writes a file it could not read back, and rolls back a changed one beside an unchanged one', async () => {
    const out = path.join(dir, 'mixed');
    await writeExportBatch(out, FILES);
    const unreadable: BatchFs = {
      ...failingBatchFs('rename', 99),
      readBytes: () => Promise.reject(new Error('EIO: injected')),
    };
    const r = await writeExportBatch(out, FILES, { fs: unreadable });
    expect(r.unchanged).toEqual([]);
    expect(await readFile(path.join(out, 'a.nft'), 'utf8')).toBe('table inet a\n');

    await writeExportBatch(out, [...FILES, { name: 'c.nft', content: 'table inet c\n' }]);
    const before = await snapshot(out);
    // a unchanged; b and c changed: the second rename in fails, the first is undone.
    const changed = [
      FILES[0]!,
      { name: 'b.nft', content: 'table inet b, now longer\n' },
      { name: 'c.nft', content: 'table inet c, now longer\n' },
    ];
    await expect(
      writeExportBatch(out, changed, { fs: failingBatchFs('rename', 1) }),
    ).rejects.toThrow(/EXDEV: injected/);
    expect(await snapshot(out)).toEqual(before);
  });
});
