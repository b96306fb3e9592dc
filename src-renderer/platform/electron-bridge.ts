// Electron implementation of the platform: a thin typed layer over window.portolan (the preload).
import type { PortolanBridge } from '../../src-main/ipc/contract';
import { listenForDroppedFiles } from './drop';
import type { ExternalFile, Platform } from './platform';

/**
 * Electron prefixes errors thrown in main with "Error invoking remote method 'channel': Error: ";
 * the user needs only the message main wrote.
 */
export function cleanIpcError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message.replace(/^Error invoking remote method '[^']*': (\w*Error: )?/, ''));
}

async function call<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw cleanIpcError(error);
  }
}

export function createElectronPlatform(bridge: PortolanBridge, win: Window = window): Platform {
  return {
    kind: 'electron',
    openPlanFile: () => call(bridge.openPlanFile()),
    savePlanFile: (text, options) => call(bridge.savePlanFile(text, options)),
    saveExportFiles: (files, name) => call(bridge.saveExportFiles(files, name)),
    savePdf: (html, options) => call(bridge.savePdf(html, options)),
    saveTextFile: (content, options) => call(bridge.saveTextFile(content, options)),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    setDocumentState: (state) => {
      void call(bridge.setDocumentState(state)).catch((error: unknown) => console.error(error));
    },
    recentFiles: () => call(bridge.recentFiles()),
    openRecentFile: (path) => call(bridge.openRecentFile(path)),
    onFileOpened(listener: (file: ExternalFile) => void) {
      const drain = (): void => {
        void call(bridge.takePendingFiles()).then(
          (files) => files.forEach((file) => listener({ ok: true, file })),
          (error: unknown) =>
            listener({ ok: false, name: 'file', error: cleanIpcError(error).message }),
        );
      };
      const unsubscribe = bridge.onFilesPending(drain);
      const stopDrops = listenForDroppedFiles(win, listener);
      drain();
      return () => {
        unsubscribe();
        stopDrops();
      };
    },
  };
}
