// e2e: drawing like a diagram tool — connect by releasing on a node's body, Connect to… from the
// keyboard (one-to-many, one undo step), F6 regions and arrow-key navigation, zones by address and
// by dropping into a frame (empty zones show theirs), auto-layout keeping zone frames apart with
// orthogonal edges, arrowheads and port labels, header file buttons, axe in both themes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';

const node = (page: Page, id: string): Locator =>
  page.locator(`.svelte-flow__node[data-id="${id}"]`);

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
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

async function dropType(page: Page, type: string, x: number, y: number): Promise<void> {
  await page
    .getByTestId(`palette-item-${type}`)
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drag from a handle of `from` and release in the middle of `to`'s body (not on a handle). */
async function connectToBody(page: Page, from: string, to: string): Promise<void> {
  await node(page, from).hover();
  const a = (await node(page, from)
    .locator('.svelte-flow__handle[data-handleid="r"]')
    .boundingBox())!;
  const b = (await node(page, to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 40, a.y + 10, { steps: 5 });
  // Centre of the body, well away from the four handles.
  await page.mouse.move(b.x + b.width * 0.4, b.y + b.height * 0.55, { steps: 10 });
  await expect(page.getByTestId('canvas')).toHaveClass(/connecting/);
  await page.mouse.up();
  await page.getByTestId('fit').click();
  await page.waitForTimeout(300);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const intersects = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a connection released on a node’s body connects; self and duplicate misses say why', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await clearPlan(page);
  await dropType(page, 'worker', 250, 250);
  await dropType(page, 'pve-server', 600, 250);
  await expect(node(page, 'pve-server-1')).toBeVisible();
  await page.getByTestId('fit').click();
  await page.waitForTimeout(400);

  await connectToBody(page, 'worker-1', 'pve-server-1');
  await expect(page.getByTestId('count-connections')).toHaveText('1 connection');
  // The edge shows the direction of its main traffic and the number of ports it opens.
  const edge = page.locator('.svelte-flow__edge').first();
  await expect(edge.locator('[data-testid^="edge-arrow-"]')).not.toHaveCount(0);
  await expect(edge.locator('[data-testid^="edge-badge-"]')).toContainText(/\d+ ports?/);
  await expect(edge.locator('path.hit title')).toContainText('tcp');

  // Again: refused as a duplicate, with the reason in the live region.
  await connectToBody(page, 'pve-server-1', 'worker-1');
  await expect(page.getByTestId('live-assertive')).toContainText('already connected');
  // Released on its own body: refused as a self-connection.
  await connectToBody(page, 'worker-1', 'worker-1');
  await expect(page.getByTestId('live-assertive')).toContainText('itself');
  await expect(page.getByTestId('count-connections')).toHaveText('1 connection');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('Connect to… by keyboard connects one node to several in one undo step', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await clearPlan(page);
  for (const [i, t] of (['backup-server', 'worker', 'worker', 'pve-server'] as const).entries()) {
    await page.getByTestId('palette-filter').fill('');
    await page.getByTestId(`palette-item-${t}`).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.svelte-flow__node')).toHaveCount(i + 1);
  }
  // Focus the backup server, open its menu with Shift+F10, choose Connect to….
  await node(page, 'backup-server-1').focus();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await page.getByRole('menuitem', { name: /Connect to/ }).press('Enter');
  const search = page.getByTestId('connect-search');
  await expect(search).toBeFocused();
  // Search, choose both workers with Shift+Enter, connect with Enter.
  await page.keyboard.type('worker');
  await expect(page.getByTestId('connect-dialog').getByRole('option')).toHaveCount(2);
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('connect-dialog')).toContainText('2 nodes chosen');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connect-dialog')).toHaveCount(0);
  await expect(page.getByTestId('count-connections')).toHaveText('2 connections');
  // Focus is back on the node the dialog was for.
  await expect(node(page, 'backup-server-1')).toBeFocused();

  // The C shortcut opens it too; Enter connects to the highlighted node.
  await page.keyboard.press('c');
  await expect(page.getByTestId('connect-search')).toBeFocused();
  await page.keyboard.type('proxmox');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('count-connections')).toHaveText('3 connections');

  // One undo removes both connections made at once.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(page.getByTestId('count-connections')).toHaveText('2 connections');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(page.getByTestId('count-connections')).toHaveText('0 connections');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('F6 cycles palette → canvas → side panel; arrows move between nodes; focus survives a delete', async ({
  page,
}) => {
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await page.getByTestId('palette-filter').focus();
  await page.keyboard.press('F6');
  await expect(
    page.locator('[data-region="canvas"] :focus, [data-region="canvas"]:focus'),
  ).toHaveCount(1);
  await page.keyboard.press('F6');
  await expect(page.locator('[data-region="side"] [role="tab"]:focus')).toHaveCount(1);
  await page.keyboard.press('F6');
  await expect(page.locator('[data-region="palette"] :focus')).toHaveCount(1);
  await page.keyboard.press('Shift+F6');
  await expect(page.locator('[data-region="side"] [role="tab"]:focus')).toHaveCount(1);

  // Arrow keys go to the nearest node in that direction.
  await node(page, 'w1').focus();
  const start = (await node(page, 'w1').boundingBox())!;
  await page.keyboard.press('ArrowLeft');
  const moved = page.locator('.svelte-flow__node:focus');
  await expect(moved).toHaveCount(1);
  expect(await moved.getAttribute('data-id')).not.toBe('w1');
  const to = (await moved.boundingBox())!;
  expect(to.x).toBeLessThan(start.x);

  // Delete the focused node: focus goes to a neighbour, not the page body.
  await page.keyboard.press('Enter'); // select it
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('live-polite')).toContainText('Deleted 1 item');
  await expect(page.locator('.svelte-flow__node:focus')).toHaveCount(1);

  // F2 goes to the Name field of the selected node.
  await page.keyboard.press('Enter');
  await page.keyboard.press('F2');
  await expect(page.getByTestId('field-name')).toBeFocused();
});

test('zones: by address, by dropping into a frame (empty zones show one), and moving in on change', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await clearPlan(page);
  // Two zones with networks; neither has a node, both show a frame.
  await page.getByTestId('tab-zones').click();
  for (const cidr of ['192.0.2.0/24', '198.51.100.0/24']) {
    await page.getByTestId('add-zone').click();
    const cidrs = page.getByTestId('zone-cidrs').last();
    await cidrs.fill(cidr);
    await cidrs.press('Tab');
  }
  await expect(page.getByTestId('zone-frame-zone-1')).toBeVisible();
  await expect(page.getByTestId('zone-frame-zone-2')).toBeVisible();

  // A worker given an address in zone-2's network joins zone-2 and moves into its frame.
  await dropType(page, 'worker', 200, 250);
  await node(page, 'worker-1').click();
  const addresses = page.getByTestId('field-addresses');
  await addresses.fill('198.51.100.20');
  await addresses.press('Tab');
  await expect(page.getByTestId('field-zone')).toHaveValue('zone-2');
  await expect(page.getByTestId('field-zone-follows')).toBeChecked();

  // Drag a second worker into zone-1's (empty) frame: it joins zone-1, pinned (no address).
  await dropType(page, 'worker', 200, 450);
  await expect(node(page, 'worker-2')).toBeVisible();
  await page.getByTestId('fit').click();
  await page.waitForTimeout(400);
  const frame = (await page.getByTestId('zone-frame-zone-1').boundingBox())!;
  const w2 = (await node(page, 'worker-2').boundingBox())!;
  await page.mouse.move(w2.x + w2.width / 2, w2.y + w2.height / 2);
  await page.mouse.down();
  await page.mouse.move(w2.x + 30, w2.y + 30, { steps: 4 });
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2 + 10, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('live-polite')).toContainText('Zone set by drop');
  await node(page, 'worker-2').click();
  await expect(page.getByTestId('field-zone')).toHaveValue('zone-1');
  await expect(page.getByTestId('field-zone-follows')).not.toBeChecked();

  // Choose zone-2 for worker-2 in the inspector: it moves into zone-2's frame.
  await page.getByTestId('field-zone').selectOption('zone-2');
  await expect(page.getByTestId('field-zone')).toHaveValue('zone-2');
  await page.waitForTimeout(200);
  const z2 = (await page.getByTestId('zone-frame-zone-2').boundingBox())!;
  const nb = (await node(page, 'worker-2').boundingBox())!;
  expect(nb.x).toBeGreaterThanOrEqual(z2.x);
  expect(nb.x + nb.width).toBeLessThanOrEqual(z2.x + z2.width + 1);
  expect(nb.y).toBeGreaterThanOrEqual(z2.y);
  expect(nb.y + nb.height).toBeLessThanOrEqual(z2.y + z2.height + 1);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('auto-layout keeps zone frames apart with orthogonal edges; axe clean in both themes', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  // Open the distributed sample (four zones) with the header's Open button; it is fitted to view.
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('header-open').click();
  await (await chooser).setFiles('resources/samples/distributed.portolan.json');
  await expect(node(page, 'pve2')).toBeVisible();
  await expect(node(page, 'w3')).toBeInViewport();
  await page.getByTestId('layout').click();
  // Wait until the layout (elk in a worker) has been applied as one undoable step.
  await expect(page.getByTestId('undo')).toHaveAttribute('aria-label', 'Undo Auto-layout');
  await page.waitForTimeout(600);
  const frames = await page.locator('[data-testid^="zone-frame-"]').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        id: e.getAttribute('data-testid'),
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
      };
    }),
  );
  expect(frames.length).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      expect(intersects(frames[i]!, frames[j]!), `${frames[i]!.id} × ${frames[j]!.id}`).toBe(false);
    }
  }
  // Every edge segment is horizontal or vertical.
  const diagonal = await page.evaluate(() => {
    let bad = 0;
    for (const p of Array.from(document.querySelectorAll('.svelte-flow__edge path.conn'))) {
      const pts = (p.getAttribute('d') ?? '')
        .replace(/[ML]/g, ' ')
        .trim()
        .split(/\s+/)
        .map((xy: string) => xy.split(',').map(Number));
      for (let i = 1; i < pts.length; i++) {
        const [ax, ay] = pts[i - 1]!;
        const [bx, by] = pts[i]!;
        if (Math.abs(ax! - bx!) > 0.6 && Math.abs(ay! - by!) > 0.6) bad++;
      }
    }
    return bad;
  });
  expect(diagonal).toBe(0);
  await page.screenshot({ path: `${SHOTS}/canvas-layout-light.png` });

  // Zoomed out, nodes keep a type glyph and their name.
  for (let i = 0; i < 6; i++)
    await page.getByTestId('canvas').locator('.svelte-flow__controls-zoomout').click();
  await expect(page.locator('.pnode.far').first()).toBeVisible();
  await expect(page.locator('.pnode.far .glyph').first()).toHaveText(/^[A-Z]{2,4}$/);
  await page.getByTestId('fit').click();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${scheme}: ${v.id} ${v.help}`)).toEqual([]);
    // The Connect to… dialog too.
    await node(page, 'vbr').focus();
    await page.keyboard.press('c');
    await expect(page.getByTestId('connect-dialog')).toBeVisible();
    const dialog = await new AxeBuilder({ page })
      .include('[data-testid="connect-dialog"]')
      .analyze();
    expect(
      dialog.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${scheme} dialog: ${v.id} ${v.help}`),
    ).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('connect-dialog')).toHaveCount(0);
  }
  await page.screenshot({ path: `${SHOTS}/canvas-layout-dark.png` });
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the browser build has Open, Import and Save in the header', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('header-open')).toBeVisible();
  await expect(page.getByTestId('header-import')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('header-save').click();
  expect((await download).suggestedFilename()).toMatch(/\.portolan\.json$/);
});
