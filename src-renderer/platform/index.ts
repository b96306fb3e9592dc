// The platform the renderer runs on: the Electron bridge when the preload exposed it, else the browser.
import { createBrowserPlatform } from './browser';
import { createElectronPlatform } from './electron-bridge';
import type { Platform } from './platform';

export type * from './platform';

/** The one platform instance of this page. */
export const platform: Platform = window.portolan
  ? createElectronPlatform(window.portolan)
  : createBrowserPlatform();
