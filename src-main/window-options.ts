// Options of the main window: security settings fixed here, and tested.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window-state';

export interface WindowOptionsInput {
  /** Absolute path of dist/preload/preload.cjs. */
  readonly preloadPath: string;
  /** Remembered size/position (already clamped to a visible display). */
  readonly bounds: WindowBounds;
  /** Absolute path of the window icon (Linux; other platforms take it from the bundle). */
  readonly iconPath?: string;
  /** Background colour before the page paints (follows the OS theme to avoid a flash). */
  readonly backgroundColor: string;
}

/** Smallest window in which the editor still lays out. */
export const MIN_WINDOW = { width: 800, height: 560 } as const;

/** BrowserWindow options of the main window. */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { bounds } = input;
  return {
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Portolan',
    show: false,
    backgroundColor: input.backgroundColor,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would open links in new windows; the app has no use for it.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** Options of the hidden window that renders the change-request PDF: no preload, no script. */
export function buildPdfWindowOptions(partition: string): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      partition,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
