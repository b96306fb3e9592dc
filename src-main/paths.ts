// Which file paths the renderer may name: chosen in a dialog this session, or in the recent list.
import path from 'node:path';

/** Comparison key of a path: resolved, and case-folded where the file system ignores case. */
export function pathKey(file: string, platform: NodeJS.Platform = process.platform): string {
  const resolved = platform === 'win32' ? path.win32.resolve(file) : path.posix.resolve(file);
  return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
}

/**
 * The renderer is not trusted with arbitrary paths: a compromised page must not be able to
 * overwrite ~/.bashrc. It may only name paths main has seen the user pick.
 */
export class PathAllowList {
  readonly #keys = new Set<string>();

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  allow(file: string): void {
    this.#keys.add(pathKey(file, this.platform));
  }

  has(file: string): boolean {
    return this.#keys.has(pathKey(file, this.platform));
  }
}

/** Most recent files kept. */
export const RECENT_LIMIT = 10;

/** Add `file` to the front of `list`, without duplicates, at most RECENT_LIMIT entries. */
export function pushRecent(
  list: readonly string[],
  file: string,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const key = pathKey(file, platform);
  return [file, ...list.filter((f) => pathKey(f, platform) !== key)].slice(0, RECENT_LIMIT);
}

/** Parse the stored recent list, dropping anything that is not an absolute path string. */
export function parseRecent(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value
      .filter((f): f is string => typeof f === 'string' && f.length < 4096 && path.isAbsolute(f))
      .filter((f) => !f.includes('\0'))
      .slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

/** Plan file the app was asked to open on its command line (first `*.portolan.json` or `*.json`). */
export function planFileFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable; in development argv[1] is the app folder/script. Flags start with '-'.
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (/\.json$/i.test(arg)) return path.resolve(cwd, arg);
  }
  return null;
}
