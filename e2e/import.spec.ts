// e2e: the Import dialog — CSV and Proxmox VE JSON previewed as a table of what changes, bad
// input listed by line with nothing applied, one undoable edit; axe in light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function axeClean(page: Page, where: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${where}/${scheme}: ${v.id} ${v.help}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const file = (name: string, text: string) => ({
  name,
  mimeType: name.endsWith('.json') ? 'application/json' : 'text/csv',
  buffer: Buffer.from(text),
});

test('import a CSV: preview, bad lines named, one undoable edit', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/');
  await expect(page.getByTestId('count-nodes')).toHaveText('4 nodes');
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();

  await dialog
    .getByTestId('import-file')
    .setInputFiles(
      file(
        'bad.csv',
        'name,type,address,hostname,zone\nA,worker,192.0.2.50,,\nT,toaster,192.0.2.51,,\n',
      ),
    );
  await expect(dialog.getByTestId('import-errors')).toContainText(
    'bad.csv: line 3: type "toaster" is not a component type of vbr12-pve',
  );
  await expect(dialog.getByTestId('import-apply')).toBeDisabled();

  await dialog
    .getByTestId('import-file')
    .setInputFiles(
      file(
        'hosts.csv',
        'name,type,address,hostname,zone\nVBR01,backup-server,192.0.2.11,,\nWEB,linux-guest,192.0.2.100-192.0.2.139,,Site LAN\nSQL9,mssql-guest,192.0.2.60,,Site LAN\n',
      ),
    );
  const preview = dialog.getByTestId('import-preview');
  await expect(dialog.getByTestId('import-summary')).toHaveText('2 added, 1 updated, 0 unchanged');
  await expect(preview.locator('tbody tr')).toHaveCount(3);
  await expect(preview).toContainText('addresses: 192.0.2.10 → 192.0.2.11');
  await axeClean(page, 'import dialog');
  await dialog.getByTestId('import-apply').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('count-nodes')).toHaveText('6 nodes');
  await expect(
    page.locator('.svelte-flow__node[data-id="web"]').getByTestId('group-count'),
  ).toHaveText(/×40/);

  // One edit: a single undo takes the whole import back.
  await page.locator('body').press('ControlOrMeta+z');
  await expect(page.getByTestId('count-nodes')).toHaveText('4 nodes');
  expect(errors).toEqual([]);
});

test('import a Proxmox VE cluster with guest addresses', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('count-nodes')).toHaveText('4 nodes');
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-kind-pve').check();
  await dialog
    .getByTestId('import-addresses')
    .setInputFiles(file('addr.csv', 'vmid,address\n100,192.0.2.70\n'));
  await dialog.getByTestId('import-file').setInputFiles(
    file(
      'cluster.json',
      JSON.stringify([
        { id: 'node/pve2', type: 'node', node: 'pve2' },
        { id: 'qemu/100', type: 'qemu', vmid: 100, name: 'sql-a', tags: 'mssql-guest' },
        { id: 'qemu/101', type: 'qemu', vmid: 101, name: 'web-a' },
        { id: 'qemu/900', type: 'qemu', vmid: 900, name: 'tpl', template: 1 },
      ]),
    ),
  );
  await expect(dialog.getByTestId('import-summary')).toHaveText('3 added, 0 updated, 0 unchanged');
  await expect(dialog.getByTestId('import-warnings')).toContainText(
    'web-a (vmid 101) has no address',
  );
  await dialog.getByTestId('import-apply').click();
  await expect(page.getByTestId('count-nodes')).toHaveText('7 nodes');
});
