// ipcMain.handle for every contract message: validates arguments, then does the work.
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { formatPlanError, parsePlanText } from '../../src-core/plan/restore';
import {
  FileError,
  MAX_PLAN_BYTES,
  readTextFileLimited,
  writeExportBatch,
  writeFileAtomic,
  type BatchFile,
} from '../files';
import { pathKey, type PathAllowList } from '../paths';
import {
  INVOKE_CHANNELS,
  type InvokeContract,
  type InvokeName,
  type OpenedFile,
  type Paper,
} from './contract';
import { IpcValidationError, validateArguments } from './validation';

/** A file-type filter for save dialogs. */
export interface DialogFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

/** What the handlers need from the host; Electron in main.ts, fakes in tests. */
export interface HandlerDeps {
  readonly allowList: PathAllowList;
  /** Native dialogs; each returns the chosen path or null when cancelled. */
  readonly dialogs: {
    openPlan(): Promise<string | null>;
    saveFile(suggestedName: string, filters: readonly DialogFilter[]): Promise<string | null>;
    chooseFolder(title: string): Promise<string | null>;
  };
  readonly recent: {
    list(): readonly string[];
    add(file: string): void;
    remove(file: string): void;
  };
  renderPdf(html: string, paper: Paper): Promise<Uint8Array>;
  setDocumentState(state: { readonly title: string; readonly dirty: boolean }): void;
  /** A plan save finished (path) or was cancelled (null); the close prompt waits for it. */
  planSaveFinished(path: string | null): void;
  takePendingFiles(): readonly OpenedFile[];
  /** Injected in tests to simulate failing disks. */
  readonly writeFile?: (file: string, data: string | Uint8Array) => Promise<void>;
}

export type Handlers = {
  readonly [K in InvokeName]: (
    ...args: InvokeContract[K]['args']
  ) => Promise<InvokeContract[K]['result']>;
};

const PLAN_FILTERS: readonly DialogFilter[] = [
  { name: 'Portolan plan', extensions: ['portolan.json', 'json'] },
];

function filtersForMime(mime: string, suggestedName: string): readonly DialogFilter[] {
  const ext = path.extname(suggestedName).slice(1);
  const names: Record<string, string> = {
    'text/html': 'HTML document',
    'text/markdown': 'Markdown document',
    'text/csv': 'CSV table',
    'text/plain': 'Text file',
    'application/json': 'JSON file',
  };
  return ext ? [{ name: names[mime] ?? 'File', extensions: [ext] }] : [];
}

/** Read a plan file the user picked and allow it for later saves. */
export async function readPlanFile(file: string, deps: HandlerDeps): Promise<OpenedFile> {
  const text = await readTextFileLimited(file, MAX_PLAN_BYTES);
  deps.allowList.allow(file);
  deps.recent.add(file);
  return { name: path.basename(file), path: file, text };
}

/**
 * Read a plan file named from outside the window (the command line, a second launch, the OS's
 * "open with", the recent-files menu). Nobody picked it in a dialog this session, so it must
 * prove to be a plan before its path joins the allow-list (which lets the renderer save over
 * it): a readable regular file within the size limit, whose content loads as a plan.
 */
export async function readExternalPlanFile(file: string, deps: HandlerDeps): Promise<OpenedFile> {
  const text = await readTextFileLimited(file, MAX_PLAN_BYTES);
  const result = parsePlanText(text);
  if (!result.ok) {
    const first = result.errors[0];
    throw new FileError(
      `${path.basename(file)} is not a Portolan plan: ${first ? formatPlanError(first) : 'invalid'}` +
        (result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : ''),
    );
  }
  deps.allowList.allow(file);
  deps.recent.add(file);
  return { name: path.basename(file), path: file, text };
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const write = deps.writeFile ?? ((file, data) => writeFileAtomic(file, data));
  const mayWrite = (file: string): boolean =>
    deps.allowList.has(file) || deps.recent.list().some((f) => pathKey(f) === pathKey(file));

  return {
    async openPlanFile() {
      const file = await deps.dialogs.openPlan();
      return file ? readPlanFile(file, deps) : null;
    },

    async savePlanFile(text, options) {
      // A path the user never chose (stale, or forged by a compromised page) gets a dialog instead.
      let target: string | null = options.path && mayWrite(options.path) ? options.path : null;
      if (!target) {
        const suggested = options.path ? path.basename(options.path) : options.suggestedName;
        target = await deps.dialogs.saveFile(suggested, PLAN_FILTERS);
      }
      if (!target) {
        deps.planSaveFinished(null);
        return null;
      }
      await write(target, text);
      deps.allowList.allow(target);
      deps.recent.add(target);
      deps.planSaveFinished(target);
      return { path: target, name: path.basename(target) };
    },

    async saveExportFiles(files, suggestedName) {
      const parent = await deps.dialogs.chooseFolder('Choose a folder for the export');
      if (!parent) return null;
      // Each export goes into its own sub-folder so it never mixes with unrelated files.
      const dir = path.join(parent, suggestedName);
      await writeExportBatch(dir, files as readonly BatchFile[]);
      return { location: dir };
    },

    async savePdf(html, options) {
      const target = await deps.dialogs.saveFile(options.suggestedName, [
        { name: 'PDF document', extensions: ['pdf'] },
      ]);
      if (!target) return null;
      const pdf = await deps.renderPdf(html, options.paper);
      await write(target, pdf);
      return { location: target };
    },

    async saveTextFile(content, options) {
      const target = await deps.dialogs.saveFile(
        options.suggestedName,
        filtersForMime(options.mime, options.suggestedName),
      );
      if (!target) return null;
      await write(target, content);
      return { location: target };
    },

    async setDocumentState(state) {
      deps.setDocumentState(state);
    },

    async recentFiles() {
      return [...deps.recent.list()];
    },

    async openRecentFile(file) {
      if (!deps.recent.list().includes(file)) {
        throw new IpcValidationError('openRecentFile: the path is not in the recent files list');
      }
      try {
        return await readPlanFile(file, deps);
      } catch (error) {
        // A recent file that vanished is dropped from the list so the menu stops offering it.
        deps.recent.remove(file);
        throw error;
      }
    },

    async takePendingFiles() {
      return deps.takePendingFiles();
    },
  };
}

/**
 * Register one ipcMain.handle per contract message. Each call checks the sender is our own
 * top-level page, then validates the arguments with the message's schema before the handler
 * sees them.
 */
export function registerHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const name of Object.keys(INVOKE_CHANNELS) as InvokeName[]) {
    ipcMain.handle(INVOKE_CHANNELS[name], (event, ...args: unknown[]) =>
      invokeValidated(handlers, name, args, isTrustedSender(event)),
    );
  }
}

/** Validate and dispatch one message; exported for tests. */
export async function invokeValidated<K extends InvokeName>(
  handlers: Handlers,
  name: K,
  args: readonly unknown[],
  trusted: boolean,
): Promise<InvokeContract[K]['result']> {
  if (!trusted)
    throw new IpcValidationError(`${name}: refused, the sender is not the Portolan window`);
  const valid = validateArguments(name, args);
  const handler = handlers[name] as (...a: unknown[]) => Promise<InvokeContract[K]['result']>;
  return handler(...valid);
}
