// Preload: the only file that touches contextBridge. Exposes window.portolan, one function per message.
import { contextBridge, ipcRenderer } from 'electron';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  MENU_COMMANDS,
  type InvokeContract,
  type InvokeName,
  type MenuCommand,
  type PortolanBridge,
} from './ipc/contract';

/** A typed caller for one message; the channel is fixed here, never chosen by the page. */
function invoker<K extends InvokeName>(name: K) {
  const channel = INVOKE_CHANNELS[name];
  return (...args: InvokeContract[K]['args']): Promise<InvokeContract[K]['result']> =>
    ipcRenderer.invoke(channel, ...args) as Promise<InvokeContract[K]['result']>;
}

/** Subscribe without handing the IpcRendererEvent (and with it ipcRenderer) to the page. */
function subscribe(channel: string, deliver: (payload: unknown) => void): () => void {
  const handler = (_event: Electron.IpcRendererEvent, payload: unknown): void => deliver(payload);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

function hostPlatform(): PortolanBridge['platform'] {
  const p = process.platform;
  return p === 'darwin' || p === 'win32' || p === 'linux' ? p : 'other';
}

const bridge: PortolanBridge = {
  openPlanFile: invoker('openPlanFile'),
  savePlanFile: invoker('savePlanFile'),
  saveExportFiles: invoker('saveExportFiles'),
  savePdf: invoker('savePdf'),
  saveTextFile: invoker('saveTextFile'),
  setDocumentState: invoker('setDocumentState'),
  recentFiles: invoker('recentFiles'),
  openRecentFile: invoker('openRecentFile'),
  takePendingFiles: invoker('takePendingFiles'),
  onMenuCommand: (listener) =>
    subscribe(EVENT_CHANNELS.menuCommand, (payload) => {
      if ((MENU_COMMANDS as readonly unknown[]).includes(payload)) listener(payload as MenuCommand);
    }),
  onFilesPending: (listener) => subscribe(EVENT_CHANNELS.filesPending, () => listener()),
  platform: hostPlatform(),
};

contextBridge.exposeInMainWorld('portolan', bridge);
