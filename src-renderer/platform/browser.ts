// Browser fallbacks of the platform: file input, downloads, zip of exports, print for PDF.
import { strToU8, zipSync } from 'fflate';
import { listenForDroppedFiles, readPlanFile } from './drop';
import type { ExternalFile, MenuCommand, OpenedFile, OutputFile, Platform } from './platform';
import { browserShortcut } from './shortcuts';

/** Offer `blob` as a download named `name`. */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by the time the click returns; revoke later so Safari finishes too.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Show the browser's file picker; null when the user cancels. */
function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

/**
 * Print `html` from a hidden iframe: the user saves it as PDF from the print dialog. The iframe is
 * sandboxed without scripts, so nothing in the report can run. Limitations of the browser build:
 * the page size comes from the report's own @page rule and the dialog (not `paper`), and the page
 * cannot know whether or where the PDF was saved.
 */
function printHtml(html: string, title: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
    frame.setAttribute('aria-hidden', 'true');
    frame.title = title;
    frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
    frame.addEventListener('load', () => {
      try {
        const win = frame.contentWindow;
        if (!win) throw new Error('the print frame did not load');
        win.document.title = title;
        win.focus();
        win.print();
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        setTimeout(() => frame.remove(), 1000);
      }
    });
    frame.srcdoc = html;
    document.body.append(frame);
  });
}

export function createBrowserPlatform(win: Window = window): Platform {
  let dirty = false;
  win.addEventListener('beforeunload', (event) => {
    // The plan itself is in IndexedDB; this guards changes not yet written to the user's file.
    if (dirty) event.preventDefault();
  });

  return {
    kind: 'browser',

    async openPlanFile(): Promise<OpenedFile | null> {
      const file = await pickFile('.json,application/json');
      if (!file) return null;
      const result = await readPlanFile(file);
      if (!result.ok) throw new Error(result.error);
      return result.file;
    },

    async savePlanFile(text, options) {
      download(new Blob([text], { type: 'application/json' }), options.suggestedName);
      return { name: options.suggestedName };
    },

    async saveExportFiles(files: readonly OutputFile[], suggestedName: string) {
      const entries: Record<string, Uint8Array> = {};
      for (const file of files) {
        entries[`${suggestedName}/${file.name}`] =
          typeof file.content === 'string' ? strToU8(file.content) : file.content;
      }
      // mtime fixed so the same export gives the same zip bytes.
      const zip = zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
      const name = `${suggestedName}.zip`;
      download(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name);
      return { location: name };
    },

    async savePdf(html, options) {
      await printHtml(html, options.suggestedName.replace(/\.pdf$/i, ''));
      return { location: 'the print dialog (Save as PDF)' };
    },

    async saveTextFile(content, options) {
      download(new Blob([content], { type: options.mime }), options.suggestedName);
      return { location: options.suggestedName };
    },

    onMenuCommand(listener: (command: MenuCommand) => void) {
      const onKey = (event: KeyboardEvent): void => {
        const command = browserShortcut(event);
        if (!command) return;
        event.preventDefault();
        listener(command);
      };
      win.addEventListener('keydown', onKey);
      return () => win.removeEventListener('keydown', onKey);
    },

    setDocumentState(state) {
      dirty = state.dirty;
      win.document.title = `${state.dirty ? '• ' : ''}${state.title} — Portolan`;
    },

    async recentFiles() {
      return [];
    },

    async openRecentFile() {
      return null;
    },

    onFileOpened(listener: (file: ExternalFile) => void) {
      return listenForDroppedFiles(win, listener);
    },
  };
}
