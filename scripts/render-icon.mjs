// Render resources/icons/portolan.svg to the PNG sizes electron-builder needs, with Chromium.
// Run: node scripts/render-icon.mjs  (uses Debian's /usr/bin/chromium or PORTOLAN_CHROMIUM).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'resources/icons/portolan.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.PORTOLAN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  for (const size of [512, 256]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // The SVG is inlined (no network); a transparent page keeps the icon's own transparency.
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<div style="width:${size}px;height:${size}px">${svg.replace('<svg', `<svg width="${size}" height="${size}"`)}</div></body></html>`,
    );
    const name = size === 512 ? 'icon.png' : `${size}x${size}.png`;
    await page.screenshot({ path: path.join(root, 'resources/icons', name), omitBackground: true });
    await page.close();
    console.log(`resources/icons/${name}`);
  }
} finally {
  await browser.close();
}
