// e2e: plans stored in IndexedDB — autosave survives reload and an abrupt close, save to a file and
// import it back byte-identical, a broken file is refused without touching the library, a dropped
// file opens, and an edit from another tab is detected instead of overwritten.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

const planName = (page: Page) => page.getByTestId('plan-name');
const indicator = (page: Page) => page.getByTestId('save-indicator');
const rows = (page: Page) => page.getByTestId('plan-library').getByTestId('library-row');

async function start(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(indicator(page)).toHaveAttribute('data-status', 'saved');
  return errors;
}

async function rename(page: Page, name: string): Promise<void> {
  await planName(page).fill(name);
  await planName(page).press('Enter');
}

async function openLibrary(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Library' }).click();
  await expect(page.getByTestId('plan-library')).toBeVisible();
}

async function saveDownload(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.keyboard.press('ControlOrMeta+s');
  return readFile(await (await download).path(), 'utf8');
}

test('first start opens the sample; a new plan and its edits survive a reload', async ({
  page,
}) => {
  const errors = await start(page);
  await expect(planName(page)).toHaveValue('All-in-one site');

  await openLibrary(page);
  await expect(rows(page)).toHaveCount(1);
  await page.getByTestId('library-new').click();
  await expect(page.getByTestId('plan-library')).toBeHidden();
  await expect(page.getByTestId('empty-state')).toBeVisible();

  await rename(page, 'Reload test');
  // Keyboard path of the palette: Enter adds the focused component type at the canvas centre.
  await page.getByTestId('palette-item-worker').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
  await expect(indicator(page)).toHaveAttribute('data-status', 'saved');

  await page.reload();
  await expect(planName(page)).toHaveValue('Reload test');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
  await openLibrary(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toContainText('Reload test');
  await expect(rows(page).first()).toContainText('1 nodes · 0 connections');
  expect(errors).toEqual([]);
});

test('an edit followed at once by closing the page is kept', async ({ page, context }) => {
  await start(page);
  await rename(page, 'Closed right after this edit');
  // No wait for the debounce: close the tab immediately (pagehide → journal + flush).
  await page.close();
  const again = await context.newPage();
  await again.goto('/');
  await expect(planName(again)).toHaveValue('Closed right after this edit');
});

test('save to a file and import it back: identical', async ({ page }) => {
  const errors = await start(page);
  await rename(page, 'Round trip');
  await expect(indicator(page)).toHaveAttribute('data-status', 'saved');
  const first = await saveDownload(page);
  expect(JSON.parse(first).name).toBe('Round trip');

  await openLibrary(page);
  const before = await rows(page).count();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('library-import').click();
  await (
    await chooser
  ).setFiles({
    name: 'round-trip.portolan.json',
    mimeType: 'application/json',
    buffer: Buffer.from(first),
  });
  await expect(page.getByTestId('plan-library')).toBeHidden();
  await expect(planName(page)).toHaveValue('Round trip');
  await openLibrary(page);
  await expect(rows(page)).toHaveCount(before + 1);
  await page.keyboard.press('Escape');

  const second = await saveDownload(page);
  expect(second).toBe(first);
  expect(errors).toEqual([]);
});

test('a broken file is refused with a clear message and the library is unchanged', async ({
  page,
}) => {
  await start(page);
  await openLibrary(page);
  const names = await rows(page).allTextContents();
  const broken = JSON.stringify({
    format: 'portolan-plan',
    version: 1,
    name: 'Evil',
    catalog: 'vbr12-pve',
    options: {},
    zones: [],
    nodes: [{ id: 'a;reboot', type: 'worker' }],
    connections: [],
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('library-import').click();
  await (
    await chooser
  ).setFiles({
    name: 'broken.portolan.json',
    mimeType: 'application/json',
    buffer: Buffer.from(broken),
  });
  const message = page.getByTestId('library-message');
  await expect(message).toContainText('broken.portolan.json was refused');
  await expect(message).toContainText('nodes[0]');
  await expect(message).toHaveAttribute('role', 'alert');
  expect(await rows(page).allTextContents()).toEqual(names);

  const notJson = page.waitForEvent('filechooser');
  await page.getByTestId('library-import').click();
  await (
    await notJson
  ).setFiles({
    name: 'garbage.json',
    mimeType: 'application/json',
    buffer: Buffer.from('\u0000\u00ff not json'),
  });
  await expect(message).toContainText('garbage.json was refused');
  await expect(message).toContainText('JSON');
  expect(await rows(page).allTextContents()).toEqual(names);
});

test('a plan file dropped on the window opens; a too-large one is refused', async ({ page }) => {
  await start(page);
  const text = await readFile('resources/samples/distributed.portolan.json', 'utf8');
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'dropped.portolan.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
  }, text);
  await expect(planName(page)).toHaveValue(JSON.parse(text).name);

  await page.evaluate(() => {
    const data = new DataTransfer();
    // 50 MB + 1 byte of spaces: refused by size before it is read.
    data.items.add(new File([new Uint8Array(50 * 1024 * 1024 + 1).fill(32)], 'huge.json'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
  });
  await expect(
    page.getByText(/huge\.json is 50\.0 MB; plan files over 50 MB are refused/).first(),
  ).toBeVisible();
  await expect(planName(page)).toHaveValue(JSON.parse(text).name);
});

test('an edit from another tab is detected and never silently overwritten', async ({
  page,
  context,
}) => {
  await start(page);
  const other = await context.newPage();
  await other.goto('/');
  await expect(indicator(other)).toHaveAttribute('data-status', 'saved');
  await rename(other, 'Edited in the other tab');
  await expect(indicator(other)).toHaveAttribute('data-status', 'saved');

  await expect(page.getByTestId('conflict-banner')).toBeVisible();
  await expect(page.getByTestId('conflict-banner')).toContainText('Edited in the other tab');
  await page.getByTestId('conflict-keep').click();
  await expect(planName(page)).toHaveValue(/\(my copy\)$/);
  // Both versions exist: theirs untouched, mine as a copy.
  await openLibrary(page);
  await expect(rows(page).filter({ hasText: 'Edited in the other tab' })).toHaveCount(1);
  await expect(rows(page).filter({ hasText: '(my copy)' })).toHaveCount(1);
});

test('when storage fails the plan stays open with a clear message and Save to file', async ({
  page,
}) => {
  await start(page);
  // Simulate a full disk: every IndexedDB write from now on fails with QuotaExceededError.
  await page.evaluate(() => {
    const fail = function (): never {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = fail;
    IDBObjectStore.prototype.add = fail;
  });
  await rename(page, 'Only in memory');
  const banner = page.getByTestId('storage-error');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('storage is full');
  await expect(indicator(page)).toHaveAttribute('data-status', 'error');
  await expect(planName(page)).toHaveValue('Only in memory');

  const download = page.waitForEvent('download');
  await banner.getByRole('button', { name: 'Save to file' }).click();
  const text = await readFile(await (await download).path(), 'utf8');
  expect(JSON.parse(text).name).toBe('Only in memory');
});
