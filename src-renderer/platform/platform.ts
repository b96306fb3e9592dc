// The platform interface: what the renderer may ask of its host (Electron bridge or browser fallbacks).

/** A file the user opened (plan JSON). */
export interface OpenedFile {
  /** Display name, e.g. "site.portolan.json". */
  readonly name: string;
  /** Absolute path in Electron; absent in the browser. */
  readonly path?: string;
  readonly text: string;
}

/** A file to write as part of an export. */
export interface OutputFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** A plan file that arrived from outside a dialog (dropped on the window, command line, OS). */
export type ExternalFile =
  | { readonly ok: true; readonly file: OpenedFile }
  | { readonly ok: false; readonly name: string; readonly error: string };

/** Largest plan file accepted anywhere (bytes); bigger files are refused before reading. */
export const MAX_PLAN_FILE_BYTES = 50 * 1024 * 1024;

/** Commands the native menu (or keyboard shortcuts in the browser) sends to the renderer. */
export type MenuCommand =
  | 'file.new'
  | 'file.open'
  | 'file.save'
  | 'file.saveAs'
  | 'file.export'
  | 'file.report'
  | 'file.library'
  | 'edit.undo'
  | 'edit.redo'
  | 'edit.cut'
  | 'edit.copy'
  | 'edit.paste'
  | 'edit.delete'
  | 'edit.selectAll'
  | 'view.fit'
  | 'view.zoomIn'
  | 'view.zoomOut'
  | 'view.layout'
  | 'view.theme.system'
  | 'view.theme.light'
  | 'view.theme.dark'
  | 'help.about';

export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** Ask the user for a plan file; null when cancelled. Rejects (with a message) files over 50 MB. */
  openPlanFile(): Promise<OpenedFile | null>;
  /**
   * Write a plan file. With `path` (Electron) writes there atomically; otherwise asks where
   * (native dialog, or a download in the browser). Returns where it went, or null when cancelled.
   */
  savePlanFile(
    text: string,
    options: { readonly path?: string; readonly suggestedName: string },
  ): Promise<{ readonly path?: string; readonly name: string } | null>;
  /** Save a set of export files: a folder chosen in a native dialog, or a zip download. */
  saveExportFiles(
    files: readonly OutputFile[],
    suggestedName: string,
  ): Promise<{ readonly location: string } | null>;
  /** Render HTML to PDF (Chromium printing) and save it where the user chooses. */
  savePdf(
    html: string,
    options: { readonly suggestedName: string; readonly paper: 'a4' | 'letter' },
  ): Promise<{ readonly location: string } | null>;
  /** Save one text file (HTML or Markdown report) where the user chooses. */
  saveTextFile(
    content: string,
    options: { readonly suggestedName: string; readonly mime: string },
  ): Promise<{ readonly location: string } | null>;
  /** Subscribe to menu commands; returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Tell the host whether there are unsaved changes (close prompt) and the window title. */
  setDocumentState(state: { readonly title: string; readonly dirty: boolean }): void;
  /** Recent plan files (Electron only; empty in the browser). */
  recentFiles(): Promise<readonly string[]>;
  /** Open a recent file by path (Electron only). */
  openRecentFile(path: string): Promise<OpenedFile | null>;
  /**
   * Subscribe to plan files arriving from outside the Open dialog: dropped onto the window
   * (both hosts), or named on the command line / by the OS / the Open Recent menu (Electron).
   * Files that arrived before the subscription are delivered on subscribing.
   */
  onFileOpened(listener: (file: ExternalFile) => void): () => void;
}
