// Change-request PDF: render report HTML in a hidden sandboxed window and print it to PDF.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import type { Paper } from './ipc/contract';
import { PDF_CONTENT_SECURITY_POLICY, isAllowedPdfRequest, withCsp } from './security';
import { buildPdfWindowOptions } from './window-options';

/** Longest a report may take to load and print before we give up. */
const PDF_TIMEOUT_MS = 60_000;

/**
 * Render `html` to PDF. The HTML is written to a private temporary folder and loaded from
 * there (data: URLs have a size limit), in a window with no preload and JavaScript off, in an
 * in-memory session that refuses every request except the report itself: a plan's strings
 * inside the report can neither run code nor reach the network.
 */
export async function renderPdf(html: string, paper: Paper): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'portolan-pdf-'));
  const file = path.join(dir, 'report.html');
  await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
  const reportUrl = pathToFileURL(file).href;
  const partition = `portolan-pdf-${randomBytes(8).toString('hex')}`;
  const pdfSession = session.fromPartition(partition, { cache: false });
  pdfSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedPdfRequest(details.url, reportUrl) });
  });
  pdfSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, PDF_CONTENT_SECURITY_POLICY) });
  });
  pdfSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const win = new BrowserWindow(buildPdfWindowOptions(partition));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the report took too long to render')),
        PDF_TIMEOUT_MS,
      );
    });
    const render = (async () => {
      await win.loadURL(reportUrl);
      const pdf = await win.webContents.printToPDF({
        pageSize: paper === 'letter' ? 'Letter' : 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        generateDocumentOutline: true,
        generateTaggedPDF: true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    })();
    return await Promise.race([render, timeout]);
  } finally {
    clearTimeout(timer);
    if (!win.isDestroyed()) win.destroy();
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
