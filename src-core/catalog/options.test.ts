// Catalog-declared options: schema cross-checks, defaults, and the OS rule exporters share.
import { describe, expect, it } from 'vitest';
import {
  effectiveOption,
  nodeOptionDefinitions,
  nodeOptionValue,
  nodeOs,
  optionDefault,
  optionDefaultSource,
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
    expect(vbr12.options?.map((o) => o.id)).toEqual(['windowsFirewall', 'firewallPolicy']);
    expect(vbr13.options?.map((o) => `${o.scope}:${o.id}`)).toEqual([
      'plan:guestProcessing',
      'plan:legacySmb',
      'plan:flrToGuest',
      'node:os',
      'node:ftpServer',
      'node:sqlItemRestore',
      'node:firewallPolicy',
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
    expect(ids('flr-helper')).toEqual(['ftpServer', 'firewallPolicy']);
    expect(ids('worker')).toEqual(['firewallPolicy']);
    expect(ids('mssql-guest')).toEqual(['sqlItemRestore', 'firewallPolicy']);
    expect(ids('guest-interaction-proxy')).toEqual(['os', 'firewallPolicy']);
    expect(ids('backup-server')).toEqual(['os', 'firewallPolicy']);
    expect(ids('backup-server', ['backup-repository'])).toEqual(['os', 'firewallPolicy']);
    expect(ids('ntp-server')).toEqual(['firewallPolicy']);
    // The vendor's update repository is an internet endpoint: no host firewall of ours.
    expect(ids('update-repository')).toEqual([]);
    expect(nodeOptionDefinitions(vbr12, { type: 'mssql-guest' }).map((o) => o.id)).toEqual([
      'windowsFirewall',
      'firewallPolicy',
    ]);
    expect(nodeOptionDefinitions(vbr12, { type: 'worker' }).map((o) => o.id)).toEqual([
      'firewallPolicy',
    ]);
    expect(nodeOptionDefinitions(vbr12, { type: 'update-repository' })).toEqual([]);
    expect(planOptionDefinitions(vbr12)).toEqual([]);
    expect(planOptionDefinitions(vbr13).map((o) => o.id)).toEqual([
      'guestProcessing',
      'legacySmb',
      'flrToGuest',
    ]);
  });
});

describe('defaults by role (firewallPolicy)', () => {
  const fp12 = optionDefinition(vbr12, 'node', 'firewallPolicy')!;
  const fp13 = optionDefinition(vbr13, 'node', 'firewallPolicy')!;

  it('is declared the same way in both editions, and offers exactly two values', () => {
    expect(fp12.values.map((v) => v.value)).toEqual(['restrict', 'allow-only']);
    expect(fp12.default).toBe('allow-only');
    expect(fp13.defaultByRole).toEqual(fp12.defaultByRole);
    expect(fp12.defaultByRole?.map((e) => `${e.role}=${e.value}`)).toEqual([
      'vm-guest=allow-only',
      'pve-server=allow-only',
      'backup-server=allow-only',
      'worker=restrict',
      'backup-repository=restrict',
      'guest-interaction-proxy=restrict',
      'log-shipping-server=restrict',
      'flr-helper=restrict',
    ]);
  });

  it('takes the first listed role the node plays, extra roles included, else the default', () => {
    const of = (type: string, extraRoles: string[] = []) =>
      optionDefaultSource(vbr13, fp13, { type, extraRoles });
    expect(of('worker')).toEqual({ value: 'restrict', from: 'role', role: 'worker' });
    expect(of('postgresql-guest')).toEqual({ value: 'allow-only', from: 'role', role: 'vm-guest' });
    // An all-in-one backup server is also a repository: backup-server is listed first.
    expect(of('backup-server', ['backup-repository', 'guest-interaction-proxy'])).toEqual({
      value: 'allow-only',
      from: 'role',
      role: 'backup-server',
    });
    // A proxy that is also a log shipping server: the proxy entry comes first.
    expect(of('log-shipping-server', ['guest-interaction-proxy']).role).toBe(
      'guest-interaction-proxy',
    );
    expect(of('ntp-server')).toEqual({ value: 'allow-only', from: 'default' });
    expect(of('no-such-type')).toEqual({ value: 'allow-only', from: 'default' });
    // A type id alone uses the type's roles; precomputed roles win over the subject's.
    expect(optionDefault(vbr13, fp13, 'flr-helper')).toBe('restrict');
    expect(optionDefault(vbr13, fp13, 'ntp-server', new Set(['worker']))).toBe('restrict');
    // Without a node (a plan-level question) only the plain default applies.
    expect(optionDefault(vbr13, fp13)).toBe('allow-only');
  });

  it('feeds effectiveOption and nodeOptionValue: a valid stored value wins', () => {
    const worker = { type: 'worker', options: {} };
    expect(nodeOptionValue(vbr12, worker, 'firewallPolicy')).toBe('restrict');
    expect(
      nodeOptionValue(
        vbr12,
        { ...worker, options: { firewallPolicy: 'allow-only' } },
        'firewallPolicy',
      ),
    ).toBe('allow-only');
    expect(effectiveOption(vbr12, fp12, 'open', { type: 'worker' })).toEqual({
      value: 'restrict',
      source: 'default',
      invalid: 'open',
    });
    expect(effectiveOption(vbr12, fp12, undefined, { type: 'windows-guest' })).toEqual({
      value: 'allow-only',
      source: 'default',
    });
  });

  it('leaves the other options as they were (os still follows the type OS)', () => {
    const os = optionDefinition(vbr13, 'node', 'os')!;
    expect(optionDefaultSource(vbr13, os, { type: 'guest-interaction-proxy' })).toEqual({
      value: 'windows',
      from: 'type-os',
    });
    expect(optionDefaultSource(vbr13, os, 'backup-repository')).toEqual({
      value: undefined,
      from: 'none',
    });
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

  it('rejects defaultByRole with an unknown role, a value outside the values, or a repeated role', () => {
    const unknown = clone('vbr13-pve');
    option(unknown, 'firewallPolicy').defaultByRole = [{ role: 'proxy', value: 'restrict' }];
    expect(() => parseCatalog(unknown, 't')).toThrow(
      /firewallPolicy\): defaultByRole\[0\] names unknown role "proxy"/,
    );
    const value = clone('vbr12-pve');
    option(value, 'firewallPolicy').defaultByRole = [
      { role: 'worker', value: 'restrict' },
      { role: 'vm-guest', value: 'open' },
    ];
    expect(() => parseCatalog(value, 't')).toThrow(
      /defaultByRole\[1\] value "open" is not one of its values/,
    );
    const twice = clone('vbr13-pve');
    option(twice, 'firewallPolicy').defaultByRole = [
      { role: 'worker', value: 'restrict' },
      { role: 'worker', value: 'allow-only' },
    ];
    expect(() => parseCatalog(twice, 't')).toThrow(/defaultByRole lists role "worker" twice/);
    const shape = clone('vbr13-pve');
    option(shape, 'firewallPolicy').defaultByRole = [{ role: 'worker' }];
    expect(() => parseCatalog(shape, 't')).toThrow(/defaultByRole\.0\.value/);
  });

  it('rejects defaultByRole on a plan option, or together with defaultFromTypeOs', () => {
    const plan = clone('vbr13-pve');
    option(plan, 'legacySmb').defaultByRole = [{ role: 'worker', value: true }];
    expect(() => parseCatalog(plan, 't')).toThrow(
      /legacySmb\): appliesTo, defaultFromTypeOs and defaultByRole are for node options only/,
    );
    const both = clone('vbr13-pve');
    option(both, 'os').defaultByRole = [{ role: 'backup-repository', value: 'linux' }];
    expect(() => parseCatalog(both, 't')).toThrow(
      /os\): defaultByRole and defaultFromTypeOs cannot be combined/,
    );
    // Without that combination the same entry is accepted.
    delete option(both, 'os').defaultFromTypeOs;
    option(both, 'os').default = 'windows';
    expect(() => parseCatalog(both, 't')).not.toThrow();
  });
});
