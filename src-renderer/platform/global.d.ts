// The preload's bridge, present as window.portolan only inside the Electron app.
import type { PortolanBridge } from '../../src-main/ipc/contract';

declare global {
  interface Window {
    /** Set by src-main/preload.ts; undefined in the browser build. */
    readonly portolan?: PortolanBridge;
  }
}

export {};
