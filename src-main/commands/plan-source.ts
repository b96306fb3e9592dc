// Plan arguments that name a git revision (`origin/main:plan.portolan.json`), read through `git show`.
import { execFile } from 'node:child_process';
import type { CliIo } from './types';

/** Largest blob `git show` may return (bytes): a plan is far smaller; beyond it the read fails. */
const MAX_GIT_BLOB = 50 * 1024 * 1024;

/** Reads `REV:PATH` from the git repository around `cwd`; rejects with git's own message. */
export type GitShow = (cwd: string, spec: string) => Promise<string>;

/**
 * Runs `git show --end-of-options REV:PATH` without a shell: the argument reaches git as one
 * word, and `--end-of-options` stops a spec that begins with `-` from being read as an option.
 */
export const gitShow: GitShow = (cwd, spec) =>
  new Promise((resolve, reject) => {
    execFile(
      'git',
      ['show', '--end-of-options', spec],
      { cwd, encoding: 'utf8', maxBuffer: MAX_GIT_BLOB, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const first = stderr.split('\n').find((l) => l.trim() !== '') ?? error.message;
          reject(new Error(`git show ${spec}: ${first.replace(/^fatal:\s*/, '')}`));
        } else resolve(stdout);
      },
    );
  });

/**
 * True when an argument reads as git's `REV:PATH`: a colon with text on both sides, and not a
 * Windows drive path (`C:\\plans\\a.json`, `C:/a.json`).
 */
export function isGitSpec(arg: string): boolean {
  if (/^[A-Za-z]:[\\/]/.test(arg)) return false;
  const colon = arg.indexOf(':');
  return colon > 0 && colon < arg.length - 1 && !arg.startsWith('-');
}

/**
 * I/O whose `readFile` falls back to `git show` for an argument that is no existing file but
 * reads as `REV:PATH`; an existing file of that name always wins.
 */
export function withGitRevisions(io: CliIo, show: GitShow = gitShow): CliIo {
  return {
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    async readFile(path) {
      try {
        return await io.readFile(path);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT' || !isGitSpec(path)) throw error;
        return show(io.cwd, path);
      }
    },
  };
}
