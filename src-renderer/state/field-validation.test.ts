// The inspector refuses what the plan schema refuses, with the same reasons (issue 16).
import { describe, expect, it } from 'vitest';
import { validateAddresses, validateHostname, validateName } from './field-validation';

describe('inspector fields', () => {
  it('refuse C1 controls and bidi overrides in names, saying which and where', () => {
    expect(validateName('VBR\u009b01')).toEqual({
      ok: false,
      error: 'The name contains U+009B (a C1 control character) at character 4.',
    });
    expect(validateName('a\u202eb').ok).toBe(false);
    expect(validateName('Zürich').ok).toBe(true);
  });

  it('refuse host names resolvers read as addresses', () => {
    expect(validateHostname('010.0.0.1')).toEqual({
      ok: false,
      error:
        '"010.0.0.1" is not a host name: resolvers read it as the address 8.0.0.1; put addresses in "addresses".',
    });
    expect(validateHostname('vbr01.example.net').ok).toBe(true);
  });

  it('store an IPv4-mapped address as the IPv4 address, once', () => {
    expect(validateAddresses('192.0.2.1 ::ffff:192.0.2.1')).toEqual({
      ok: true,
      value: ['192.0.2.1'],
    });
  });
});
