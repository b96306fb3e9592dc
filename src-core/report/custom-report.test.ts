// The change request on custom flows, group nodes and acknowledged warnings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeFlows, getCatalog, parsePlanText } from '../index';
import type { Plan } from '../plan/types';
import { renderMarkdown } from './markdown';
import { buildChangeRequest } from './model';

function sample(name: string): Plan {
  const parsed = parsePlanText(readFileSync(`resources/samples/${name}.portolan.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${name} does not load`);
  return parsed.plan;
}

const doc = (plan: Plan, today = '2026-12-01', probeLimit?: number) => {
  const catalog = getCatalog(plan.catalog);
  return buildChangeRequest(plan, catalog, computeFlows(plan, catalog, { today }), {
    ...(probeLimit ? { probeLimit } : {}),
  });
};

describe('change request', () => {
  const plan = sample('distributed');

  it('marks custom flows with justification, owner and expiry', () => {
    const d = doc(plan);
    const mon = d.flows.find((f) => f.id.endsWith(':custom:web-mon'))!;
    expect(mon.table).toBe(
      'Custom flow web-mon: Monitoring of the web tier (change CHG-1234) (owner ops-team; expires 2027-06-30)',
    );
    expect(mon.document).toBe('Custom (this plan)');
    expect(d.summary.customFlows).toBe(6);
  });

  it('counts a group by its hosts, not as one node', () => {
    const d = doc(plan);
    expect(d.summary.nodes).toBe(18);
    expect(d.summary.hosts).toBe(17 + 41);
    expect(d.hosts.find((h) => h.id === 'web')?.hostCount).toBe(41);
  });

  it('verification probes every host of a group, or a sample above the limit', () => {
    const all = doc(plan).verification.flatMap((g) => g.checks);
    const web = all.find((c) => c.note.includes('to group Web tier') && c.command);
    expect(web?.note).toContain('each of its 41 hosts');
    expect(web?.command).toContain("'203.0.113.139'");
    const sampled = doc(plan, '2026-12-01', 4).verification.flatMap((g) => g.checks);
    const some = sampled.find((c) => c.note.includes('to group Web tier') && c.command);
    expect(some?.note).toContain('a sample of 4 of its 41 hosts (probe limit 4');
    expect(some?.command).toBe(
      "'203.0.113.100','203.0.113.113','203.0.113.126','203.0.113.200' | ForEach-Object { Test-NetConnection $_ -Port 22 }",
    );
  });

  it('lists acknowledged findings with their reason, outside the open count; expired flows are open findings', () => {
    const acked: Plan = {
      ...plan,
      acknowledgedWarnings: [
        { code: 'missing-address', nodes: ['upd'], reason: 'CDN, no fixed address' },
      ],
    };
    const d = doc(acked, '2027-07-01');
    expect(d.summary.warnings).toBe(1);
    expect(d.summary.acknowledgedWarnings).toBe(1);
    const md = renderMarkdown(d);
    expect(md).toContain('_(acknowledged: CDN, no fixed address)_');
    expect(md).toContain(
      'Custom flow web-mon (Node exporter scrape by the monitoring agent on the backup server) expired on 2027-06-30',
    );
  });
});
