// Headless Chromium PDF printing for the CLI and tests (playwright-core + the system's Chromium).
import { existsSync } from 'node:fs';
import type { Paper } from '../src-core/report/model';

/** Chromium used when PORTOLAN_CHROMIUM is not set (Debian's package). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags that work in containers and keep Chromium off the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Longest a report may take to load and print. */
const PDF_TIMEOUT_MS = 120_000;

export interface PdfOptions {
  readonly paper: Paper;
  /**
   * Kept for callers that pass the change number; the running header and footer come from the
   * document's own `@page` margin boxes, which print the same in Electron and here.
   */
  readonly headerText?: string;
  /** Chromium executable; defaults to $PORTOLAN_CHROMIUM, then /usr/bin/chromium. */
  readonly executablePath?: string;
}

/** A Chromium that cannot be found or started, with a message meant for the user. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
}

/** The Chromium executable to use, or a clear error naming where it was looked for. */
export function chromiumPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const path = explicit ?? env.PORTOLAN_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    throw new ChromiumMissingError(
      `Chromium not found at ${path}: install it (Debian: apt-get install chromium) or set PORTOLAN_CHROMIUM to its path`,
    );
  }
  return path;
}

/** True for the only URLs the report page may load: its own inline data. */
export function isAllowedReportUrl(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank';
}

/**
 * Prints `html` to PDF with Chromium's print engine (as Electron's printToPDF does). Every
 * network request of the page is aborted: the report is self-contained, and a plan string can
 * never make it fetch anything. JavaScript is disabled for the same reason.
 */
export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const executablePath = chromiumPath(options.executablePath);
  // Loaded lazily: the CLI's other commands must not pay for (or need) playwright-core.
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
      timeout: 60_000,
    });
  } catch (error) {
    throw new ChromiumMissingError(
      `Chromium at ${executablePath} could not start: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(PDF_TIMEOUT_MS);
    await page.route('**', (route) =>
      isAllowedReportUrl(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // Fonts are data: URIs; wait until they are decoded so the first print uses them.
    await page.evaluate(() => document.fonts.ready).catch(() => undefined);
    return await page.pdf({
      format: options.paper === 'letter' ? 'Letter' : 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: false,
      outline: true,
      tagged: true,
    });
  } finally {
    await browser.close();
  }
}
