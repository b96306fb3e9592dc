// e2e: the app shell opens with the bundled sample, without console errors, in both themes.
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

test('the shell shows header, palette, canvas, side panel and status bar without console errors', async ({
  page,
}) => {
  const errors = collectErrors(page);
  const remote: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:')
      remote.push(r.url());
  });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('plan-name')).toHaveValue(/.+/);
  await expect(page.getByTestId('palette-item-worker')).toBeVisible();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.locator('.svelte-flow__node').first()).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('nodes');
  await expect(page.getByRole('tab', { name: /Flows/ })).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/shell-light.png` });

  // Manual override: the toggle cycles system → light → dark, and the choice survives a reload.
  await page.getByTestId('theme-toggle').click(); // light
  await page.getByTestId('theme-toggle').click(); // dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/shell-dark.png` });

  expect(errors, errors.join('\n')).toEqual([]);
  expect(remote, remote.join('\n')).toEqual([]);
});

test('the theme follows the OS preference when set to system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
