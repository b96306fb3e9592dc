// File system work of the main process: atomic writes, size-limited reads, export batches.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import { plainFileNameProblem, relativeFileNameProblem } from '../src-core/util/file-name';

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
}

/** What an export batch changed in its folder. */
export interface BatchWriteResult {
  /** Absolute paths written, in batch order. */
  readonly written: readonly string[];
  /** Absolute paths of files an earlier batch (same manifest) wrote that this one no longer has. */
  readonly removed: readonly string[];
}

/** Default name of the file listing what the last batch wrote into a folder. */
export const EXPORT_MANIFEST = '.portolan-export.json';

/** Names listed by an earlier batch's manifest; none when there is no readable manifest. */
async function readManifest(file: string): Promise<readonly string[]> {
  let text: string;
  try {
    text = await nodeFs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const data: unknown = JSON.parse(text);
    const files = (data as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Write an export batch into `dir`, each file atomically. All names are checked before the
 * first write so a bad name never leaves a half-written batch behind. A manifest in the folder
 * lists what the batch wrote; files that an earlier batch with the same manifest wrote and this
 * one no longer produces (a host removed from the plan) are deleted after the new files are in
 * place, so a stale script is never left beside current ones. Files Portolan did not write are
 * never touched.
 */
export async function writeExportBatch(
  dir: string,
  files: readonly BatchFile[],
  fs: AtomicFs = realFs,
  manifest: string = EXPORT_MANIFEST,
): Promise<BatchWriteResult> {
  if (files.length > MAX_BATCH_FILES) throw new FileError(`Too many files (${files.length}).`);
  const seen = new Set<string>();
  for (const file of files) {
    // Plain names, or a few plain parts joined by "/" (Capirca's def/ and policies/ folders).
    const problem = relativeFileNameProblem(file.name);
    if (problem) throw new FileError(`File name "${file.name}" ${problem}.`);
    // Case-insensitive file systems (Windows, macOS) would make two names one file.
    const key = file.name.toLowerCase();
    if (seen.has(key)) throw new FileError(`File name "${file.name}" appears twice.`);
    seen.add(key);
    if (byteLength(file.content) > MAX_OUTPUT_BYTES) {
      throw new FileError(
        `File "${file.name}" is larger than ${formatMegabytes(MAX_OUTPUT_BYTES)}.`,
      );
    }
  }
  await nodeFs.mkdir(dir, { recursive: true });
  const manifestPath = path.join(dir, manifest);
  const previous = await readManifest(manifestPath);
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(dir, ...file.name.split('/'));
    if (file.name.includes('/')) await nodeFs.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, file.content, fs);
    written.push(target);
  }
  const removed: string[] = [];
  for (const name of previous) {
    // Only plain names this batch does not write: a tampered manifest cannot reach elsewhere.
    if (seen.has(name.toLowerCase()) || relativeFileNameProblem(name) !== null) continue;
    const stale = path.join(dir, ...name.split('/'));
    try {
      await nodeFs.unlink(stale);
      removed.push(stale);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new FileError(`Could not remove the outdated export file ${stale}.`);
      }
    }
  }
  const listing = `${JSON.stringify({ format: 'portolan-export-manifest', files: files.map((f) => f.name) }, null, 2)}\n`;
  await writeFileAtomic(manifestPath, listing, fs);
  return { written, removed };
}
