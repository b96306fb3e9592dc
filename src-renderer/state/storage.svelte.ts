// The storage session of the page: database, repository, autosave, and the Dexie-aware File actions.
import { parsePlanText, serializePlan } from '../../src-core/index';
import type { Plan } from '../../src-core/plan/types';
import { PortolanDatabase, type PlanRecord } from '../db/database';
import { PlansRepository, describeErrors } from '../db/plans-repository';
import type { ExternalFile, OpenedFile, Platform } from '../platform/platform';
import type { Editor, FileActions } from './editor.svelte';
import { emptyPlan, planFileName } from './file-actions';
import { Persistence } from './persistence.svelte';
import type { PlanStore } from './plan-store.svelte';

/** Everything storage-related the components need. */
export interface StorageSession {
  readonly persistence: Persistence;
  readonly repo: PlansRepository | null;
  readonly platform: Platform;
  /** Factory for App.svelte's `files` prop. */
  readonly files: (editor: Editor) => FileActions;
  /** Resolves once the startup plan is open (or storage failed). */
  readonly ready: Promise<void>;
  /** Open a library plan in the editor (asks first if the current file has unsaved changes). */
  openPlan(id: string): Promise<boolean>;
  /** Rename a plan; the open one is renamed as an undoable edit so autosave stays consistent. */
  renamePlan(id: string, name: string): Promise<string | null>;
  /** Import a file (picker, drop, recent) into the library and open it. Returns an error message or null. */
  importFile(file: OpenedFile): Promise<string | null>;
  /** Store a plan as a new library plan and open it. */
  openNewPlan(plan: Plan): Promise<string | null>;
  /** Write the open plan to a file (the header's "Save to file" when storage fails). */
  saveToFile(saveAs?: boolean): Promise<string | null>;
  /** Ask before leaving a plan whose file has unsaved changes. */
  confirmLeave(): boolean;
  /**
   * What closing the window would lose: changes not written to the plan's file, or (storage
   * failed) changes only in memory. For platform.setDocumentState's `dirty`.
   */
  isDocumentDirty(): boolean;
}

let current: StorageSession | null = null;

/** The session started by main.ts, for components mounted anywhere (library, indicator). */
export function storageSession(): StorageSession | null {
  return current;
}

function openDatabase(): PlansRepository | null {
  try {
    if (typeof indexedDB === 'undefined') return null;
    return new PlansRepository(new PortolanDatabase());
  } catch {
    return null;
  }
}

export interface StartOptions {
  /** The plan a first start opens (the all-in-one sample). */
  readonly firstPlan: () => Plan;
  /** Shows a message to the user (set once the editor exists; console until then). */
  notify?: (message: string, kind: 'info' | 'error') => void;
  /** Confirmation prompt (window.confirm in the app). */
  readonly confirm?: (message: string) => boolean;
}

/** Start storage for `store`: open the database, reopen the last plan, start autosave. */
export function startStorage(
  store: PlanStore,
  platform: Platform,
  options: StartOptions,
): StorageSession {
  const repo = openDatabase();
  const persistence = new Persistence(store, repo, {
    page: {
      addEventListener: (type, listener) =>
        (type === 'pagehide' ? window : document).addEventListener(type, listener),
      removeEventListener: (type, listener) =>
        (type === 'pagehide' ? window : document).removeEventListener(type, listener),
      get visibilityState() {
        return document.visibilityState;
      },
    },
    journal: safeLocalStorage(),
    ...(repo ? tabLocks(repo.writer) : {}),
  });
  let notify = options.notify ?? ((message: string) => console.info(message));
  const ask = options.confirm ?? ((message: string) => window.confirm(message));

  const confirmLeave = (): boolean =>
    !store.unsavedFileChanges ||
    ask(
      `“${store.plan.name}” has changes that are not saved to its file${store.origin.filePath ? ` (${store.origin.filePath})` : ''}.\n\n` +
        'Continue without saving to the file? The changes stay in the plan library.',
    );

  async function openRecord(record: PlanRecord): Promise<void> {
    await persistence.openRecord(record);
  }

  async function importFile(file: OpenedFile): Promise<string | null> {
    await persistence.snapshot('before-import');
    await persistence.flush();
    const filePath = file.path ?? null;
    if (!repo || persistence.status === 'unavailable') {
      // No storage: the plan can still be edited in memory and saved to a file.
      const parsed = parsePlanText(file.text);
      if (!parsed.ok) return describeErrors(parsed.errors, file.name);
      store.load(parsed.plan, { planId: null, filePath });
      return null;
    }
    try {
      const existing = filePath ? await repo.findByFilePath(filePath) : undefined;
      if (existing) {
        // The file was opened before: refresh its library plan, keeping the old state in history.
        const parsed = parsePlanText(file.text);
        if (!parsed.ok) return describeErrors(parsed.errors, file.name);
        await repo.snapshot(existing.id, 'before-import', existing.doc);
        const replaced = await repo.replace(existing.id, parsed.plan, filePath);
        if (!replaced.ok) return replaced.message;
        await openRecord(replaced.value);
        return null;
      }
      const imported = await repo.importText(file.text, file.name, { filePath });
      if (!imported.ok) return imported.message;
      await openRecord(imported.value);
      return null;
    } catch (error) {
      return `${file.name} could not be stored: ${(error as Error).message}`;
    }
  }

  async function openNewPlan(plan: Plan): Promise<string | null> {
    await persistence.flush();
    if (!repo) {
      store.load(plan, { planId: null, filePath: null });
      return null;
    }
    try {
      const created = await repo.create(plan);
      if (!created.ok) return created.message;
      await openRecord(created.value);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  async function saveToFile(saveAs = false): Promise<string | null> {
    const path = saveAs ? undefined : (store.origin.filePath ?? undefined);
    try {
      const saved = await platform.savePlanFile(serializePlan(store.plan), {
        ...(path ? { path } : {}),
        suggestedName: planFileName(store.plan),
      });
      if (!saved) return null;
      store.origin = { planId: store.origin.planId, filePath: saved.path ?? null };
      store.fileRevision = store.revision;
      // The library remembers the file so Save goes there next time too.
      persistence.markChanged();
      void persistence.flush();
      return `Saved ${saved.name}.`;
    } catch (error) {
      throw new Error(`The plan could not be saved: ${(error as Error).message}`);
    }
  }

  const session: StorageSession = {
    persistence,
    repo,
    platform,
    ready: Promise.resolve(),
    confirmLeave,
    isDocumentDirty: () =>
      store.unsavedFileChanges ||
      ((persistence.status === 'error' || persistence.status === 'unavailable') &&
        persistence.hasUnstoredChanges),
    importFile,
    openNewPlan,
    saveToFile,
    async openPlan(id) {
      if (id === store.origin.planId) return true;
      if (!repo || !confirmLeave()) return false;
      await persistence.flush();
      const record = await repo.get(id);
      if (!record) {
        notify('That plan no longer exists.', 'error');
        return false;
      }
      await openRecord(record);
      return true;
    },
    async renamePlan(id, name) {
      const trimmed = name.trim();
      if (!trimmed) return 'A plan needs a name.';
      if (id === store.origin.planId) {
        store.apply('Rename plan', (plan) =>
          plan.name === trimmed ? plan : { ...plan, name: trimmed },
        );
        await persistence.flush();
        return null;
      }
      if (!repo) return 'Storage is not available.';
      const r = await repo.rename(id, trimmed);
      return r.ok ? null : r.message;
    },
    files: (editor) => {
      notify = (message, kind) => editor.toasts.show(message, kind);
      const report = (message: string | null, success?: string): void => {
        if (message) editor.toasts.show(message, 'error');
        else if (success) editor.toasts.show(success);
        if (!message) requestAnimationFrame(() => editor.canvas?.fit());
      };
      const openFile = async (file: OpenedFile): Promise<void> => {
        if (!confirmLeave()) return;
        report(await importFile(file), `Opened ${file.name}.`);
        editor.select([]);
      };
      return {
        async newPlan() {
          if (!confirmLeave()) return;
          report(await openNewPlan(emptyPlan(store.plan.catalog)));
          editor.select([]);
        },
        async open() {
          try {
            const file = await platform.openPlanFile();
            if (file) await openFile(file);
          } catch (error) {
            editor.toasts.show((error as Error).message, 'error');
          }
        },
        async save() {
          try {
            const done = await saveToFile(false);
            if (done) editor.toasts.show(done);
          } catch (error) {
            editor.toasts.show((error as Error).message, 'error');
          }
        },
        async saveAs() {
          try {
            const done = await saveToFile(true);
            if (done) editor.toasts.show(done);
          } catch (error) {
            editor.toasts.show((error as Error).message, 'error');
          }
        },
        openExternal(external: ExternalFile) {
          if (!external.ok) {
            editor.toasts.show(external.error, 'error');
            return;
          }
          void openFile(external.file);
        },
      };
    },
  };
  const ready = (async () => {
    persistence.start();
    await persistence.openStartupPlan(options.firstPlan);
  })();
  current = { ...session, ready };
  return current;
}

const TAB_LOCK = 'portolan.tab:';

/**
 * This tab's id and, where Web Locks exist (Chromium, Electron), a lock named after it held
 * for the page's lifetime: another tab starting up asks which tabs hold one, and leaves their
 * crash journals alone (they are alive and will clear them).
 */
function tabLocks(tabId: string): {
  tabId: string;
  liveTabs?: () => Promise<ReadonlySet<string>>;
} {
  const locks = globalThis.navigator?.locks;
  if (!locks) return { tabId };
  locks
    .request(`${TAB_LOCK}${tabId}`, () => new Promise<never>(() => undefined))
    .catch(() => {
      /* no lock: other tabs then treat this one's journal as a crash's, as before */
    });
  return {
    tabId,
    liveTabs: async () => {
      const { held = [] } = await locks.query();
      return new Set(
        held
          .map((lock) => lock.name ?? '')
          .filter((name) => name.startsWith(TAB_LOCK))
          .map((name) => name.slice(TAB_LOCK.length)),
      );
    },
  };
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // some privacy modes throw on access
  }
}
