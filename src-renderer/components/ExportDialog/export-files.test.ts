// Export dialog logic: formats and scope reach the exporters; names are safe.
import { describe, expect, it } from 'vitest';
import sample from '../../../resources/samples/distributed.portolan.json';
import { computeFlows, getCatalog, restorePlan } from '../../../src-core/index';
import { highlight } from './highlight';
import { networkPoints, renderExports, suggestedExportName, toExportScope } from './export-files';

const r = restorePlan(sample);
if (!r.ok) throw new Error('sample');
const plan = r.plan;
const catalog = getCatalog(plan.catalog);
const input = { plan, catalog, result: computeFlows(plan, catalog) };

describe('export dialog logic', () => {
  it('renders the chosen formats for the selection only', () => {
    const preview = renderExports(
      input,
      new Set(['nftables', 'powershell']),
      toExportScope({ kind: 'selection' }, ['w1', 'vbr']),
      false,
    );
    expect(preview.files.map((f) => `${f.format}/${f.name}`)).toEqual([
      'nftables/WORKER01.nft',
      'powershell/vbr01.ps1',
    ]);
    expect(preview.errors).toEqual([]);
  });

  it('file names of all formats together are distinct (one flat folder)', () => {
    const all = renderExports(
      input,
      new Set([
        'nftables',
        'iptables',
        'firewalld',
        'ufw',
        'powershell',
        'proxmox',
        'check-bash',
        'check-powershell',
        'csv',
        'markdown',
      ]),
      { kind: 'all' },
      true,
    );
    const names = all.files.map((f) => f.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('suggests a safe name and highlights with escaping', () => {
    expect(suggestedExportName('Prod / site "A"')).toBe('Prod-site-A-export');
    expect(suggestedExportName('***')).toBe('plan-export');
    expect(highlight('<script>alert(1)</script>', 'bash')).not.toContain('<script>');
    expect(highlight('x', 'cobol')).toBe('x');
  });
});

describe('network-firewall formats in the dialog', () => {
  it('offers each zone pair with a firewall as a scope, named after its zones', () => {
    const points = networkPoints(input);
    expect(points.map((p) => p.id)).toContain('net:virt>storage');
    expect(points.find((p) => p.id === 'net:virt>storage')!.label).toMatch(
      /^Virtualisation → Backup storage \(\d+ rules?\)$/,
    );
  });

  it('renders one firewall for the point scope, and the Capirca folder with its sub-folders', () => {
    const preview = renderExports(
      input,
      new Set(['junos-srx', 'capirca']),
      toExportScope({ kind: 'point', point: 'net:virt>storage' }, []),
      false,
    );
    expect(preview.files.map((f) => f.name)).toEqual([
      'junos-srx.set',
      'def/NETWORK.net',
      'def/SERVICES.svc',
      'policies/pol/portolan.pol',
    ]);
    const junos = preview.files[0]!.content;
    expect(junos).toContain('from-zone virt to-zone storage');
    expect(junos).not.toContain('from-zone mgmt');
    expect(preview.errors).toEqual([]);
  });
});
