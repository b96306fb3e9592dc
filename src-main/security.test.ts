// Security policy: CSP content, header injection, trusted senders, navigation and PDF requests.
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  PDF_CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isAllowedPdfRequest,
  isTrustedSenderUrl,
  rendererUrl,
  withCsp,
} from './security';

describe('CSP', () => {
  it('has no unsafe-eval, no inline scripts and no remote origins', () => {
    for (const policy of [CONTENT_SECURITY_POLICY, PDF_CONTENT_SECURITY_POLICY]) {
      expect(policy).not.toMatch(/unsafe-eval/);
      expect(policy).not.toMatch(/https?:|wss?:|\*/);
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
  });

  it('replaces a CSP header of any case and keeps the others', () => {
    const out = withCsp({
      'content-security-policy': ['default-src *'],
      'Content-Type': 'text/html',
    });
    expect(out).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});

describe('isTrustedSenderUrl', () => {
  const index = rendererUrl('/app/dist/renderer/index.html');
  it('trusts only the bundled page', () => {
    expect(isTrustedSenderUrl(index, index)).toBe(true);
    expect(isTrustedSenderUrl(`${index}#library`, index)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil.html', index)).toBe(false);
    expect(isTrustedSenderUrl('http://127.0.0.1/app/dist/renderer/index.html', index)).toBe(false);
    expect(isTrustedSenderUrl(undefined, index)).toBe(false);
    expect(isTrustedSenderUrl('::::', index)).toBe(false);
    // Same path on another host: a UNC share on Windows, not the bundled page.
    expect(isTrustedSenderUrl(index.replace('file://', 'file://evil.example'), index)).toBe(false);
  });
});

describe('navigation and PDF requests', () => {
  it('denies every navigation', () => {
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
  });
  it('lets the PDF window load only its report and inline data', () => {
    const report = 'file:///tmp/portolan-pdf-x/report.html';
    expect(isAllowedPdfRequest(report, report)).toBe(true);
    expect(isAllowedPdfRequest('data:image/png;base64,AAAA', report)).toBe(true);
    expect(isAllowedPdfRequest('https://tracker.example/p.gif', report)).toBe(false);
    expect(isAllowedPdfRequest('file:///etc/passwd', report)).toBe(false);
  });
});
