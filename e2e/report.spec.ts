// e2e: the change-request dialog — details form, print preview, paper size, HTML/Markdown export,
// and the preview's HTML printed to PDF by Chromium (as Electron's printToPDF does), checked by poppler.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ARTIFACTS = 'test-results/report';
const SAMPLE = 'resources/samples/distributed.portolan.json';

/**
 * Console errors of the page. Playwright's own locator scripts, injected into the preview's
 * sandbox="" frame, log "Blocked script execution in 'about:srcdoc'"; that message is the sandbox
 * working, not the app failing (the first test checks the preview document holds no script).
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (m.text().startsWith("Blocked script execution in 'about:srcdoc'")) return;
    errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens the distributed sample (dropped on the window, as a user would) and the report dialog. */
async function openReport(
  page: Page,
): Promise<{ dialog: Locator; plan: { name: string; nodes: { name: string }[] } }> {
  await page.goto('/');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  const text = await readFile(SAMPLE, 'utf8');
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'distributed.portolan.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
  }, text);
  const plan = JSON.parse(text) as { name: string; nodes: { name: string }[] };
  await expect(page.getByTestId('plan-name')).toHaveValue(plan.name);
  await page.getByRole('button', { name: /^Report/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Change request' });
  await expect(dialog).toBeVisible();
  return { dialog, plan };
}

const preview = (page: Page) =>
  page.frameLocator('iframe[title="Print preview of the change request"]');

test('edit the change request, preview it, export HTML and Markdown, print the PDF', async ({
  page,
  browser,
}) => {
  const errors = collectErrors(page);
  await page.emulateMedia({ colorScheme: 'light' });
  const { dialog, plan } = await openReport(page);
  await expect(dialog.locator('iframe')).toHaveAttribute('srcdoc', /<!doctype html>/);
  await expect(dialog.getByRole('button', { name: 'Export PDF…' })).toBeEnabled();
  // The preview document must carry no script: the frame is sandboxed without allow-scripts, so
  // one would be blocked (and logged). That console message is also produced, at times, by
  // Playwright's own injection into the frame, so the property is checked at its source.
  const firstDoc = (await dialog.locator('iframe').getAttribute('srcdoc')) ?? '';
  expect(firstDoc.length).toBeGreaterThan(1000);
  expect(firstDoc).not.toMatch(/<script|\son[a-z]+\s*=|javascript:/i);

  // The preview shows the document: cover, every host.
  await expect(
    preview(page).getByRole('heading', { name: /Network flows for Distributed site/ }),
  ).toBeVisible();
  for (const n of plan.nodes) {
    await expect(
      preview(page).locator('table.hosts').getByText(n.name, { exact: true }).first(),
    ).toBeAttached();
  }

  // Details typed in the form reach the document (committed on change: one undo step each).
  await dialog.getByLabel('Change number').fill('CHG-E2E-7');
  await dialog.getByLabel('Change number').press('Tab');
  await dialog.getByLabel('Requester').fill('Alex Admin');
  await dialog.getByLabel('Requester').press('Tab');
  await expect(preview(page).locator('.cover .number')).toHaveText('CHG-E2E-7');
  await expect(preview(page).locator('.cover')).toContainText('Alex Admin');

  // Risk: suggested with reasons; an override is shown as such.
  const risk = dialog.getByLabel('Risk', { exact: true });
  await expect(risk.locator('option').first()).toHaveText(/^Suggested: (low|medium|high)$/);
  await expect(dialog.locator('[id$="-risk-why"] li').first()).toBeVisible();
  await risk.selectOption('low');
  await expect(dialog.locator('[id$="-risk-why"]')).toContainText('Overrides the suggested level');
  await expect(preview(page).locator('.cover')).toContainText('suggested:');

  // Temporary without expiry is flagged at the field.
  await dialog.getByRole('radio', { name: 'Temporary' }).check();
  await expect(dialog.getByLabel('Expires')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Expires').fill('2027-03-31');
  await dialog.getByLabel('Expires').press('Tab');
  await expect(dialog.getByLabel('Expires')).toHaveAttribute('aria-invalid', 'false');
  await expect(preview(page).locator('.cover')).toContainText('expires 2027-03-31');

  // Paper size switches the @page size.
  await dialog.getByLabel('Paper').selectOption('letter');
  const frame = dialog.locator('iframe');
  await expect(frame).toHaveAttribute('srcdoc', /size: letter;/);
  await expect(dialog.getByRole('button', { name: 'Export PDF…' })).toBeEnabled();

  // HTML and Markdown exports are downloads in the browser.
  let download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export HTML…' }).click();
  const html = await readFile(await (await download).path(), 'utf8');
  expect((await download).suggestedFilename()).toBe('CHG-E2E-7-change-request.html');
  expect(html).toContain('CHG-E2E-7');
  download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export Markdown…' }).click();
  const md = await readFile(await (await download).path(), 'utf8');
  expect(md).toMatch(/^# CHG-E2E-7 — Network flows for Distributed site/);

  // The preview HTML is the PDF input: print it with Chromium, as the app's PDF export does.
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).toBe(html);
  const printer = await browser.newPage();
  await printer.route('**', (route) =>
    route.request().url().startsWith('data:') ? route.continue() : route.abort(),
  );
  await printer.setContent(srcdoc);
  const pdf = await printer.pdf({ preferCSSPageSize: true, printBackground: true });
  await printer.close();
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'e2e-distributed-letter.pdf');
  writeFileSync(file, pdf);
  expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(
    /Page size:\s+612 x 792 pts \(letter\)/,
  );
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const n of plan.nodes) expect(text).toContain(n.name);
  expect(text).toContain('CHG-E2E-7');
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '2',
    file,
    path.join(ARTIFACTS, 'e2e-distributed-letter'),
  ]);

  const axe = await new AxeBuilder({ page }).include('dialog').exclude('iframe').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-dialog-light.png') });
  expect(errors, errors.join('\n')).toEqual([]);
});

test('edits are undoable, Escape closes, the dialog is accessible in dark theme', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  const { dialog } = await openReport(page);
  await dialog.getByLabel('Title').fill('Open the backup flows');
  await dialog.getByLabel('Title').press('Tab');
  await expect(preview(page).locator('.cover h1')).toHaveText('Open the backup flows');

  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  const axe = await new AxeBuilder({ page }).include('dialog').exclude('iframe').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-dialog-dark.png') });

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('ControlOrMeta+z');
  await page.getByRole('button', { name: /^Report/ }).click();
  await expect(dialog.getByLabel('Title')).toHaveValue('');
  await expect(preview(page).locator('.cover h1')).toHaveText('Network flows for Distributed site');
  expect(errors, errors.join('\n')).toEqual([]);
});

test('the preview shows the rules to implement, the objects and a switchable per-flow appendix', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const { dialog } = await openReport(page);
  const doc = preview(page);
  await expect(doc.getByRole('heading', { name: '4. Rules to implement' })).toBeVisible();
  await expect(
    doc.getByRole('heading', { name: /Network firewall: Virtualisation → Backup storage/ }),
  ).toBeAttached();
  // Workers share one group towards the repository: one rule, its service named by the catalog.
  const row = doc
    .locator('table.rules tr', { hasText: 'WORKERS_VIRT' })
    .filter({ hasText: 'GW_REPO01' });
  await expect(row.first()).toContainText('DATA_MOVER');
  await expect(doc.getByRole('heading', { name: '5. Objects' })).toBeAttached();
  await expect(doc.locator('table.objects')).toContainText('WORKERS_VIRT');
  await expect(doc.getByRole('heading', { name: 'Appendix A: required flows' })).toBeAttached();
  await expect(dialog).toContainText(/\d+ rules · \d+ flows/);

  // The switch leaves the per-flow list out (pointing to the CSV export) and brings it back.
  const appendix = dialog.getByLabel('Per-flow appendix');
  await appendix.selectOption('off');
  await expect(dialog.locator('iframe')).not.toHaveAttribute(
    'srcdoc',
    /Appendix A: required flows/,
  );
  await expect(doc.locator('#rules')).toContainText('portolan export PLAN --format csv');
  await expect(dialog).toContainText('(appendix left out)');
  await appendix.selectOption('on');
  await expect(doc.getByRole('heading', { name: 'Appendix A: required flows' })).toBeAttached();

  const axe = await new AxeBuilder({ page }).include('dialog').exclude('iframe').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(errors, errors.join('\n')).toEqual([]);
});
