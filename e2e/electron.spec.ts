// e2e of the desktop app through Playwright's Electron driver. Runs only where the Electron runtime
// is installed (it is downloaded from the internet on first install); elsewhere it reports itself
// skipped with the reason, and the same renderer is covered in Chromium by the other specs.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const require = createRequire(import.meta.url);

/** The Electron binary as node_modules/electron/index.js resolves it, or why there is none. */
function electronBinary(): { binary: string } | { reason: string } {
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override
    ? path.join(override, relative ?? 'electron')
    : relative
      ? path.join(pkgDir, 'dist', relative)
      : null;
  if (!binary) {
    return {
      reason:
        'node_modules/electron/path.txt is missing — the runtime download failed at install (no internet here); ' +
        'set ELECTRON_OVERRIDE_DIST_PATH or run `node node_modules/electron/install.js` with network access',
    };
  }
  return existsSync(binary) ? { binary } : { reason: `${binary} does not exist` };
}

const found = electronBinary();
const MAIN = path.resolve('dist/main/main.cjs');

test.describe('Electron app', () => {
  test('opens the main window locked down, with the sample plan and a working bridge', async () => {
    if ('reason' in found) {
      // The list reporter does not print skip reasons, so say it on the output as well.
      console.log(`SKIPPED: Electron runtime not installed: ${found.reason}`);
      test.skip(true, `Electron runtime not installed: ${found.reason}`);
      return;
    }
    test.skip(!existsSync(MAIN), 'dist/main/main.cjs is missing: run `npm run build` first');
    const binary = found.binary;
    const userData = mkdtempSync(path.join(tmpdir(), 'portolan-electron-'));
    const app = await electron.launch({
      executablePath: binary,
      args: [MAIN, `--user-data-dir=${userData}`],
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('app-shell')).toBeVisible();
      await expect(page.getByTestId('plan-name')).toHaveValue('All-in-one site');

      // Renderer: no Node, a bridge with one function per message and nothing generic.
      const surface = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((window as { portolan?: object }).portolan ?? {}).sort(),
      }));
      expect(surface.require).toBe('undefined');
      expect(surface.process).toBe('undefined');
      expect(surface.bridge).toContain('savePlanFile');
      expect(surface.bridge).not.toContain('invoke');

      // Main: one window, loaded from the bundle.
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
        1,
      );

      // Navigation and new windows are denied.
      await page.evaluate(() => {
        window.open('https://example.com');
        location.href = 'https://example.com';
      });
      await page.waitForTimeout(500);
      expect(app.windows()).toHaveLength(1);
      expect(page.url()).toMatch(/^file:.*index\.html/);
    } finally {
      await app.close();
    }
  });
});
