// IPC handlers with fake dialogs: allow-listed paths, recent files, untrusted senders, atomic saves.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PathAllowList } from '../paths';
import { INVOKE_CHANNELS } from './contract';
import { createHandlers, invokeValidated, registerHandlers, type HandlerDeps } from './handlers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portolan-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function makeDeps(overrides: Partial<HandlerDeps['dialogs']> = {}) {
  let recent: string[] = [];
  const saved: (string | null)[] = [];
  const deps: HandlerDeps = {
    allowList: new PathAllowList(),
    dialogs: {
      openPlan: async () => null,
      saveFile: async () => null,
      chooseFolder: async () => null,
      ...overrides,
    },
    recent: {
      list: () => recent,
      add: (f) => {
        recent = [f, ...recent.filter((x) => x !== f)];
      },
      remove: (f) => {
        recent = recent.filter((x) => x !== f);
      },
    },
    renderPdf: async () => new Uint8Array([37, 80, 68, 70]),
    setDocumentState: vi.fn(),
    planSaveFinished: (p) => saved.push(p),
    takePendingFiles: () => [],
  };
  return { deps, saved, recentList: () => recent };
}

describe('handlers', () => {
  it('opens a chosen file and then allows saving back to it without a dialog', async () => {
    const file = path.join(dir, 'site.portolan.json');
    await writeFile(file, '{"a":1}');
    const saveFile = vi.fn(async () => null);
    const { deps, saved } = makeDeps({ openPlan: async () => file, saveFile });
    const h = createHandlers(deps);
    expect(await h.openPlanFile()).toEqual({
      name: 'site.portolan.json',
      path: file,
      text: '{"a":1}',
    });
    expect(await h.savePlanFile('{"a":2}', { path: file, suggestedName: 'x.json' })).toEqual({
      path: file,
      name: 'site.portolan.json',
    });
    expect(saveFile).not.toHaveBeenCalled();
    expect(await readFile(file, 'utf8')).toBe('{"a":2}');
    expect(saved).toEqual([file]);
  });

  it('never writes to a path the user did not choose; asks with a dialog instead', async () => {
    const victim = path.join(dir, '.bashrc');
    await writeFile(victim, 'original');
    const saveFile = vi.fn(async () => null);
    const { deps, saved } = makeDeps({ saveFile });
    const h = createHandlers(deps);
    expect(await h.savePlanFile('evil', { path: victim, suggestedName: 'p.json' })).toBeNull();
    expect(saveFile).toHaveBeenCalledOnce();
    expect(await readFile(victim, 'utf8')).toBe('original');
    expect(saved).toEqual([null]);
  });

  it('opens only files in the recent list', async () => {
    const file = path.join(dir, 'a.json');
    await writeFile(file, '{}');
    const { deps } = makeDeps();
    const h = createHandlers(deps);
    await expect(h.openRecentFile(file)).rejects.toThrow(/not in the recent/);
    deps.recent.add(file);
    expect((await h.openRecentFile(file))?.text).toBe('{}');
  });

  it('drops a vanished recent file from the list', async () => {
    const { deps, recentList } = makeDeps();
    const gone = path.join(dir, 'gone.json');
    deps.recent.add(gone);
    await expect(createHandlers(deps).openRecentFile(gone)).rejects.toThrow();
    expect(recentList()).toEqual([]);
  });

  it('writes an export batch into a sub-folder of the chosen folder', async () => {
    const { deps } = makeDeps({ chooseFolder: async () => dir });
    const result = await createHandlers(deps).saveExportFiles(
      [{ name: 'w1.nft', content: 'x' }],
      'site-nftables',
    );
    expect(result).toEqual({ location: path.join(dir, 'site-nftables') });
    expect((await readdir(path.join(dir, 'site-nftables'))).sort()).toEqual([
      '.portolan-export.json',
      'w1.nft',
    ]);
  });

  it('writes the rendered PDF where the user chose', async () => {
    const target = path.join(dir, 'cr.pdf');
    const { deps } = makeDeps({ saveFile: async () => target });
    await createHandlers(deps).savePdf('<p>x</p>', { suggestedName: 'cr.pdf', paper: 'a4' });
    expect((await readFile(target)).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('keeps the original file when the write fails', async () => {
    const file = path.join(dir, 'p.json');
    await writeFile(file, 'original');
    const { deps } = makeDeps({ saveFile: async () => file });
    const h = createHandlers({
      ...deps,
      writeFile: async () => Promise.reject(new Error('ENOSPC')),
    });
    await expect(h.savePlanFile('new', { suggestedName: 'p.json' })).rejects.toThrow('ENOSPC');
    expect(await readFile(file, 'utf8')).toBe('original');
  });
});

describe('invokeValidated / registerHandlers', () => {
  it('refuses untrusted senders and invalid arguments before the handler runs', async () => {
    const { deps } = makeDeps();
    const handlers = createHandlers(deps);
    const spy = vi.spyOn(handlers, 'setDocumentState');
    await expect(
      invokeValidated(handlers, 'setDocumentState', [{ title: 'x', dirty: true }], false),
    ).rejects.toThrow(/sender/);
    await expect(
      invokeValidated(handlers, 'setDocumentState', [{ title: 'x' }], true),
    ).rejects.toThrow(/Invalid arguments/);
    expect(spy).not.toHaveBeenCalled();
    await invokeValidated(handlers, 'setDocumentState', [{ title: 'x', dirty: true }], true);
    expect(deps.setDocumentState).toHaveBeenCalledWith({ title: 'x', dirty: true });
  });

  it('registers exactly one handler per contract channel', () => {
    const channels: string[] = [];
    registerHandlers(
      { handle: (channel: string) => void channels.push(channel) },
      createHandlers(makeDeps().deps),
      () => true,
    );
    expect(channels.sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });
});
