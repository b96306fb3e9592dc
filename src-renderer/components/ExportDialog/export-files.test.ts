// Export dialog logic: formats and scope reach the exporters; names are safe.
import { describe, expect, it } from 'vitest';
import sample from '../../../resources/samples/distributed.portolan.json';
import { computeFlows, getCatalog, restorePlan } from '../../../src-core/index';
import { highlight } from './highlight';
import { renderExports, suggestedExportName, toExportScope } from './export-files';

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
