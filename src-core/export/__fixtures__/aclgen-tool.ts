// Runs Debian's Capirca `aclgen` on a Capirca export for the tests (Node only: *-tool.ts fixtures are outside the pure core).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExportFile } from '../exporter';

const probe = spawnSync('aclgen', ['--helpshort'], { encoding: 'utf8' });
/** Why the aclgen proofs cannot run here, or '' when they can. */
// aclgen's help exits 1; what proves it runs is its usage text.
export const ACLGEN_MISSING =
  probe.error || !/USAGE/.test(`${probe.stdout}${probe.stderr}`)
    ? 'aclgen (Debian package python3-capirca) is not installed'
    : '';

/**
 * With `CI=true` a missing aclgen is a failure, not a skip: CI installs it (`.ci/run`), so
 * its absence there means the proof silently stopped running.
 */
export function aclgenSkipReason(): string {
  if (!ACLGEN_MISSING) return '';
  if (process.env.CI === 'true')
    throw new Error(`${ACLGEN_MISSING}; CI must run the Capirca proofs`);
  console.warn(`Capirca proofs skipped: ${ACLGEN_MISSING}.`);
  return ACLGEN_MISSING;
}

/** Capirca's own well-known port names of its Cisco generators (its ASA output writes `eq ssh`). */
export function capircaPortNames(): Map<string, number> {
  // Debian's interpreter, the one /usr/bin/aclgen runs on (a pyenv python3 on PATH lacks the module).
  const r = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      'import json; from capirca.lib import cisco; m = cisco.PortMap; print(json.dumps({"tcp": m._PORTS_TCP, "udp": m._PORTS_UDP}))',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`reading Capirca's port names: ${r.stderr}`);
  const maps = JSON.parse(r.stdout) as Record<string, Record<string, string>>;
  const names = new Map<string, number>();
  for (const map of Object.values(maps))
    for (const [port, name] of Object.entries(map)) names.set(name, Number(port));
  return names;
}

/** aclgen's output files by name (`portolan.asa`, `portolan.xml`, `portolan.srx`, `portolan`). */
export interface AclgenOutput {
  readonly status: number | null;
  readonly log: string;
  readonly files: ReadonlyMap<string, string>;
}

/** Writes the export into a fresh folder and compiles it there, as the README says to. */
export function runAclgen(
  files: readonly ExportFile[],
  rewrite?: (f: ExportFile) => string,
): AclgenOutput {
  const dir = mkdtempSync(join(tmpdir(), 'ptl-capirca-'));
  try {
    for (const f of files) {
      const path = join(dir, f.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, rewrite ? rewrite(f) : f.content);
    }
    const r = spawnSync('aclgen', ['--output_directory=out'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = new Map<string, string>();
    try {
      for (const name of readdirSync(join(dir, 'out')))
        out.set(name, readFileSync(join(dir, 'out', name), 'utf8'));
    } catch {
      // No output folder: the log says why.
    }
    return { status: r.status, log: `${r.stdout}${r.stderr}`, files: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
