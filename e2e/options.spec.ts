// e2e: catalog-declared options — a node's Windows firewall option opens the dynamic RPC flow;
// plan settings switch the catalog edition (undoable, refused when a node type is missing) and
// change a plan option, which changes the flows; the host firewall policy shows its per-node
// default and changes the nftables file.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

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

/** Drag a palette item onto the canvas at (x, y) relative to the canvas. */
async function dropType(page: Page, type: string, x: number, y: number): Promise<void> {
  await page
    .getByTestId(`palette-item-${type}`)
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
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

/** Click the empty canvas so nothing is selected (the inspector shows the plan settings). */
async function deselect(page: Page): Promise<void> {
  await page
    .getByTestId('canvas')
    .locator('.svelte-flow__pane')
    .click({ position: { x: 20, y: 20 } });
  await page.getByTestId('tab-inspector').click();
  await expect(page.getByTestId('plan-settings')).toBeVisible();
}

test('node and plan options from the catalog drive the flows', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto('/');
  await expect(node(page, 'vbr')).toBeVisible(); // all-in-one sample: VBR01 is also the proxy

  // A Windows VM connected to the all-in-one server (its guest interaction proxy).
  await dropType(page, 'windows-guest', 520, 520);
  await expect(node(page, 'windows-guest-1')).toBeVisible();
  await connect(page, 'windows-guest-1', 'l', 'vbr', 'r');
  // The sample's four connections (its group node's included) plus this one.
  await expect(page.getByTestId('count-connections')).toHaveText('5 connections');
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '445')).toHaveCount(1);
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '49152-65535')).toHaveCount(0);

  // The inspector offers the option the catalog declares for Windows roles, labelled.
  await node(page, 'windows-guest-1').click();
  await page.getByTestId('tab-inspector').click();
  const firewall = page.getByTestId('field-option-windowsFirewall');
  await expect(firewall).toBeVisible();
  await expect(firewall).toHaveAccessibleName('Windows firewall');
  await expect(firewall).toHaveAccessibleDescription(/dynamic RPC range 49152-65535/);
  await expect(firewall.locator('option:checked')).toHaveText('Default settings (default)');
  await expect(page.getByTestId('field-option-os')).toHaveCount(0); // not declared in vbr12
  await firewall.selectOption({ label: 'Custom settings (dynamic RPC needed)' });
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '49152-65535')).toHaveCount(1);

  // Plan settings: switch to vbr13-pve (one undoable edit), then change guest processing.
  await deselect(page);
  const edition = page.getByTestId('settings-edition');
  await expect(edition).toHaveValue('vbr12-pve');
  await expect(page.getByTestId('plan-option-guestProcessing')).toHaveCount(0);
  await edition.selectOption('vbr13-pve');
  await expect(edition).toHaveValue('vbr13-pve');
  const processing = page.getByTestId('plan-option-guestProcessing');
  await expect(processing).toHaveAccessibleName('Guest processing components');
  await expect(processing.locator('option:checked')).toHaveText(
    'Non-persistent runtime components (default)',
  );
  // Unset, the vendor default (runtime components) applies: SMB deployment, no installer port.
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '445')).toHaveCount(1);
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '6160')).toHaveCount(0);
  await page.getByTestId('tab-inspector').click();
  await processing.selectOption({ label: 'Persistent agent components' });
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '6160')).toHaveCount(1);
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '445')).toHaveCount(0);
  // vbr13-pve's tables list no dynamic RPC range (nor a Windows firewall option).
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '49152-65535')).toHaveCount(0);

  // A yes/no plan option is a checkbox.
  await page.getByTestId('tab-inspector').click();
  const legacy = page.getByTestId('plan-option-legacySmb');
  await expect(legacy).not.toBeChecked();
  await legacy.check();
  await expect(legacy).toBeChecked();

  // Accessibility of the plan settings in both themes (no serious or critical issues).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const axe = await new AxeBuilder({ page }).include('[data-testid="plan-settings"]').analyze();
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${scheme}: ${v.id}: ${v.help}`)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`plan-settings-${scheme}.png`) });
  }

  // An NTP server exists only in vbr13-pve: switching back is refused, naming the node.
  await dropType(page, 'ntp-server', 700, 120);
  await expect(node(page, 'ntp-server-1')).toBeVisible();
  await deselect(page);
  await edition.selectOption('vbr12-pve');
  await expect(page.getByTestId('settings-edition-error')).toContainText('NTP server 1');
  await expect(page.getByTestId('settings-edition-error')).toContainText('type "ntp-server"');
  await expect(edition).toHaveValue('vbr13-pve');

  // Undo removes the NTP server, the legacy SMB and guest processing edits, then the switch.
  await page.getByTestId('tab-inspector').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ControlOrMeta+z');
  await expect(node(page, 'ntp-server-1')).toHaveCount(0);
  await deselect(page);
  await expect(
    page.getByTestId('plan-option-guestProcessing').locator('option:checked'),
  ).toHaveText('Non-persistent runtime components (default)');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(edition).toHaveValue('vbr12-pve');
  await expect(page.getByTestId('plan-option-guestProcessing')).toHaveCount(0);
  // The node option was kept through the round trip: the dynamic RPC flow is back.
  await page.getByTestId('tab-flows').click();
  await expect(flowRow(page, 'VBR01', 'Windows VM 1', '49152-65535')).toHaveCount(1);

  expect(errors, errors.join('\n')).toEqual([]);
});

test('the host firewall policy shows each node its default and changes the nftables file', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto('/');
  await expect(node(page, 'w1')).toBeVisible();

  // A worker is dedicated backup infrastructure: restrict is its default, and says why.
  await node(page, 'w1').click();
  await page.getByTestId('tab-inspector').click();
  const policy = page.getByTestId('field-option-firewallPolicy');
  await expect(policy).toHaveAccessibleName('Host firewall policy');
  await expect(policy.locator('option:checked')).toHaveText(
    'Restrict: exported rules are the whole inbound policy (default for Worker nodes)',
  );
  await expect(policy).toHaveAccessibleDescription(/outage/);
  await expect(policy).toHaveAccessibleDescription(/Default for Worker nodes: “Restrict/);

  // A Linux VM behind the all-in-one server (its guest interaction proxy) defaults to allow-only.
  await dropType(page, 'linux-guest', 520, 520);
  await expect(node(page, 'linux-guest-1')).toBeVisible();
  await connect(page, 'linux-guest-1', 'l', 'vbr', 'r');
  await node(page, 'linux-guest-1').click();
  await page.getByTestId('tab-inspector').click();
  await expect(policy.locator('option:checked')).toHaveText(
    'Allow only: add allow rules to the existing policy (default for Linux VM nodes)',
  );

  /** The nftables preview of the Linux VM in the Export dialog (closed again afterwards). */
  async function nftPreview(): Promise<string> {
    await page.getByTestId('open-export').click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    // Host files are named after the host: the new VM is "Linux VM 1".
    await dialog.getByRole('tab', { name: 'Linux_VM_1.nft' }).click();
    const text = (await dialog.locator('pre.code').textContent()) ?? '';
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    return text;
  }
  const allowOnly = await nftPreview();
  expect(allowOnly).toContain('Inbound policy: allow-only (default: a protected guest serves');
  expect(allowOnly).toContain('chain portolan_in {');
  expect(allowOnly).not.toContain('policy drop');

  await policy.selectOption({ label: 'Restrict: exported rules are the whole inbound policy' });
  const restrict = await nftPreview();
  expect(restrict).toContain('Inbound policy: restrict (set by the node option firewallPolicy).');
  expect(restrict).toContain('type filter hook input priority filter; policy drop;');

  // Choosing the default again removes the setting: the file follows the catalog default.
  await node(page, 'linux-guest-1').click();
  await page.getByTestId('tab-inspector').click();
  await policy.selectOption({ index: 1 });
  await expect(policy.locator('option:checked')).toHaveText(/\(default for Linux VM nodes\)$/);
  expect(await nftPreview()).toContain('Inbound policy: allow-only (default:');

  expect(errors, errors.join('\n')).toEqual([]);
});
