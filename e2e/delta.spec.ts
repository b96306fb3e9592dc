// e2e: baselines and deltas — mark a version approved, see what changed since (canvas, flow table,
// report preview), compare two history snapshots; accessible in both themes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const node = (page: Page, id: string): Locator =>
  page.locator(`.svelte-flow__node[data-id="${id}"]`);
const indicator = (page: Page) => page.getByTestId('save-indicator');

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Playwright's locator scripts in the report preview's sandboxed frame (see report.spec.ts).
    if (m.text().startsWith("Blocked script execution in 'about:srcdoc'")) return;
    errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function start(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(indicator(page)).toHaveAttribute('data-status', 'saved');
  await expect(node(page, 'w1')).toBeVisible();
}

/** Drag from one node's handle to another node's handle. */
async function connect(page: Page, from: string, fromSide: string, to: string, toSide: string) {
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

async function approveCurrent(page: Page, number: string): Promise<void> {
  await page.getByTestId('open-history').click();
  const dialog = page.getByTestId('history-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('approve-number').fill(number);
  await dialog.getByTestId('approve-date').fill('2026-11-30');
  await dialog.getByTestId('mark-approved').click();
  await expect(dialog.getByTestId('approve-message')).toContainText(
    `approved version (${number}, 2026-11-30)`,
  );
  await expect(dialog.getByTestId('approved-baseline')).toContainText(number);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
}

/** After approval: a worker added and linked to the backup server, the sample's worker deleted. */
async function editAfterApproval(page: Page): Promise<void> {
  await page
    .getByTestId('palette-item-worker')
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x: 200, y: 640 } });
  await expect(node(page, 'worker-1')).toBeVisible();
  await connect(page, 'vbr', 'b', 'worker-1', 't');
  // The all-in-one sample has four connections (its group node's included); one more now.
  await expect(page.getByTestId('count-connections')).toHaveText('5 connections');
  await node(page, 'w1').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'w1')).toHaveCount(0);
  await expect(indicator(page)).toHaveAttribute('data-status', 'saved');
}

test('mark as approved, then the changes since: canvas, flow table, report delta mode', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await start(page);
  await expect(page.getByTestId('toggle-changes')).toHaveCount(0);
  await approveCurrent(page, 'CHG-1');
  await editAfterApproval(page);

  const toggle = page.getByTestId('toggle-changes');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const bar = page.getByTestId('changes-bar');
  await expect(bar).toContainText('Changes since the approved version (CHG-1, 2026-11-30)');
  await expect(bar.getByTestId('changes-counts')).toContainText(
    /^1 node added, 1 removed; 1 connection added, 2 removed; \d+ flows added, \d+ removed/,
  );

  // Canvas: the new worker marked, the deleted one ghosted where it was, with its links.
  await expect(node(page, 'worker-1')).toHaveClass(/delta-added/);
  await expect(node(page, 'worker-1')).toContainText('New');
  await expect(node(page, 'w1')).toHaveClass(/delta-removed/);
  await expect(node(page, 'w1')).toContainText('Removed');
  await expect(node(page, 'vbr')).not.toHaveClass(/delta-/);
  await expect(page.locator('.svelte-flow__edge.delta-removed')).toHaveCount(2);
  await expect(page.locator('.svelte-flow__edge.delta-added')).toHaveCount(1);
  // A ghost is not part of the plan: it cannot be selected or deleted.
  await node(page, 'w1').click({ force: true });
  await page.keyboard.press('Delete');
  await expect(node(page, 'w1')).toHaveCount(1);
  await expect(page.getByTestId('count-nodes')).toHaveText('4 nodes');

  // Flow table: added rows marked, removed rows listed struck out.
  await page.getByTestId('tab-flows').click();
  const table = page.getByTestId('flow-table');
  const added = table.locator('[data-testid="flow-row"][data-delta="added"]');
  await expect(added.first()).toBeVisible();
  await expect(added.first()).toContainText('Added:');
  const removed = table.getByTestId('removed-flow-row');
  await expect(removed.first()).toBeVisible();
  await expect(removed.first()).toContainText('Removed:');
  const addedCount = await added.count();
  await page.getByTestId('flow-changes-only').check();
  await expect(table.getByTestId('flow-row')).toHaveCount(addedCount);
  await page.getByTestId('flow-changes-only').uncheck();

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await bar.getByTestId('changes-details').click();
    await expect(bar.getByTestId('delta-summary')).toBeVisible();
    const axe = await new AxeBuilder({ page }).analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${scheme}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' '))}`),
    ).toEqual([]);
    await bar.getByTestId('changes-details').click();
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Report preview: the delta document of the same changes.
  await page.getByRole('button', { name: /^Report/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Change request' });
  await expect(dialog).toBeVisible();
  const mode = dialog.getByTestId('report-mode');
  await expect(mode).toHaveValue('delta');
  const frame = page.frameLocator('iframe[title="Print preview of the change request"]');
  await expect(frame.locator('h2#rules-h')).toContainText('Rules to implement for this change');
  await expect(frame.locator('body')).toContainText('Flows removed');
  await expect(frame.locator('body')).toContainText('WORKER01');
  await mode.selectOption('full');
  await expect(frame.locator('h2#rules-h')).not.toContainText('for this change');
  await page.keyboard.press('Escape');

  // Closing the view removes every mark.
  await toggle.click();
  await expect(bar).toHaveCount(0);
  await expect(node(page, 'w1')).toHaveCount(0);
  await expect(page.locator('.svelte-flow__node[class*="delta-"]')).toHaveCount(0);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the approval survives a reload; history compares any two versions', async ({ page }) => {
  const errors = collectErrors(page);
  await start(page);
  await approveCurrent(page, 'CHG-7');
  await editAfterApproval(page);

  await page.reload();
  await expect(node(page, 'worker-1')).toBeVisible();
  await expect(page.getByTestId('toggle-changes')).toBeVisible();

  // Restoring the approved version keeps the edited one in the history (snapshot on reopening).
  await page.getByTestId('open-history').click();
  let dialog = page.getByTestId('history-dialog');
  const approvedItem = dialog.getByRole('button', { name: /approved CHG-7/ });
  await approvedItem.click();
  await dialog.getByTestId('history-restore').click();
  await expect(dialog).toBeHidden();
  await expect(node(page, 'w1')).toBeVisible();
  await expect(node(page, 'worker-1')).toHaveCount(0);

  await page.getByTestId('open-history').click();
  dialog = page.getByTestId('history-dialog');
  await dialog.getByRole('button', { name: /approved CHG-7/ }).click();
  const compare = dialog.getByTestId('history-compare');
  // Options: none, the current plan, then the other snapshots newest first (the edited version).
  const edited = await compare.locator('option').nth(2).getAttribute('value');
  await compare.selectOption(edited!);
  const comparison = dialog.getByTestId('history-comparison');
  await expect(comparison.getByTestId('delta-counts')).toContainText(
    /^1 node added, 1 removed; 1 connection added, 2 removed; \d+ flows added/,
  );
  await expect(comparison).toContainText('Worker 1');
  await expect(comparison).toContainText('WORKER01');
  await compare.selectOption('current');
  await expect(comparison.getByTestId('delta-counts')).toHaveText('no changes');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const axe = await new AxeBuilder({ page }).include('[data-testid="history-dialog"]').analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map(
        (v) =>
          `${scheme}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary)}`,
      ),
    ).toEqual([]);
  }

  // "Show changes since this version" puts the canvas in the changes view against that snapshot.
  await compare.selectOption(edited!);
  await dialog
    .getByRole('list', { name: 'Snapshots, newest first' })
    .getByRole('button')
    .first()
    .click();
  await dialog.getByTestId('history-show-changes').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('changes-bar')).toContainText('Changes since the version of');
  await expect(node(page, 'worker-1')).toHaveClass(/delta-removed/);
  await expect(node(page, 'w1')).toHaveClass(/delta-added/);
  expect(errors, errors.join('\n')).toEqual([]);
});
