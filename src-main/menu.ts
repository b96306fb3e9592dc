// The native application menu, built as data from a context so it can be tested in Node.
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './ipc/contract';

export interface MenuContext {
  readonly platform: NodeJS.Platform;
  /** Development build: adds Reload and developer tools. */
  readonly isDev: boolean;
  /** Recent plan files, most recent first. */
  readonly recent: readonly string[];
  /** Current theme choice, shown as the checked radio item. */
  readonly theme: 'system' | 'light' | 'dark';
  /** Send a command to the renderer. */
  send(command: MenuCommand): void;
  /** Open a recent file (main reads it and hands it to the renderer). */
  openRecent(file: string): void;
  clearRecent(): void;
  /** Tell main the theme changed (native dialogs and window background follow it). */
  setTheme(theme: 'system' | 'light' | 'dark'): void;
}

/** Build the menu template; every item sends a MenuCommand or is a standard role. */
export function buildMenuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const command = (
    label: string,
    cmd: MenuCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    id: cmd,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(cmd),
  });
  // macOS: role items, so Chromium's own key-equivalent handling applies (the page sees the key
  // first and the canvas can claim it; text fields get native undo/clipboard). Elsewhere the item
  // sends the command and its accelerator is not registered, so keys reach the page exactly as in
  // the browser build; the renderer runs the field's native action while a text field has focus.
  const edit = (
    label: string,
    cmd: MenuCommand,
    role: 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'delete',
    accelerator: string,
  ): MenuItemConstructorOptions =>
    mac && role !== 'delete'
      ? { label, id: cmd, role, accelerator }
      : { label, id: cmd, accelerator, registerAccelerator: false, click: () => ctx.send(cmd) };
  const theme = (
    label: string,
    value: 'system' | 'light' | 'dark',
  ): MenuItemConstructorOptions => ({
    label,
    id: `view.theme.${value}`,
    type: 'radio',
    checked: ctx.theme === value,
    click: () => {
      ctx.setTheme(value);
      ctx.send(`view.theme.${value}`);
    },
  });

  const recentItems: MenuItemConstructorOptions[] = ctx.recent.map((file) => ({
    // Menus show the name first; the folder tells two same-named plans apart.
    label: `${path.basename(file)} — ${path.dirname(file)}`,
    click: () => ctx.openRecent(file),
  }));

  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('New Plan', 'file.new', 'CmdOrCtrl+N'),
      command('Open…', 'file.open', 'CmdOrCtrl+O'),
      {
        label: 'Open Recent',
        id: 'file.openRecent',
        submenu: [
          ...(recentItems.length ? recentItems : [{ label: 'No recent files', enabled: false }]),
          { type: 'separator' },
          {
            label: 'Clear Recent',
            enabled: recentItems.length > 0,
            click: () => ctx.clearRecent(),
          },
        ],
      },
      command('Plan Library', 'file.library', 'CmdOrCtrl+Shift+O'),
      { type: 'separator' },
      command('Save', 'file.save', 'CmdOrCtrl+S'),
      command('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
      { type: 'separator' },
      command('Export…', 'file.export', 'CmdOrCtrl+E'),
      command('Change Request Report…', 'file.report', 'CmdOrCtrl+P'),
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit' } as const]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      edit('Undo', 'edit.undo', 'undo', 'CmdOrCtrl+Z'),
      edit('Redo', 'edit.redo', 'redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
      { type: 'separator' },
      edit('Cut', 'edit.cut', 'cut', 'CmdOrCtrl+X'),
      edit('Copy', 'edit.copy', 'copy', 'CmdOrCtrl+C'),
      edit('Paste', 'edit.paste', 'paste', 'CmdOrCtrl+V'),
      edit('Delete', 'edit.delete', 'delete', mac ? 'Backspace' : 'Delete'),
      { type: 'separator' },
      edit('Select All', 'edit.selectAll', 'selectAll', 'CmdOrCtrl+A'),
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
      command('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
      command('Fit to Window', 'view.fit', 'CmdOrCtrl+0'),
      command('Auto Layout', 'view.layout', 'CmdOrCtrl+Shift+L'),
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: [theme('Follow System', 'system'), theme('Light', 'light'), theme('Dark', 'dark')],
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(ctx.isDev
        ? [
            { type: 'separator' } as const,
            { role: 'reload' } as const,
            { role: 'toggleDevTools' } as const,
          ]
        : []),
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [command('About Portolan', 'help.about')],
  };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Portolan',
          submenu: [
            command('About Portolan', 'help.about'),
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  return [
    ...appMenu,
    fileMenu,
    editMenu,
    viewMenu,
    ...(mac ? [{ role: 'windowMenu' } as const] : []),
    helpMenu,
  ];
}
