// e2e: custom flows on the canvas (add from a node, inline validation, flow table, edit, undo),
// group nodes drawn as stacks, acknowledged warnings; axe in light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const node = (page: Page, id: string): Locator =>
  page.locator(`.svelte-flow__node[data-id="${id}"]`);

/** Flow-table rows whose cells read from → to and the port. */
function flowRow(page: Page, from: string, to: string, port: string): Locator {
  return page
    .getByTestId('flow-table')
    .getByTestId('flow-row')
    .filter({ has: page.locator('td.c-from', { hasText: new RegExp(`^${from}$`) }) })
    .filter({ has: page.locator('td.c-to', { hasText: new RegExp(`^${to}$`) }) })
    .filter({ has: page.locator('td.c-port', { hasText: new RegExp(`TCP ${port}`) }) });
}

async function axeClean(page: Page, where: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map(
        (v) =>
          `${where}/${scheme}: ${v.id} ${v.help}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(', ')}`,
      ),
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

test('add a custom flow from a node, with inline validation; it reaches the flow table; edit; undo and redo', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();

  // The sample's group node is drawn as a stack with its member count.
  await expect(node(page, 'apps').getByTestId('group-count')).toHaveText(/×3/);

  await node(page, 'vbr').click();
  const section = page.getByTestId('custom-flows');
  await expect(section.getByTestId('custom-flow-item')).toHaveCount(1); // the sample's NTP flow
  await section.getByTestId('add-custom-flow').click();
  const dialog = page.getByTestId('custom-flow-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('cf-to').selectOption('apps');
  await dialog.getByTestId('cf-ports').fill('70000');
  await dialog.getByTestId('cf-save').click();
  // Every invalid field says why, at the field; nothing is added.
  await expect(dialog.getByTestId('cf-ports-error')).toContainText('1-65535');
  await expect(dialog.getByTestId('cf-ports')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('cf-justification-error')).toContainText('required');
  await axeClean(page, 'custom-flow dialog');
  await dialog.getByTestId('cf-ports').fill('9100');
  await dialog.getByTestId('cf-purpose').fill('Node exporter scrape');
  await dialog.getByTestId('cf-justification').fill('Monitoring, change CHG-42');
  await dialog.getByTestId('cf-owner').fill('ops');
  await dialog.getByTestId('cf-expires').fill('2027-02-30');
  await dialog.getByTestId('cf-save').click();
  await expect(dialog.getByTestId('cf-expires-error')).toContainText('YYYY-MM-DD');
  await dialog.getByTestId('cf-expires').fill('2027-03-31');
  await dialog.getByTestId('cf-save').click();
  await expect(dialog).toBeHidden();

  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'VBR01', 'App servers', '9100')).toHaveCount(1);

  // Undo removes it, redo brings it back.
  await page.locator('body').press('ControlOrMeta+z');
  await expect(flowRow(page, 'VBR01', 'App servers', '9100')).toHaveCount(0);
  await page.locator('body').press('ControlOrMeta+Shift+z');
  await expect(flowRow(page, 'VBR01', 'App servers', '9100')).toHaveCount(1);

  // Edited in the inspector, validated inline.
  await node(page, 'apps').click();
  // The new flow's id followed its ends: vbr → apps.
  const item = page.locator('[data-testid="custom-flow-item"][data-id="vbr-apps"]');
  await expect(item).toContainText('9100');
  await item.getByRole('button', { name: /Edit custom flow/ }).click();
  const form = item.getByTestId('custom-flow-form');
  await form.getByTestId('cf-ports').fill('9100-90');
  await form.getByTestId('cf-ports').blur();
  await expect(form.getByTestId('cf-ports-error')).toBeVisible();
  await form.getByTestId('cf-ports').fill('9100-9101');
  await form.getByTestId('cf-save').click();
  await expect(page.getByTestId('custom-flow-item').filter({ hasText: '9100-9101' })).toHaveCount(
    1,
  );
  await axeClean(page, 'inspector with custom flows');

  // From the flow table too.
  await page.getByTestId('tab-flows').click();
  await page.getByTestId('flow-add-custom').click();
  await expect(page.getByTestId('custom-flow-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('custom-flow-dialog')).toBeHidden();
  expect(errors).toEqual([]);
});

test('acknowledge a warning with a reason: it leaves the count and the badge, stays listed; un-acknowledge', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible();
  await node(page, 'w1').click();
  const addresses = page.getByTestId('field-addresses');
  await addresses.fill('192.0.2.30/28');
  await addresses.press('Tab');
  await expect(page.getByTestId('count-warnings')).toHaveText(/1 warning/);
  await expect(node(page, 'w1').locator('.warn')).toHaveCount(1);

  await page.getByTestId('tab-warnings').click();
  const panel = page.getByTestId('warnings');
  await panel.getByTestId('acknowledge').click();
  await expect(panel.getByTestId('ack-save')).toBeDisabled();
  await panel.getByTestId('ack-reason').fill('Load-balanced pool, approved by network team');
  await panel.getByTestId('ack-save').click();
  await expect(page.getByTestId('count-warnings')).toHaveText(/0 warnings/);
  await expect(node(page, 'w1').locator('.warn')).toHaveCount(0);
  await expect(panel.getByTestId('warning-item')).toHaveAttribute('data-acknowledged', 'true');
  await expect(panel).toContainText('Acknowledged: Load-balanced pool, approved by network team');
  await axeClean(page, 'warnings panel');

  await panel.getByTestId('unacknowledge').click();
  await expect(page.getByTestId('count-warnings')).toHaveText(/1 warning/);
  await expect(node(page, 'w1').locator('.warn')).toHaveCount(1);
  expect(errors).toEqual([]);
});
