// Playwright e2e config: Debian's Chromium (never a downloaded browser) against the built renderer.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from './src-main/pdf-chromium';

// The same Chromium and flags the CLI's PDF printing uses (one definition, in src-main).
const CHROMIUM_PATH = process.env.PORTOLAN_CHROMIUM ?? DEFAULT_CHROMIUM;
// Several checkouts may run e2e at once on one machine: each takes its own preview port.
const PORT = Number(process.env.PORTOLAN_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview -c vite.renderer.config.ts --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
