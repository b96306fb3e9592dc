// Native menu template: every required item, accelerators, commands sent, dev-only reload.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from './ipc/contract';
import { buildMenuTemplate, type MenuContext } from './menu';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

function setup(overrides: Partial<MenuContext> = {}) {
  const sent: MenuCommand[] = [];
  const opened: string[] = [];
  const ctx: MenuContext = {
    platform: 'linux',
    isDev: false,
    recent: ['/home/u/site.portolan.json'],
    theme: 'dark',
    send: (c) => sent.push(c),
    openRecent: (f) => opened.push(f),
    clearRecent: () => undefined,
    setTheme: () => undefined,
    ...overrides,
  };
  const items = flatten(buildMenuTemplate(ctx));
  const click = (id: string): void => {
    const item = items.find((i) => i.id === id);
    if (!item?.click) throw new Error(`no item ${id}`);
    (item.click as () => void)();
  };
  return { items, sent, opened, click };
}

describe('buildMenuTemplate', () => {
  it('has the File, Edit, View and Help commands with CmdOrCtrl accelerators', () => {
    const { items } = setup();
    const accel = (id: string) => items.find((i) => i.id === id)?.accelerator;
    expect(accel('file.new')).toBe('CmdOrCtrl+N');
    expect(accel('file.open')).toBe('CmdOrCtrl+O');
    expect(accel('file.save')).toBe('CmdOrCtrl+S');
    expect(accel('file.saveAs')).toBe('CmdOrCtrl+Shift+S');
    expect(accel('file.export')).toBe('CmdOrCtrl+E');
    expect(accel('edit.undo')).toBe('CmdOrCtrl+Z');
    expect(accel('edit.selectAll')).toBe('CmdOrCtrl+A');
    for (const id of [
      'file.report',
      'file.library',
      'edit.cut',
      'edit.copy',
      'edit.paste',
      'edit.delete',
      'view.zoomIn',
      'view.zoomOut',
      'view.fit',
      'view.layout',
      'view.theme.system',
      'help.about',
      'file.openRecent',
    ]) {
      expect(
        items.some((i) => i.id === id),
        id,
      ).toBe(true);
    }
    expect(items.some((i) => i.role === 'quit')).toBe(true);
  });

  it('sends menu commands', () => {
    const { click, sent } = setup();
    click('file.save');
    click('edit.paste');
    click('view.theme.light');
    expect(sent).toEqual(['file.save', 'edit.paste', 'view.theme.light']);
  });

  it('leaves edit keys to the page outside macOS, uses native roles on macOS', () => {
    const linux = setup().items.find((i) => i.id === 'edit.copy')!;
    const mac = setup({ platform: 'darwin' }).items.find((i) => i.id === 'edit.copy')!;
    expect(linux.registerAccelerator).toBe(false);
    expect(linux.role).toBeUndefined();
    expect(mac.role).toBe('copy');
    const macDelete = setup({ platform: 'darwin' }).items.find((i) => i.id === 'edit.delete')!;
    expect(macDelete.registerAccelerator).toBe(false);
  });

  it('gives every accelerator to one item only', () => {
    const accels = setup()
      .items.map((i) => i.accelerator)
      .filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length);
  });

  it('lists recent files and opens them', () => {
    const { items, opened } = setup();
    const entry = items.find((i) => i.label?.startsWith('site.portolan.json'))!;
    (entry.click as () => void)();
    expect(opened).toEqual(['/home/u/site.portolan.json']);
  });

  it('offers reload and developer tools only in development', () => {
    expect(setup().items.some((i) => i.role === 'reload')).toBe(false);
    expect(setup({ isDev: true }).items.some((i) => i.role === 'reload')).toBe(true);
  });

  it('checks the current theme', () => {
    const { items } = setup();
    expect(items.find((i) => i.id === 'view.theme.dark')?.checked).toBe(true);
    expect(items.find((i) => i.id === 'view.theme.light')?.checked).toBe(false);
  });
});
