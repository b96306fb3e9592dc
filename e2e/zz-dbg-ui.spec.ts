import { test, expect } from '@playwright/test';
test('dbg', async ({ page }) => {
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  await page.goto('/');
  await page.locator('.svelte-flow__node').first().waitFor();
  const vp = () => page.locator('.svelte-flow__viewport').getAttribute('style');
  console.log('before', await vp());
  await page.getByTestId('layout').click();
  await page.waitForTimeout(1500);
  console.log('after layout', await vp());
  await page.getByTestId('fit').click();
  await page.waitForTimeout(800);
  console.log('after fit', await vp());
});
