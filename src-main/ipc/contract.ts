// The IPC contract: every message between renderer and main, its channel, request and response.
import type { MenuCommand, OpenedFile, OutputFile } from '../../src-renderer/platform/platform';

export type { MenuCommand, OpenedFile, OutputFile };

/** Paper sizes the change-request PDF supports. */
export type Paper = 'a4' | 'letter';

/** Where a save went; null responses mean the user cancelled the dialog. */
export interface SavedLocation {
  /** Absolute path of the file or folder written. */
  readonly location: string;
}

/**
 * Renderer → main requests (ipcRenderer.invoke / ipcMain.handle). One method per message;
 * each key is also the method name on `window.portolan`.
 */
export interface InvokeContract {
  /** Native Open dialog, then read the chosen plan file (≤ 50 MB). */
  openPlanFile: { args: []; result: OpenedFile | null };
  /** Write plan text to `path` (must be allow-listed) or to a path chosen in a Save dialog. */
  savePlanFile: {
    args: [text: string, options: { readonly path?: string; readonly suggestedName: string }];
    result: { readonly path: string; readonly name: string } | null;
  };
  /** Folder dialog, then write each file (plain names only) atomically into it. */
  saveExportFiles: {
    args: [files: readonly OutputFile[], suggestedName: string];
    result: SavedLocation | null;
  };
  /** Render HTML in a hidden sandboxed window with printToPDF, then save where the user chooses. */
  savePdf: {
    args: [html: string, options: { readonly suggestedName: string; readonly paper: Paper }];
    result: SavedLocation | null;
  };
  /** Save dialog, then write one text file (HTML/Markdown report). */
  saveTextFile: {
    args: [content: string, options: { readonly suggestedName: string; readonly mime: string }];
    result: SavedLocation | null;
  };
  /** Window title and unsaved-changes flag (drives the close prompt). */
  setDocumentState: {
    args: [state: { readonly title: string; readonly dirty: boolean }];
    result: void;
  };
  /** Recent plan files, most recent first. */
  recentFiles: { args: []; result: readonly string[] };
  /** Re-open a file from the recent list (only paths in that list are accepted). */
  openRecentFile: { args: [path: string]; result: OpenedFile | null };
  /** Files opened from outside (command line, second instance, Open Recent menu) not yet taken. */
  takePendingFiles: { args: []; result: readonly OpenedFile[] };
}

export type InvokeName = keyof InvokeContract;

/** Channel of each invoke message; namespaced so a stray channel name can never match. */
export const INVOKE_CHANNELS: { readonly [K in InvokeName]: `portolan:${K}` } = {
  openPlanFile: 'portolan:openPlanFile',
  savePlanFile: 'portolan:savePlanFile',
  saveExportFiles: 'portolan:saveExportFiles',
  savePdf: 'portolan:savePdf',
  saveTextFile: 'portolan:saveTextFile',
  setDocumentState: 'portolan:setDocumentState',
  recentFiles: 'portolan:recentFiles',
  openRecentFile: 'portolan:openRecentFile',
  takePendingFiles: 'portolan:takePendingFiles',
};

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export interface EventContract {
  /** A native menu item was chosen. */
  menuCommand: MenuCommand;
  /** A file was opened from outside the renderer; the renderer calls takePendingFiles. */
  filesPending: null;
}

export const EVENT_CHANNELS: { readonly [K in keyof EventContract]: `portolan:event:${K}` } = {
  menuCommand: 'portolan:event:menuCommand',
  filesPending: 'portolan:event:filesPending',
};

/** Every menu command, for validating what crosses the bridge. */
export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.export',
  'file.report',
  'file.library',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.delete',
  'edit.selectAll',
  'view.fit',
  'view.zoomIn',
  'view.zoomOut',
  'view.layout',
  'view.theme.system',
  'view.theme.light',
  'view.theme.dark',
  'help.about',
] as const satisfies readonly MenuCommand[];

// Compile-time proof that MENU_COMMANDS lists every MenuCommand: adding one to platform.ts
// without listing it here fails type-checking.
const _everyMenuCommandListed: Exclude<MenuCommand, (typeof MENU_COMMANDS)[number]> extends never
  ? true
  : false = true;
void _everyMenuCommandListed;

/** The object the preload exposes as `window.portolan`: one function per message. */
export type PortolanBridge = {
  readonly [K in InvokeName]: (
    ...args: InvokeContract[K]['args']
  ) => Promise<InvokeContract[K]['result']>;
} & {
  /** Subscribe to native menu commands; returns an unsubscribe function. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
  /** Subscribe to "files are pending" notifications; returns an unsubscribe function. */
  readonly onFilesPending: (listener: () => void) => () => void;
  /** Host operating system, for shortcut labels. */
  readonly platform: 'darwin' | 'win32' | 'linux' | 'other';
};
