// Electron hardening that lives outside the window options: fuses, justifications, files from outside.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PLAN_BYTES } from './files';
import { readExternalPlanFile, type HandlerDeps } from './ipc/handlers';
import { PathAllowList } from './paths';
import { buildPdfWindowOptions, buildWindowOptions } from './window-options';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('electron-builder.yml', () => {
  it('sets every fuse issue 16 names, under electron-builder 26’s electronFuses key', () => {
    const yml = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?: {2}.*\n)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/:\s*/)),
    );
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableCookieEncryption: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
    // The option name and fields exist in the installed electron-builder's schema.
    const types = readFileSync(
      path.join(ROOT, 'node_modules/app-builder-lib/out/configuration.d.ts'),
      'utf8',
    );
    expect(types).toContain('readonly electronFuses?: FuseOptionsV1');
    for (const name of Object.keys(fuses)) expect(types).toContain(`${name}?: boolean;`);
  });
});

describe('electron-builder files', () => {
  it('ship every module the built main process loads (its shared chunks too)', () => {
    const yml = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    const block = /^files:\n((?: {2}(?:- |#).*\n)+)/m.exec(yml)?.[1] ?? '';
    const folders = block
      .split('\n')
      .filter((line) => line.startsWith('  - '))
      .map((line) => line.slice(4).replace(/^'|'$/g, ''))
      .filter((glob) => glob.endsWith('/**') && !glob.startsWith('!'))
      .map((glob) => glob.slice(0, -2));
    expect(folders).toContain('dist/main/');
    const main = path.join(ROOT, 'dist/main/main.cjs');
    expect(existsSync(main), 'dist/main/main.cjs is missing: run npm run build first').toBe(true);
    // Every relative require, followed through the chunks it loads.
    const seen = new Set<string>();
    const queue = [main];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        queue.push(path.resolve(path.dirname(file), m[1]!));
      }
    }
    expect(seen.size).toBeGreaterThan(1);
    for (const file of seen) {
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      expect(
        folders.some((f) => relative.startsWith(f)),
        `${relative} is loaded by the main process but not in electron-builder.yml files`,
      ).toBe(true);
    }
  });
});

describe('electronegativity.json', () => {
  const entries = JSON.parse(readFileSync(path.join(ROOT, 'electronegativity.json'), 'utf8')) as {
    reason: string;
  }[];

  it('names only files and tests that exist', () => {
    for (const { reason } of entries) {
      for (const file of reason.match(/[\w-]+\.test\.ts|src-main\/[\w/.-]+\.ts/g) ?? []) {
        const where = file.includes('/') ? file : `src-main/${file}`;
        expect(existsSync(path.join(ROOT, where)), `${file} in "${reason}"`).toBe(true);
      }
    }
  });

  it('claims about Auxclick are what the window options set', () => {
    const main = buildWindowOptions({
      preloadPath: '/p.cjs',
      bounds: { width: 800, height: 600 },
      backgroundColor: '#fff',
    });
    expect(main.webPreferences?.disableBlinkFeatures).toBe('Auxclick');
    expect(buildPdfWindowOptions('p').webPreferences?.disableBlinkFeatures).toBe('Auxclick');
  });
});

describe('files opened from the command line or the OS', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'portolan-external-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function deps() {
    const allowList = new PathAllowList();
    const recent: string[] = [];
    return {
      allowList,
      recent,
      deps: {
        allowList,
        recent: { list: () => recent, add: (f: string) => recent.push(f), remove: () => undefined },
      } as unknown as HandlerDeps,
    };
  }

  it('are read like the CLI reads them: a UTF-8 byte order mark is accepted', async () => {
    const file = path.join(dir, 'bom.portolan.json');
    const text = readFileSync(
      path.join(ROOT, 'resources/samples/all-in-one.portolan.json'),
      'utf8',
    );
    await writeFile(file, `\ufeff${text}`);
    const opened = await readExternalPlanFile(file, deps().deps);
    expect(opened.text).toBe(text);
  });

  it('join the allow-list when they are a plan', async () => {
    const file = path.join(ROOT, 'resources/samples/all-in-one.portolan.json');
    const d = deps();
    const opened = await readExternalPlanFile(file, d.deps);
    expect(opened.name).toBe('all-in-one.portolan.json');
    expect(d.allowList.has(file)).toBe(true);
    expect(d.recent).toEqual([file]);
  });

  it.each([
    [
      'a JSON file that is not a plan',
      'notes.json',
      '{"a":1}',
      /notes\.json is not a Portolan plan: format: must be "portolan-plan"/,
    ],
    ['a text file', 'shell.json', 'echo pwned', /is not a Portolan plan: not valid JSON/],
  ])('are refused, and never allowed, when they are %s', async (_what, name, content, message) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    const d = deps();
    await expect(readExternalPlanFile(file, d.deps)).rejects.toThrow(message);
    expect(d.allowList.has(file)).toBe(false);
    expect(d.recent).toEqual([]);
  });

  it('are refused when over the size limit, a folder, a device or a named pipe', async () => {
    const big = path.join(dir, 'big.json');
    await writeFile(big, '');
    await truncate(big, MAX_PLAN_BYTES + 1);
    const fifo = path.join(dir, 'fifo.json');
    spawnSync('mkfifo', [fifo]);
    const d = deps();
    for (const file of [big, dir, '/dev/zero', fifo, path.join(dir, 'missing.json')]) {
      if (!existsSync(file) && !file.endsWith('missing.json')) continue;
      await expect(readExternalPlanFile(file, d.deps)).rejects.toThrow();
      expect(d.allowList.has(file)).toBe(false);
    }
  });
});
