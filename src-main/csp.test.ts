// index.html's policy is main's policy: in the source, in the built file, never the dev allowance.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  indexHtmlPolicy,
  metaPolicyOf,
  withIndexHtmlPolicy,
} from './security';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE = `${ROOT}src-renderer/index.html`;
const BUILT = `${ROOT}dist/renderer/index.html`;

const directives = (policy: string) => policy.split(';').map((d) => d.trim());

describe('the page’s Content-Security-Policy', () => {
  it('is main’s policy minus only what a meta tag cannot carry', () => {
    const meta = directives(indexHtmlPolicy('build'));
    const header = directives(CONTENT_SECURITY_POLICY);
    expect(header.filter((d) => !meta.includes(d))).toEqual(["frame-ancestors 'none'"]);
    expect(meta.filter((d) => !header.includes(d))).toEqual([]);
    expect(meta).toContain("worker-src 'self'");
    expect(indexHtmlPolicy('build')).not.toMatch(/ws:/);
  });

  it('is written literally in the source index.html (scanned by Electronegativity)', () => {
    expect(metaPolicyOf(readFileSync(SOURCE, 'utf8'))).toBe(indexHtmlPolicy('build'));
  });

  it.skipIf(!existsSync(BUILT))(
    'is exactly that in the built index.html, with no ws: allowance',
    () => {
      expect(metaPolicyOf(readFileSync(BUILT, 'utf8'))).toBe(indexHtmlPolicy('build'));
    },
  );

  it('gets the hot-reload WebSocket only on the dev server', () => {
    const html = readFileSync(SOURCE, 'utf8');
    expect(metaPolicyOf(withIndexHtmlPolicy(html, 'serve'))).toMatch(
      /connect-src 'self' ws:\/\/127\.0\.0\.1:\*;/,
    );
    expect(metaPolicyOf(withIndexHtmlPolicy(html, 'build'))).toBe(indexHtmlPolicy('build'));
    expect(() => withIndexHtmlPolicy('<html></html>', 'build')).toThrow(
      /no Content-Security-Policy/,
    );
  });
});
