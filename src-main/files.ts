// File system work of the main process: atomic writes, size-limited reads, export batches.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { plainFileNameProblem, relativeFileNameProblem } from '../src-core/util/file-name';
import {
  ANY_OWNER,
  type BatchOwner,
  type ManifestEntry,
  type StaleFile,
  parseManifest,
  planCleanup,
  serializeManifest,
} from './export-manifest';

/** Largest plan file (bytes) the app reads or writes: beyond it a file is refused before parsing. */
export const MAX_PLAN_BYTES = 50 * 1024 * 1024;
/** Largest single export or report file (bytes). */
export const MAX_OUTPUT_BYTES = 100 * 1024 * 1024;
/** Most files one export batch may hold. */
export const MAX_BATCH_FILES = 10_000;

/**
 * The file operations atomic writing needs. Production uses node:fs/promises; tests inject
 * failing variants to prove the original file survives every failure point.
 */
export interface AtomicFs {
  open(file: string, flags: string, mode?: number): Promise<AtomicHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
}

/** The subset of a FileHandle atomic writing uses. */
export interface AtomicHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

const realFs: AtomicFs = {
  open: (file, flags, mode) => nodeFs.open(file, flags, mode),
  rename: (from, to) => nodeFs.rename(from, to),
  rm: (file, options) => nodeFs.rm(file, options),
  stat: (file) => nodeFs.stat(file),
};

/** Error with a message meant for the user (names the file and what went wrong). */
export class FileError extends Error {
  override readonly name = 'FileError';
}

function contentBytes(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

/**
 * Write `data` to `file` so that readers see either the old content or the new content, never a
 * mix: write a temporary file in the same folder (same file system, so rename is atomic), flush
 * it to disk, rename it over the target, then flush the folder so the rename itself survives a
 * power cut. On any failure the temporary file is removed and the original stays untouched.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  fs: AtomicFs = realFs,
): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // Keep the permissions of a file we replace; new files get the usual 0o666 & ~umask.
  let mode = 0o666;
  try {
    mode = (await fs.stat(file)).mode & 0o777;
  } catch {
    /* new file */
  }
  let handle: AtomicHandle | null = null;
  try {
    // 'wx': never reuse (and so never truncate) an existing file as the temporary file.
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, file);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new FileError(`Could not write ${file}: ${(error as Error).message}`, { cause: error });
  }
  await syncDirectory(dir, fs);
}

/** Flush a folder's entries to disk; not supported on Windows, where rename is already durable. */
async function syncDirectory(dir: string, fs: AtomicFs): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the data itself is already flushed.
  }
}

/** What a file system entry that is not a regular file is, for a message. */
function describeKind(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Read a UTF-8 text file (a leading byte order mark is dropped), refusing it before reading
 * when it is larger than `maxBytes` or not a regular file. The file is opened non-blocking and
 * checked through its open handle, so a named pipe or a device (`/dev/zero`, `/dev/stdin`)
 * can neither hang the read nor be swapped in between the check and the read. The app and the
 * CLI both read plans through here.
 */
export async function readTextFileLimited(
  file: string,
  maxBytes: number = MAX_PLAN_BYTES,
): Promise<string> {
  const { O_RDONLY, O_NONBLOCK = 0, O_NOCTTY = 0 } = fsConstants;
  let handle: nodeFs.FileHandle;
  try {
    handle = await nodeFs.open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  } catch (error) {
    throw new FileError(`Could not open ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new FileError(`${file} is ${describeKind(info)}, not a plan file.`);
    }
    const size = info.size;
    if (size > maxBytes) {
      throw new FileError(
        `${path.basename(file)} is ${formatMegabytes(size)}; plans larger than ${formatMegabytes(maxBytes)} are refused.`,
      );
    }
    // Read at most maxBytes + 1 so a file that grew since stat is still refused.
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) {
        throw new FileError(
          `${path.basename(file)} is larger than ${formatMegabytes(maxBytes)}; refused.`,
        );
      }
      if (total === buffer.length) {
        throw new FileError(`${path.basename(file)} changed while it was being read; try again.`);
      }
    }
    return new TextDecoder('utf-8').decode(buffer.subarray(0, total));
  } finally {
    await handle.close();
  }
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// One validator for file names, shared with the renderer's suggestions (src-core/util/file-name).
export { plainFileNameProblem };

/** One file of an export batch. */
export interface BatchFile {
  readonly name: string;
  readonly content: string | Uint8Array;
  /** Node the file is for (recorded in the manifest; scoped clean-up relies on it). */
  readonly node?: string;
}

/** A file an export batch removed, and why. */
export interface RemovedFile {
  /** Absolute path. */
  readonly path: string;
  /** Why it was removed, e.g. 'host "w2" is no longer in the plan'. */
  readonly reason: string;
}

/** What an export batch changed in its folder. */
export interface BatchWriteResult {
  /** Absolute paths of the batch's files, in batch order: each now holds its new content. */
  readonly written: readonly string[];
  /** Those of `written` that already held exactly the new content and were left untouched. */
  readonly unchanged: readonly string[];
  /** Files an earlier export of this plan wrote that this one covers and no longer has. */
  readonly removed: readonly RemovedFile[];
}

/** Default name of the file listing what the batches wrote into a folder. */
export const EXPORT_MANIFEST = '.portolan-export.json';

/**
 * The file operations a batch needs beyond atomic writing: hard links for the backups that
 * let a failed batch put every old file back, and lstat to refuse folders before writing.
 */
export interface BatchFs extends AtomicFs {
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string, mode: number): Promise<void>;
  unlink(file: string): Promise<void>;
  lstat(file: string): Promise<{
    mode: number;
    size: number;
    isDirectory(): boolean;
    isFile(): boolean;
  }>;
  readFile(file: string): Promise<string>;
  /** The bytes of a file (to leave a file that already holds the new content untouched). */
  readBytes(file: string): Promise<Uint8Array>;
}

const realBatchFs: BatchFs = {
  ...realFs,
  link: (existing, newPath) => nodeFs.link(existing, newPath),
  copyFile: (from, to, mode) => nodeFs.copyFile(from, to, mode),
  unlink: (file) => nodeFs.unlink(file),
  lstat: (file) => nodeFs.lstat(file),
  readFile: (file) => nodeFs.readFile(file, 'utf8'),
  readBytes: (file) => nodeFs.readFile(file),
};

export interface BatchOptions {
  /** File operations (tests inject failures); node:fs/promises by default. */
  readonly fs?: BatchFs;
  /** Name of the manifest in the folder (the CLI keeps one per format). */
  readonly manifest?: string;
  /** Plan and scope of this export; without it every earlier file of the manifest is ours. */
  readonly owner?: BatchOwner;
}

/** Files opened at once: enough to overlap the disk's flushes, far below descriptor limits. */
const BATCH_CONCURRENCY = 32;

/** Runs `task` over `items`, at most `limit` at a time; settles every one. */
async function settleLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        await task(items[i] as T);
        results[i] = { status: 'fulfilled', value: undefined };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs `task` over every item (bounded concurrency); once all settled, throws the first failure. */
async function everyOrFirstError<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
): Promise<void> {
  const results = await settleLimited(items, BATCH_CONCURRENCY, task);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A hidden name in the folder of `file` (same file system, so renames are atomic). */
function besideTarget(file: string, suffix: string): string {
  const name = `.${path.basename(file)}.${randomBytes(6).toString('hex')}.${suffix}`;
  return path.join(path.dirname(file), name);
}

/** One file of the batch on its way in. */
interface Staged {
  readonly name: string;
  readonly target: string;
  readonly content: string | Uint8Array;
  readonly temp: string;
  mode: number;
  existed: boolean;
  /** Hard link (or copy) of the old file, so a failed commit can put it back. */
  backup: string | null;
  /** Size of the existing regular file, or -1. */
  size: number;
  /** The existing file already holds the new content: nothing to write, back up or rename. */
  unchanged: boolean;
  tempWritten: boolean;
  committed: boolean;
}

/** A stale file on its way out: renamed aside first, deleted once the batch is in. */
interface Leaving {
  readonly stale: StaleFile;
  readonly path: string;
  readonly aside: string;
  moved: boolean;
}

/**
 * Write an export batch into `dir` as one change: the old set of files or the new one, never a
 * mix. Every name is checked first; then all temporary files are written and flushed
 * concurrently; then each existing file gets a hard-link backup, each temporary file is
 * renamed over its target and each outdated file is renamed aside, and the folder is flushed
 * once. A failure at any step removes what the batch added and renames every old file back,
 * and the error names the file and the reason. Outdated files are those an earlier export of
 * the same plan wrote, that this export covers and no longer writes (see `planCleanup`); the
 * manifest records plan, scope and node of every file. Files Portolan did not write are never
 * touched; a folder where a file should be written or removed is an error, before any write.
 */
export async function writeExportBatch(
  dir: string,
  files: readonly BatchFile[],
  options: BatchOptions = {},
): Promise<BatchWriteResult> {
  const fs = options.fs ?? realBatchFs;
  const owner = options.owner ?? ANY_OWNER;
  const manifestName = options.manifest ?? EXPORT_MANIFEST;
  if (files.length > MAX_BATCH_FILES) throw new FileError(`Too many files (${files.length}).`);
  const writing = new Set<string>();
  for (const file of files) {
    // Plain names, or a few plain parts joined by "/" (Capirca's def/ and policies/ folders).
    const problem = relativeFileNameProblem(file.name);
    if (problem) throw new FileError(`File name "${file.name}" ${problem}.`);
    // Case-insensitive file systems (Windows, macOS) would make two names one file.
    const key = file.name.toLowerCase();
    if (writing.has(key)) throw new FileError(`File name "${file.name}" appears twice.`);
    writing.add(key);
    if (byteLength(file.content) > MAX_OUTPUT_BYTES) {
      throw new FileError(
        `File "${file.name}" is larger than ${formatMegabytes(MAX_OUTPUT_BYTES)}.`,
      );
    }
  }
  await nodeFs.mkdir(dir, { recursive: true });
  // Sub-folders of relative names (Capirca's def/ and policies/).
  for (const sub of new Set(files.filter((f) => f.name.includes('/')).map((f) => f.name))) {
    await nodeFs.mkdir(path.dirname(path.join(dir, ...sub.split('/'))), { recursive: true });
  }

  const manifestPath = path.join(dir, manifestName);
  let previous: ManifestEntry[] = [];
  try {
    previous = parseManifest(await fs.readFile(manifestPath));
  } catch {
    // No manifest (or an unreadable one): no earlier file is known to be ours.
  }
  const cleanup = planCleanup(previous, writing, owner);
  const entries: ManifestEntry[] = [
    ...cleanup.keep,
    ...files.map((f) => ({
      name: f.name,
      plan: owner.plan,
      scope: owner.scope,
      ...(f.node !== undefined ? { node: f.node } : {}),
    })),
  ];
  const staged: Staged[] = [
    ...files.map((f) => ({ name: f.name, content: f.content })),
    { name: manifestName, content: serializeManifest(entries) },
  ]
    .map((f) => {
      const target = path.join(dir, ...f.name.split('/'));
      return { ...f, target, temp: besideTarget(target, 'tmp') };
    })
    .map((f) => ({
      ...f,
      mode: 0o666,
      existed: false,
      backup: null,
      size: -1,
      unchanged: false,
      tempWritten: false,
      committed: false,
    }));

  // 1. Look before writing: what exists, with which permissions; no folder in the way.
  await everyOrFirstError(staged, async (s) => {
    let info;
    try {
      info = await fs.lstat(s.target);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw new FileError(`Could not check ${s.target}: ${message(error)}`);
    }
    if (info.isDirectory()) {
      throw new FileError(
        `${s.target} is a folder; the export would replace it with a file. Rename or remove the folder, or export into another folder.`,
      );
    }
    s.existed = true;
    // Keep the permissions of a file we replace (a symlink's own mode means nothing).
    s.mode = info.isFile() ? info.mode & 0o777 : 0o666;
    if (info.isFile()) s.size = info.size;
  });
  const staleFile = (stale: StaleFile): string => path.join(dir, ...stale.name.split('/'));
  const present = new Set<StaleFile>();
  await everyOrFirstError(cleanup.remove, async (stale) => {
    const file = staleFile(stale);
    let info;
    try {
      info = await fs.lstat(file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return; // already gone: nothing to remove
      throw new FileError(`Could not check the outdated export file ${file}: ${message(error)}`);
    }
    if (info.isDirectory()) {
      throw new FileError(
        `The earlier export listed ${file} (${stale.reason}), but it is now a folder; Portolan removes only files it wrote. Move the folder away, then export again.`,
      );
    }
    present.add(stale);
  });
  // In the manifest's order, not the order the looks finished in: the report of what was
  // removed (and a rollback) is the same on every run.
  const leaving: Leaving[] = cleanup.remove
    .filter((stale) => present.has(stale))
    .map((stale) => {
      const file = staleFile(stale);
      return { stale, path: file, aside: besideTarget(file, 'old'), moved: false };
    });

  // A file that already holds exactly the new bytes is left as it is: a re-export of an
  // unchanged plan touches only what changed (mtimes stay meaningful for git, rsync, config
  // management), and skips its write, flush, backup and rename. Only a same-sized regular
  // file is read; a read that fails just means the file is written.
  await settleLimited(staged, BATCH_CONCURRENCY, async (s) => {
    if (s.size < 0 || s.size !== byteLength(s.content)) return;
    const existing = await fs.readBytes(s.target);
    s.unchanged = Buffer.from(existing).equals(contentBytes(s.content));
  });
  const changing = staged.filter((s) => !s.unchanged);

  // 2. Every temporary file written and flushed, concurrently.
  const staging = await settleLimited(changing, BATCH_CONCURRENCY, async (s) => {
    let handle: AtomicHandle | null = null;
    try {
      // 'wx': never reuse (and so never truncate) an existing file as the temporary file.
      handle = await fs.open(s.temp, 'wx', s.mode);
      s.tempWritten = true;
      await handle.writeFile(s.content);
      await handle.sync();
      await handle.close();
      handle = null;
    } catch (error) {
      if (handle) await handle.close().catch(() => undefined);
      throw new FileError(`Could not write ${s.target}: ${message(error)}`, { cause: error });
    }
  });
  const stageFailures = staging.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (stageFailures.length > 0) {
    await removeQuietly(
      fs,
      changing.filter((s) => s.tempWritten).map((s) => s.temp),
    );
    throw batchError(stageFailures, dir, 'nothing in the folder was changed');
  }

  // 3. Commit: back up, rename in, move outdated files aside; undo all on any failure. Each
  // step runs concurrently (one file's rename never depends on another's) and settles every
  // file before the next step, so a failure leaves a known set of files to put back.
  try {
    await everyOrFirstError(changing, async (s) => {
      if (!s.existed) return;
      const backup = besideTarget(s.target, 'old');
      try {
        await fs.link(s.target, backup);
      } catch {
        // File systems without hard links (FAT, some shares): a copy serves as the backup.
        await fs.copyFile(s.target, backup, fsConstants.COPYFILE_EXCL);
      }
      s.backup = backup;
    });
    await everyOrFirstError(changing, async (s) => {
      try {
        await fs.rename(s.temp, s.target);
      } catch (error) {
        throw new FileError(`Could not replace ${s.target}: ${message(error)}`, { cause: error });
      }
      s.committed = true;
    });
    await everyOrFirstError(leaving, async (l) => {
      try {
        await fs.rename(l.path, l.aside);
      } catch (error) {
        throw new FileError(
          `Could not remove the outdated export file ${l.path} (${l.stale.reason}): ${message(error)}`,
          { cause: error },
        );
      }
      l.moved = true;
    });
  } catch (error) {
    const unrestored = await rollBack(fs, changing, leaving);
    if (unrestored.length > 0) {
      throw new FileError(
        `${message(error)}. Putting the previous files back failed too for ${unrestored.join(', ')}; their previous content is in the hidden ".*.old" files beside them.`,
        { cause: error },
      );
    }
    throw batchError([error], dir, 'the previous files were put back');
  }
  // One flush per folder the batch changed (the export folder, and any sub-folder).
  const folders = new Set(
    [...changing.map((s) => s.target), ...leaving.map((l) => l.path)].map((f) => path.dirname(f)),
  );
  for (const folder of folders) await syncDirectory(folder, fs);
  // The batch is in: backups and outdated files can go (leftovers are hidden and harmless).
  await removeQuietly(fs, [
    ...changing.flatMap((s) => (s.backup ? [s.backup] : [])),
    ...leaving.map((l) => l.aside),
  ]);
  const ours = staged.slice(0, files.length);
  return {
    written: ours.map((s) => s.target),
    unchanged: ours.filter((s) => s.unchanged).map((s) => s.target),
    removed: leaving.map((l) => ({ path: l.path, reason: l.stale.reason })),
  };
}

/** Undoes a partial commit; returns the targets whose old content could not be put back. */
async function rollBack(
  fs: BatchFs,
  staged: readonly Staged[],
  leaving: readonly Leaving[],
): Promise<string[]> {
  const unrestored: string[] = [];
  for (const l of [...leaving].reverse()) {
    if (!l.moved) continue;
    await fs.rename(l.aside, l.path).catch(() => unrestored.push(l.path));
  }
  for (const s of [...staged].reverse()) {
    if (s.committed) {
      const undo = s.backup ? fs.rename(s.backup, s.target) : fs.unlink(s.target);
      const ok = await undo.then(
        () => true,
        () => false,
      );
      if (!ok) unrestored.push(s.target);
      else if (s.backup) s.backup = null;
    }
  }
  await removeQuietly(fs, [
    ...staged.filter((s) => !s.committed).map((s) => s.temp),
    ...staged.flatMap((s) => (s.backup && !unrestored.includes(s.target) ? [s.backup] : [])),
  ]);
  return unrestored;
}

async function removeQuietly(fs: BatchFs, files: readonly string[]): Promise<void> {
  await settleLimited(files, BATCH_CONCURRENCY, (file) => fs.unlink(file));
}

function batchError(errors: readonly unknown[], dir: string, outcome: string): FileError {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more file(s) failed)` : '';
  return new FileError(`${message(first)}${more}; ${outcome} in ${dir}.`, { cause: first });
}
