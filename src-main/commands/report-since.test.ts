// `portolan report NEW --since OLD`: the delta change request, read back from the real PDF.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeFlows,
  diffPlans,
  getCatalog,
  parsePlanText,
  serializePlan,
} from '../../src-core/index';
import type { Plan } from '../../src-core/index';
import { editedPlanArbitrary } from '../../src-core/diff/__fixtures__/edits';
import { buildDeltaChangeRequest, renderMarkdown } from '../../src-core/report/index';
import { ChromiumMissingError, chromiumPath } from '../pdf-chromium';
import { reportCommand } from './report';
import type { CliIo } from './types';

let dir: string;

function fakeIo() {
  const io = {
    out: '',
    err: '',
    cwd: dir,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile: (p: string) => readFile(path.resolve(dir, p), 'utf8'),
  } satisfies CliIo & { out: string; err: string };
  return io;
}

const flat = (t: string) => t.replace(/\s+/g, ' ');
const pdftotext = (file: string) =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

function sample(name: string): Plan {
  const parsed = parsePlanText(readFileSync(`resources/samples/${name}.portolan.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${name} does not load`);
  return parsed.plan;
}

const version = (plan: Plan) => {
  const catalog = getCatalog(plan.catalog);
  return { plan, catalog, result: computeFlows(plan, catalog) };
};

const base: Plan = {
  ...sample('distributed'),
  changeRequest: { number: 'CHG-100', title: 'Initial deployment' },
};
/** One worker added, the Linux guest taken out, the repository's data-mover range widened. */
const next: Plan = {
  ...base,
  changeRequest: { number: 'CHG-101' },
  nodes: [
    ...base.nodes
      .filter((n) => n.id !== 'lin1')
      .map((n) =>
        n.id === 'repo'
          ? { ...n, options: { ...n.options, portOverrides: { 'data-mover': '2500-2700' } } }
          : n,
      ),
    {
      id: 'w4',
      type: 'worker',
      name: 'WORKER04-NEW',
      addresses: ['198.51.100.144'],
      zone: 'virt',
      extraRoles: [],
      options: {},
      position: { x: 900, y: 400 },
    },
  ],
  // The Linux guest's custom flows go with it (a flow to a node that is gone does not load).
  customFlows: (base.customFlows ?? []).filter((f) => f.from !== 'lin1' && f.to !== 'lin1'),
  connections: [
    ...base.connections.filter((c) => c.from !== 'lin1' && c.to !== 'lin1'),
    { id: 'vbr--w4', from: 'vbr', to: 'w4' },
    { id: 'w4--repo', from: 'w4', to: 'repo' },
  ],
};

let chromium = true;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portolan-delta-'));
  writeFileSync(path.join(dir, 'base.portolan.json'), serializePlan(base));
  writeFileSync(path.join(dir, 'next.portolan.json'), serializePlan(next));
  try {
    chromiumPath();
  } catch (e) {
    if (e instanceof ChromiumMissingError) chromium = false;
    else throw e;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the delta model', () => {
  const doc = buildDeltaChangeRequest(version(base), version(next));
  const diff = diffPlans(base, next);

  it('lists only what the change adds, and what it removes, renumbered', () => {
    expect(doc.flows.map((f) => f.ref)).toEqual(doc.flows.map((_, i) => `F${i + 1}`));
    expect(doc.flows).toHaveLength(diff.flows.added.filter((f) => !f.local).length);
    expect(doc.delta!.removedFlows).toHaveLength(diff.flows.removed.filter((f) => !f.local).length);
    expect(doc.delta!.removedFlows.map((f) => f.ref)[0]).toBe('D1');
    for (const f of doc.flows)
      expect([f.from.id, f.to.id].some((id) => id === 'w4' || id === 'repo')).toBe(true);
    expect(doc.delta!.addedHosts.map((h) => h.id)).toEqual(['w4']);
    expect(doc.delta!.removedHosts.map((h) => h.id)).toEqual(['lin1']);
    expect(doc.delta!.changedHosts.map((c) => [c.host.id, c.fields])).toEqual([
      ['repo', ['options.portOverrides']],
    ]);
    // Untouched hosts are out of scope: the PVE servers see no change.
    expect(doc.hosts.map((h) => h.id)).not.toContain('pve2');
  });

  it('verifies the added flows only, and rolls back exactly what was added and removed', () => {
    const checked = doc.verification.flatMap((g) => g.checks.map((c) => c.flowRef));
    expect(new Set(checked)).toEqual(new Set(doc.flows.map((f) => f.ref)));
    const rollback = doc.rollback.join('\n');
    for (const p of doc.enforcementPoints) {
      expect(rollback).toContain(`${p.title}: remove the rules added for ${p.flows[0]!.ref}`);
    }
    for (const p of doc.delta!.removedPoints) {
      expect(rollback).toContain(`${p.title}: put back the rules removed for ${p.flows[0]!.ref}`);
    }
  });

  it('lists nothing when only the change number changed: no flow, nothing to roll back', () => {
    const same = buildDeltaChangeRequest(
      version(base),
      version({ ...base, changeRequest: { number: 'X' } }),
    );
    expect(same.flows).toEqual([]);
    expect(same.delta!.removedFlows).toEqual([]);
    expect(same.delta!.summary).toBe('no changes');
    expect(same.rollback[1]).toMatch(/adds and removes no flow/);
  });

  it('random edits: added rows are exactly the added flows, removed rows exactly the removed', () => {
    fc.assert(
      fc.property(editedPlanArbitrary, ([a, b]) => {
        const d = buildDeltaChangeRequest(version(a), version(b));
        const diffAb = diffPlans(a, b);
        const ids = (rows: readonly { id: string }[]) => new Set(rows.map((r) => r.id));
        const addedIds = ids(d.flows);
        const removedIds = ids(d.delta!.removedFlows);
        const newKeys = new Set(
          diffAb.flows.added.map(
            (f) => `${f.from}>${f.to}/${f.rule}/${f.ports.start}-${f.ports.end}`,
          ),
        );
        for (const f of version(b).result.flows.filter((f) => !f.local)) {
          const k = `${f.from}>${f.to}/${f.rule}/${f.ports.start}-${f.ports.end}`;
          expect(addedIds.has(f.id)).toBe(newKeys.has(k));
        }
        const goneKeys = new Set(
          diffAb.flows.removed.map(
            (f) => `${f.from}>${f.to}/${f.rule}/${f.ports.start}-${f.ports.end}`,
          ),
        );
        for (const f of version(a).result.flows.filter((f) => !f.local)) {
          const k = `${f.from}>${f.to}/${f.rule}/${f.ports.start}-${f.ports.end}`;
          expect(removedIds.has(f.id)).toBe(goneKeys.has(k));
        }
        // Rendering never throws and names every removed row.
        const text = renderMarkdown(d);
        for (const r of d.delta!.removedFlows) expect(text).toContain(`| ${r.ref} |`);
      }),
      { numRuns: 40 },
    );
  });
});

describe('portolan report --since (PDF)', () => {
  it('writes a delta PDF: hosts, added and removed flows, checks, rollback', async (ctx) => {
    if (!chromium) ctx.skip();
    const io = fakeIo();
    const code = await reportCommand.run(
      ['next.portolan.json', '--since', 'base.portolan.json', '--out', 'delta.pdf'],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toBe('delta.pdf: PDF delta change request written (A4)\n');
    const text = flat(pdftotext(path.join(dir, 'delta.pdf')));
    expect(text.toLowerCase()).toContain(
      'changes since the version "distributed site" (change chg-100)',
    );
    expect(text).toContain('WORKER04-NEW');
    expect(text).toContain('Rules to implement for this change');
    expect(text).toContain('Flows removed');
    expect(text).toContain('2500-2700'); // the widened range, added
    expect(text).toContain('2500-2600'); // the old range, removed
    expect(text).toContain('D1');
    const doc = buildDeltaChangeRequest(version(base), version(next));
    for (const h of doc.delta!.removedHosts) expect(text).toContain(h.name);
    for (const g of doc.verification) {
      for (const c of g.checks) if (c.command) expect(text).toContain(c.flowRef);
    }
    expect(text).toContain('put back the rules removed for D1');
    // The rollback starts by saving the configuration, then undoes exactly this change.
    expect(text).toMatch(/Steps 1\. Before implementing, save the current configuration/);
    // Hosts the change does not touch are not in the document (diagram included).
    expect(text).not.toContain('PVE02');
  });

  it('random edits print: every added and removed flow reference is in the PDF', async (ctx) => {
    if (!chromium) ctx.skip();
    const samples = fc.sample(editedPlanArbitrary, { numRuns: 3, seed: 13 });
    for (const [i, [a, b]] of samples.entries()) {
      writeFileSync(path.join(dir, `a${i}.portolan.json`), serializePlan(a));
      writeFileSync(path.join(dir, `b${i}.portolan.json`), serializePlan(b));
      const io = fakeIo();
      const code = await reportCommand.run(
        [`b${i}.portolan.json`, '--since', `a${i}.portolan.json`, '--out', `r${i}.pdf`],
        io,
      );
      expect(io.err).toBe('');
      expect(code).toBe(0);
      const text = flat(pdftotext(path.join(dir, `r${i}.pdf`)));
      const doc = buildDeltaChangeRequest(version(a), version(b));
      for (const f of [...doc.flows, ...doc.delta!.removedFlows]) {
        expect(text).toContain(f.ref);
        expect(text).toContain(f.ports);
      }
    }
  });

  it('a bad --since file is exit 1 naming it; nothing is written', async () => {
    writeFileSync(path.join(dir, 'bad.portolan.json'), '{');
    const io = fakeIo();
    const code = await reportCommand.run(
      ['next.portolan.json', '--since', 'bad.portolan.json', '--out', 'never.md'],
      io,
    );
    expect(code).toBe(1);
    expect(io.err).toMatch(/^bad\.portolan\.json: /);
    expect(() => readFileSync(path.join(dir, 'never.md'))).toThrow();
  });

  it('Markdown delta: same model, the Changes section and no untouched host', async () => {
    const io = fakeIo();
    expect(
      await reportCommand.run(
        ['next.portolan.json', '--since', 'base.portolan.json', '--out', 'delta.md'],
        io,
      ),
    ).toBe(0);
    const text = readFileSync(path.join(dir, 'delta.md'), 'utf8');
    expect(text).toContain('### Changes since the version');
    expect(text).toContain('## 4. Rules to implement for this change');
    expect(text).toContain('#### Flows removed');
    expect(text).not.toContain('PVE02');
  });
});
