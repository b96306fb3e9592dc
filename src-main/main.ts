// Electron main process: app lifecycle, the main window, menu, IPC, and files opened from outside.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, screen, session } from 'electron';
import { CLOSE_PROMPT_BUTTONS, CloseGuard } from './close-guard';
import { writeFileAtomic } from './files';
import { EVENT_CHANNELS, type MenuCommand, type OpenedFile } from './ipc/contract';
import {
  createHandlers,
  readExternalPlanFile,
  registerHandlers,
  type HandlerDeps,
} from './ipc/handlers';
import { buildMenuTemplate } from './menu';
import { PathAllowList, parseRecent, planFileFromArgv, pushRecent } from './paths';
import { renderPdf } from './pdf';
import { isAllowedNavigation, isTrustedSenderUrl, rendererUrl, withCsp } from './security';
import { buildWindowOptions } from './window-options';
import {
  clampToDisplays,
  parseWindowState,
  serializeWindowState,
  type WindowState,
} from './window-state';

type Theme = 'system' | 'light' | 'dark';

// dist/main/main.cjs → dist/
const DIST = path.resolve(__dirname, '..');
const PRELOAD = path.join(DIST, 'preload', 'preload.cjs');
const INDEX_HTML = path.join(DIST, 'renderer', 'index.html');
const INDEX_URL = rendererUrl(INDEX_HTML);
const IS_DEV = !app.isPackaged && process.env['PORTOLAN_DEV'] === '1';

const userFile = (name: string): string => path.join(app.getPath('userData'), name);

let mainWindow: BrowserWindow | null = null;
let recent: string[] = [];
let theme: Theme = 'system';
const allowList = new PathAllowList();
const closeGuard = new CloseGuard();
const pendingFiles: OpenedFile[] = [];

async function readUserJson(name: string): Promise<string | null> {
  try {
    return await readFile(userFile(name), 'utf8');
  } catch {
    return null;
  }
}

function persist(name: string, text: string): void {
  writeFileAtomic(userFile(name), text).catch((error: unknown) =>
    console.error(`Portolan: could not save ${name}:`, error),
  );
}

function send(command: MenuCommand): void {
  mainWindow?.webContents.send(EVENT_CHANNELS.menuCommand, command);
}

function rebuildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        isDev: IS_DEV,
        recent,
        theme,
        send,
        openRecent: (file) => void openExternalFile(file),
        clearRecent: () => setRecent([]),
        setTheme: (value) => {
          theme = value;
          nativeTheme.themeSource = value;
          persist('preferences.json', `${JSON.stringify({ theme }, null, 2)}\n`);
        },
      }),
    ),
  );
}

function setRecent(list: string[]): void {
  recent = list;
  persist('recent-files.json', `${JSON.stringify(recent, null, 2)}\n`);
  rebuildMenu();
}

/** Read a file named from outside the window (command line, second instance, OS, menu). */
async function openExternalFile(file: string): Promise<void> {
  try {
    pendingFiles.push(await readExternalPlanFile(file, deps));
    if (process.platform !== 'linux') app.addRecentDocument(file);
    mainWindow?.webContents.send(EVENT_CHANNELS.filesPending, null);
    focusMainWindow();
  } catch (error) {
    dialog.showErrorBox('Could not open the plan', (error as Error).message);
  }
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

const deps: HandlerDeps = {
  allowList,
  dialogs: {
    async openPlan() {
      const options = {
        title: 'Open plan',
        properties: ['openFile'] as const,
        filters: [
          { name: 'Portolan plan', extensions: ['json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, { ...options, properties: ['openFile'] })
        : await dialog.showOpenDialog({ ...options, properties: ['openFile'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveFile(suggestedName, filters) {
      const options = {
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as (
          'createDirectory' | 'showOverwriteConfirmation'
        )[],
      };
      const result = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFolder(title) {
      const options = {
        title,
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  },
  recent: {
    list: () => recent,
    add: (file) => {
      setRecent(pushRecent(recent, file));
      if (process.platform !== 'linux') app.addRecentDocument(file);
    },
    remove: (file) => setRecent(recent.filter((f) => f !== file)),
  },
  renderPdf,
  setDocumentState: (state) => {
    if (!mainWindow) return;
    mainWindow.setTitle(state.dirty ? `${state.title} • Portolan` : `${state.title} — Portolan`);
    mainWindow.setDocumentEdited(state.dirty);
    if (closeGuard.update(state)) mainWindow.close();
  },
  planSaveFinished: (file) => closeGuard.saveFinished(file),
  takePendingFiles: () => pendingFiles.splice(0, pendingFiles.length),
};

function hardenSessions(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  // Offline by construction: the bundle is local, so any network request is a bug or an attack.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const scheme = details.url.slice(0, details.url.indexOf(':'));
    callback({
      cancel: !['file', 'data', 'blob', 'devtools', 'chrome-extension'].includes(scheme),
    });
  });
  // Writing to the clipboard (the editor's Copy) is the one permission the app uses.
  const allowed = new Set(['clipboard-sanitized-write']);
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(allowed.has(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => allowed.has(permission));
}

async function createMainWindow(): Promise<void> {
  const state: WindowState = parseWindowState(await readUserJson('window-state.json'));
  const bounds = clampToDisplays(
    state.bounds,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow(
    buildWindowOptions({
      preloadPath: PRELOAD,
      bounds,
      iconPath: path.join(app.getAppPath(), 'resources', 'icons', 'icon.png'),
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#f7f7f5',
    }),
  );
  mainWindow = win;
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const saveState = (): void => {
    if (win.isDestroyed()) return;
    persist(
      'window-state.json',
      serializeWindowState({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(saveState, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);

  win.on('close', (event) => {
    clearTimeout(timer);
    saveState();
    if (closeGuard.onClose() === 'close') return;
    event.preventDefault();
    const answer = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: [...CLOSE_PROMPT_BUTTONS],
      defaultId: 0,
      cancelId: 2,
      title: 'Unsaved changes',
      message: `Save the changes to “${closeGuard.title}” before closing?`,
      detail:
        'The plan is kept in the plan library, but its file has changes that were not saved to it.',
    });
    const outcome = closeGuard.answer(answer);
    if (outcome === 'close') win.close();
    else if (outcome === 'save-then-close') send('file.save');
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  await win.loadURL(INDEX_URL);
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // A second launch (e.g. double-clicking a plan file) focuses this window and opens its file.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusMainWindow();
    const file = planFileFromArgv(argv, workingDirectory);
    if (file) void openExternalFile(file);
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (app.isReady()) void openExternalFile(file);
    else app.once('ready', () => void openExternalFile(file));
  });

  // Every web contents, including ones we never meant to create: no navigation, no popups, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow) void createMainWindow();
  });

  void app.whenReady().then(async () => {
    hardenSessions();
    recent = parseRecent((await readUserJson('recent-files.json')) ?? '[]');
    const prefs = (await readUserJson('preferences.json')) ?? '{}';
    try {
      const value = (JSON.parse(prefs) as { theme?: unknown }).theme;
      if (value === 'light' || value === 'dark' || value === 'system') theme = value;
    } catch {
      /* defaults */
    }
    nativeTheme.themeSource = theme;
    registerHandlers(
      ipcMain,
      createHandlers(deps),
      (event) =>
        isTrustedSenderUrl(event.senderFrame?.url, INDEX_URL) &&
        event.senderFrame === event.sender.mainFrame,
    );
    rebuildMenu();
    await createMainWindow();
    const file = planFileFromArgv(process.argv, process.cwd());
    if (file) await openExternalFile(file);
  });
}

main();
