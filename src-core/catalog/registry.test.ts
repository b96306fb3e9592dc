// The registry validates an edition on its first use only, and each edition once.
import { describe, expect, it, vi } from 'vitest';
import type * as Schema from './schema';

const parsed = vi.hoisted(() => [] as string[]);
vi.mock('./schema', async (importOriginal) => {
  const original = await importOriginal<typeof Schema>();
  return {
    ...original,
    parseCatalog: (data: unknown, label: string) => {
      parsed.push(label);
      return original.parseCatalog(data, label);
    },
  };
});

const { findCatalog, listCatalogs } = await import('./registry');

describe('catalog registry', () => {
  it('validates only the edition asked for, once, and every edition when all are listed', () => {
    expect(findCatalog('vbr13-pve')?.edition).toBe('vbr13-pve');
    expect(findCatalog('vbr13-pve')?.edition).toBe('vbr13-pve');
    expect(parsed).toEqual(['#1 (vbr13-pve)']);
    expect(findCatalog('no-such-edition')).toBeNull();
    expect(parsed).toHaveLength(1);
    expect(listCatalogs().map((c) => c.edition)).toEqual(['vbr12-pve', 'vbr13-pve']);
    expect(parsed).toEqual(['#1 (vbr13-pve)', '#0 (vbr12-pve)']);
    // The same frozen object every time: callers may compare catalogs by identity.
    expect(findCatalog('vbr12-pve')).toBe(listCatalogs()[0]);
    expect(Object.isFrozen(findCatalog('vbr12-pve'))).toBe(true);
  });
});
