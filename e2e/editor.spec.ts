// e2e: the canvas editor — palette drag and keyboard add, connect, flows, inline validation,
// undo/redo, delete, accessibility scan; screenshots in light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';

const node = (page: Page, id: string): Locator =>
  page.locator(`.svelte-flow__node[data-id="${id}"]`);
const rows = (page: Page): Locator => page.getByTestId('flow-table').getByTestId('flow-row');

/** Rows of the whole-plan flow table whose cells read from → to, protocol and port. */
function flowRow(page: Page, from: string, to: string, port: string): Locator {
  return rows(page)
    .filter({ has: page.locator('td.c-from', { hasText: new RegExp(`^${from}$`) }) })
    .filter({ has: page.locator('td.c-to', { hasText: new RegExp(`^${to}$`) }) })
    .filter({ has: page.locator('td.c-port', { hasText: new RegExp(`^TCP ${port}\\*?$`) }) });
}

async function clearPlan(page: Page): Promise<void> {
  await page
    .getByTestId('canvas')
    .locator('.svelte-flow__pane')
    .click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('empty-state')).toBeVisible();
}

/** Drag a palette item onto the canvas at (x, y) relative to the canvas. */
async function dropType(page: Page, type: string, x: number, y: number): Promise<void> {
  await page
    .getByTestId(`palette-item-${type}`)
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drag from one node's handle to another node's handle. */
async function connect(
  page: Page,
  from: string,
  fromSide: string,
  to: string,
  toSide: string,
): Promise<void> {
  await node(page, from).hover();
  const a = node(page, from).locator(`.svelte-flow__handle[data-handleid="${fromSide}"]`);
  const b = node(page, to).locator(`.svelte-flow__handle[data-handleid="${toSide}"]`);
  const ba = (await a.boundingBox())!;
  const bb = (await b.boundingBox())!;
  await page.mouse.move(ba.x + ba.width / 2, ba.y + ba.height / 2);
  await page.mouse.down();
  await page.mouse.move(ba.x + 40, ba.y + 10, { steps: 5 });
  await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2, { steps: 10 });
  await page.mouse.up();
}

test('draw a worker and a Proxmox VE server, see their flows, edit, undo, redo, delete', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await clearPlan(page);

  // Drag a Worker and a Proxmox VE server from the palette.
  await dropType(page, 'worker', 180, 260);
  await expect(node(page, 'worker-1')).toBeVisible();
  await dropType(page, 'pve-server', 560, 260);
  await expect(node(page, 'pve-server-1')).toBeVisible();
  await expect(page.getByTestId('count-nodes')).toHaveText('2 nodes');

  // Connect them: the flow table shows worker → Proxmox VE server TCP 8006 and 22.
  await connect(page, 'worker-1', 'r', 'pve-server-1', 'l');
  await expect(page.getByTestId('count-connections')).toHaveText('1 connection');
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'Worker 1', 'Proxmox VE server 1', '8006')).toHaveCount(1);
  await expect(flowRow(page, 'Worker 1', 'Proxmox VE server 1', '22')).toHaveCount(1);
  const flowsWithBoth = await rows(page).count();
  expect(flowsWithBoth).toBeGreaterThanOrEqual(2);

  // A second connection between the same nodes is refused with a message.
  await connect(page, 'pve-server-1', 'l', 'worker-1', 'r');
  await expect(page.getByTestId('live-assertive')).toContainText('already connected');
  await expect(page.getByTestId('count-connections')).toHaveText('1 connection');

  // An invalid address shows an inline error at the field and is not stored.
  await node(page, 'worker-1').click();
  await expect(page.getByTestId('tab-inspector')).toHaveAttribute('aria-selected', 'true');
  const addresses = page.getByTestId('field-addresses');
  await addresses.fill('300.1.1.1');
  await addresses.press('Tab');
  await expect(addresses).toHaveAttribute('aria-invalid', 'true');
  const error = page.getByTestId('field-addresses-error');
  await expect(error).toContainText('300.1.1.1');
  await expect(addresses).toHaveAttribute('aria-describedby', /node-addresses-error/);
  await expect(node(page, 'worker-1')).toContainText('no address');
  // A valid one is stored and shown on the node.
  await addresses.fill('192.0.2.31');
  await addresses.press('Tab');
  await expect(addresses).not.toHaveAttribute('aria-invalid', 'true');
  await expect(node(page, 'worker-1')).toContainText('192.0.2.31');
  await page.screenshot({ path: `${SHOTS}/editor-inspector-light.png` });

  // Undo and redo (keyboard and toolbar).
  await page
    .getByTestId('canvas')
    .locator('.svelte-flow__pane')
    .click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('ControlOrMeta+z');
  await expect(node(page, 'worker-1')).toContainText('no address');
  await page.keyboard.press('ControlOrMeta+z'); // the connection
  await expect(page.getByTestId('count-connections')).toHaveText('0 connections');
  await page.getByTestId('tab-flows').click();
  await expect(rows(page)).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(page.getByTestId('count-connections')).toHaveText('1 connection');
  await expect(rows(page)).toHaveCount(flowsWithBoth);
  await page.getByTestId('redo').click();
  await expect(node(page, 'worker-1')).toContainText('192.0.2.31');
  await page.keyboard.press('ControlOrMeta+z');
  await page.keyboard.press('ControlOrMeta+y');
  await expect(node(page, 'worker-1')).toContainText('192.0.2.31');

  // Add a node by keyboard only: filter the palette, Tab to the item, Enter.
  await page.getByTestId('palette-filter').focus();
  await page.keyboard.type('backup server');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('palette-item-backup-server')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(node(page, 'backup-server-1')).toBeVisible();
  await expect(page.getByTestId('count-nodes')).toHaveText('3 nodes');
  await page.getByTestId('palette-filter').fill('');

  // Connect the backup server too, then delete the worker: its flows disappear.
  await connect(page, 'backup-server-1', 'b', 'worker-1', 't');
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'Backup server 1', 'Worker 1', '19000')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/editor-flows-light.png` });
  await node(page, 'worker-1').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'worker-1')).toHaveCount(0);
  await page.getByTestId('tab-flows').click();
  await expect(rows(page).filter({ hasText: 'Worker 1' })).toHaveCount(0);
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByTestId('count-connections')).toHaveText('0 connections');

  // Warnings panel: clicking a warning selects its nodes.
  await page.getByTestId('tab-warnings').click();
  await expect(page.getByTestId('warnings')).toBeVisible();
  const firstWarning = page.getByTestId('warning-item').first();
  if ((await page.getByTestId('warning-item').count()) > 0) {
    await firstWarning.click();
    await expect(page.locator('.svelte-flow__node.selected')).not.toHaveCount(0);
  }

  expect(errors, errors.join('\n')).toEqual([]);
});

test('the sample plan in light and dark passes an axe scan (no serious or critical issues)', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await node(page, 'w1').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/editor-sample-light.png` });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    for (const tab of ['inspector', 'flows', 'warnings', 'zones']) {
      await page.getByTestId(`tab-${tab}`).click();
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(
        bad.map(
          (v) =>
            `${scheme}/${tab}: ${v.id} ${v.help}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 5)
              .join(', ')}`,
        ),
      ).toEqual([]);
    }
  }
  await page.getByTestId('tab-inspector').click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${SHOTS}/editor-sample-dark.png` });
});

test('context menu, copy/paste, zones and auto-layout', async ({ page }) => {
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  const before = await page.locator('.svelte-flow__node').count();

  // Context menu on a node → Duplicate.
  await node(page, 'w1').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(before + 1);

  // Copy/paste with the keyboard.
  await node(page, 'pve1').click();
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(before + 2);

  // Zones: add one, give it an invalid then a valid CIDR.
  await page.getByTestId('tab-zones').click();
  await page.getByTestId('add-zone').click();
  const cidrs = page.getByTestId('zone-cidrs').last();
  await cidrs.fill('10.0.0.0/33');
  await cidrs.press('Tab');
  await expect(cidrs).toHaveAttribute('aria-invalid', 'true');
  await cidrs.fill('198.51.100.0/24');
  await cidrs.press('Tab');
  await expect(cidrs).not.toHaveAttribute('aria-invalid', 'true');

  // Auto-layout runs and is one undoable step.
  const pos = await node(page, 'vbr').getAttribute('style');
  await page.getByTestId('layout').click();
  await expect.poll(() => node(page, 'vbr').getAttribute('style')).not.toBe(pos);
  await page.waitForTimeout(600); // the fit animation after layout
  await page.screenshot({ path: `${SHOTS}/editor-layout-light.png` });
});
