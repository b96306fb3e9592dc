// Catalog-declared options: schema cross-checks, defaults, and the OS rule exporters share.
import { describe, expect, it } from 'vitest';
import {
  effectiveOption,
  nodeOptionDefinitions,
  nodeOptionValue,
  nodeOs,
  optionDefault,
  optionDefinition,
  planOptionDefinitions,
} from './options';
import { getCatalog } from './registry';
import { parseCatalog } from './schema';

const vbr12 = getCatalog('vbr12-pve');
const vbr13 = getCatalog('vbr13-pve');

type Raw = Record<string, unknown> & {
  options: Record<string, unknown>[];
  rules: (Record<string, unknown> & { conditions?: Record<string, unknown>[] })[];
};
const clone = (edition: 'vbr12-pve' | 'vbr13-pve') =>
  JSON.parse(JSON.stringify(getCatalog(edition))) as Raw;
const option = (data: Raw, id: string) => data.options.find((o) => o.id === id)!;

describe('option declarations in the built-in catalogs', () => {
  it('declares every option a rule condition uses, in both editions', () => {
    for (const catalog of [vbr12, vbr13]) {
      for (const rule of catalog.rules) {
        for (const cond of rule.conditions ?? []) {
          if (cond.kind === 'no-peer-with-role') continue;
          const scope = cond.kind === 'plan-option' ? 'plan' : 'node';
          expect(
            optionDefinition(catalog, scope, cond.option),
            `${rule.id} ${cond.option}`,
          ).toBeDefined();
        }
      }
    }
    expect(vbr12.options?.map((o) => o.id)).toEqual(['windowsFirewall']);
    expect(vbr13.options?.map((o) => `${o.scope}:${o.id}`)).toEqual([
      'plan:guestProcessing',
      'plan:legacySmb',
      'plan:flrToGuest',
      'node:os',
      'node:ftpServer',
    ]);
  });

  it('defaults follow the vendor: runtime components, no SMB 1.0, FTP off, firewall default', () => {
    const def = (id: string, scope: 'plan' | 'node') => optionDefinition(vbr13, scope, id)!;
    expect(def('guestProcessing', 'plan').default).toBe('runtime');
    expect(def('legacySmb', 'plan').default).toBe(false);
    expect(def('flrToGuest', 'plan').default).toBe(false);
    expect(def('ftpServer', 'node').default).toBe(false);
    // vbr13's tables list no dynamic RPC range, so it declares no Windows firewall option.
    expect(optionDefinition(vbr13, 'node', 'windowsFirewall')).toBeUndefined();
    expect(optionDefinition(vbr12, 'node', 'windowsFirewall')?.default).toBe('default');
  });

  it('os takes the type defaultOs when it is windows or linux, else stays unset', () => {
    const os = optionDefinition(vbr13, 'node', 'os')!;
    expect(optionDefault(vbr13, os, 'guest-interaction-proxy')).toBe('windows');
    expect(optionDefault(vbr13, os, 'backup-repository')).toBeUndefined(); // defaultOs "any"
    expect(effectiveOption(vbr13, os, 'linux', 'guest-interaction-proxy')).toEqual({
      value: 'linux',
      source: 'set',
    });
    expect(effectiveOption(vbr13, os, 'solaris', 'guest-interaction-proxy')).toEqual({
      value: 'windows',
      source: 'default',
      invalid: 'solaris',
    });
    const proxy = { type: 'guest-interaction-proxy', options: {} };
    expect(nodeOptionValue(vbr13, proxy, 'os')).toBe('windows');
    // Exporters use the same rule (and keep the type's family where no os applies).
    expect(nodeOs(vbr13, proxy)).toBe('windows');
    expect(nodeOs(vbr13, { type: 'backup-repository', options: { os: 'linux' } })).toBe('linux');
    expect(nodeOs(vbr13, { type: 'backup-repository', options: {} })).toBe('any');
    expect(nodeOs(vbr13, { type: 'update-repository' })).toBe('internet');
  });

  it('offers node options by role, extra roles included', () => {
    const ids = (type: string, extraRoles: string[] = []) =>
      nodeOptionDefinitions(vbr13, { type, extraRoles }).map((o) => o.id);
    expect(ids('flr-helper')).toEqual(['ftpServer']);
    expect(ids('worker')).toEqual([]);
    expect(ids('mssql-guest')).toEqual([]);
    expect(ids('guest-interaction-proxy')).toEqual(['os']);
    expect(ids('backup-server')).toEqual([]);
    expect(ids('backup-server', ['backup-repository'])).toEqual(['os']);
    expect(nodeOptionDefinitions(vbr12, { type: 'mssql-guest' }).map((o) => o.id)).toEqual([
      'windowsFirewall',
    ]);
    expect(nodeOptionDefinitions(vbr12, { type: 'worker' })).toEqual([]);
    expect(planOptionDefinitions(vbr12)).toEqual([]);
    expect(planOptionDefinitions(vbr13).map((o) => o.id)).toEqual([
      'guestProcessing',
      'legacySmb',
      'flrToGuest',
    ]);
  });
});

describe('catalog schema: option cross-checks', () => {
  it('accepts the built-in editions as they are', () => {
    expect(() => parseCatalog(clone('vbr12-pve'), 'vbr12')).not.toThrow();
    expect(() => parseCatalog(clone('vbr13-pve'), 'vbr13')).not.toThrow();
  });

  it('rejects a condition on an undeclared option', () => {
    const data = clone('vbr13-pve');
    data.options = data.options.filter((o) => o.id !== 'legacySmb');
    expect(() => parseCatalog(data, 't')).toThrow(
      /condition uses undeclared plan option "legacySmb"/,
    );
    const noOptions = clone('vbr12-pve');
    delete (noOptions as Record<string, unknown>).options;
    expect(() => parseCatalog(noOptions, 't')).toThrow(
      /condition uses undeclared node option "windowsFirewall"/,
    );
  });

  it('rejects an option declared in the wrong scope for its conditions', () => {
    const data = clone('vbr13-pve');
    option(data, 'guestProcessing').scope = 'node';
    expect(() => parseCatalog(data, 't')).toThrow(/undeclared plan option "guestProcessing"/);
  });

  it('rejects a condition value the option does not offer', () => {
    const data = clone('vbr12-pve');
    option(data, 'windowsFirewall').values = [{ value: 'default', label: 'Default' }];
    expect(() => parseCatalog(data, 't')).toThrow(
      /condition value "custom" is not a value of option "windowsFirewall"/,
    );
  });

  it('rejects a default outside the values, and a missing default', () => {
    const data = clone('vbr13-pve');
    option(data, 'guestProcessing').default = 'agentless';
    expect(() => parseCatalog(data, 't')).toThrow(/default "agentless" is not one of its values/);
    const none = clone('vbr13-pve');
    delete option(none, 'legacySmb').default;
    expect(() => parseCatalog(none, 't')).toThrow(/legacySmb\): needs a default/);
  });

  it('rejects appliesTo naming an unknown role, or on a plan option', () => {
    const data = clone('vbr13-pve');
    option(data, 'ftpServer').appliesTo = ['flr-appliance'];
    expect(() => parseCatalog(data, 't')).toThrow(/appliesTo names unknown role "flr-appliance"/);
    const plan = clone('vbr13-pve');
    option(plan, 'legacySmb').appliesTo = ['worker'];
    expect(() => parseCatalog(plan, 't')).toThrow(/for node options only/);
  });

  it('rejects duplicate option ids and duplicate values', () => {
    const data = clone('vbr13-pve');
    data.options.push({ ...option(data, 'legacySmb') });
    expect(() => parseCatalog(data, 't')).toThrow(/duplicate option id "legacySmb"/);
    const dup = clone('vbr13-pve');
    option(dup, 'ftpServer').values = [
      { value: false, label: 'No' },
      { value: false, label: 'Off' },
      { value: true, label: 'Yes' },
    ];
    expect(() => parseCatalog(dup, 't')).toThrow(/duplicate value false/);
  });
});
