// Repository: validation before every write, conflicts, rename/duplicate/delete+undo, history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortolanDatabase } from './database';
import { HISTORY_LIMIT, PlansRepository, describeStorageError } from './plans-repository';
import { freshDatabase, samplePlan, sampleText } from './test-db';

let db: PortolanDatabase;
let repo: PlansRepository;
let clock = 1_000;
beforeEach(() => {
  db = freshDatabase();
  repo = new PlansRepository(db, 'tab-a', () => clock++);
});
afterEach(() => db.close());

describe('create and import', () => {
  it('stores a valid plan with its list columns', async () => {
    const r = await repo.create(samplePlan('distributed'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ name: 'Distributed site', rev: 1, writer: 'tab-a' });
    expect(r.value.nodeCount).toBe(samplePlan('distributed').nodes.length);
    expect((await repo.list()).map((p) => p.id)).toEqual([r.value.id]);
    expect(await repo.list()).not.toHaveProperty('0.doc');
  });

  it('refuses an invalid plan, names the field, stores nothing', async () => {
    const bad = { ...samplePlan('all-in-one'), nodes: [{ id: 'x; rm -rf /', type: 'nope' }] };
    const r = await repo.create(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/nodes\[0\]/);
    expect(await db.plans.count()).toBe(0);
  });

  it('imports file text and refuses broken JSON with a message', async () => {
    expect((await repo.importText(sampleText('all-in-one'), 'a.json')).ok).toBe(true);
    const broken = await repo.importText('{"format": "portolan-plan", ', 'broken.json');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toMatch(/^broken\.json was refused: .*JSON/);
    expect(await db.plans.count()).toBe(1);
  });

  it('refuses text over 50 MB before parsing', async () => {
    const r = await repo.importText(' '.repeat(50 * 1024 * 1024 + 1), 'huge.json');
    expect(r).toEqual({ ok: false, message: 'huge.json is larger than 50 MB and was refused.' });
  });
});

describe('save', () => {
  it('writes when the base revision matches and bumps it', async () => {
    const created = await repo.create(samplePlan('all-in-one'));
    if (!created.ok) throw new Error('setup');
    const edited = { ...created.value.doc, name: 'Edited' };
    const saved = await repo.save(created.value.id, edited, 1);
    expect(saved).toMatchObject({ ok: true, record: { rev: 2, name: 'Edited' } });
    expect((await repo.get(created.value.id))?.doc.name).toBe('Edited');
  });

  it('never overwrites another writer: a stale base revision is a conflict', async () => {
    const created = await repo.create(samplePlan('all-in-one'));
    if (!created.ok) throw new Error('setup');
    const other = new PlansRepository(db, 'tab-b');
    await other.save(created.value.id, { ...created.value.doc, name: 'Theirs' }, 1);
    const mine = await repo.save(created.value.id, { ...created.value.doc, name: 'Mine' }, 1);
    expect(mine).toMatchObject({
      ok: false,
      conflict: true,
      theirs: { name: 'Theirs', writer: 'tab-b', rev: 2 },
    });
    expect((await repo.get(created.value.id))?.doc.name).toBe('Theirs');
  });

  it('refuses an invalid document and keeps the stored one', async () => {
    const created = await repo.create(samplePlan('all-in-one'));
    if (!created.ok) throw new Error('setup');
    const r = await repo.save(created.value.id, { ...created.value.doc, version: 99 }, 1);
    expect(r.ok).toBe(false);
    expect((await repo.get(created.value.id))?.rev).toBe(1);
  });
});

describe('files', () => {
  it('finds the plan of a file and replaces its document when the file is opened again', async () => {
    const created = await repo.importText(sampleText('all-in-one'), 'a.json', {
      filePath: '/p/a.json',
    });
    if (!created.ok) throw new Error('setup');
    const found = await repo.findByFilePath('/p/a.json');
    expect(found?.id).toBe(created.value.id);
    expect(await repo.findByFilePath('/p/other.json')).toBeUndefined();
    const replaced = await repo.replace(
      created.value.id,
      { ...created.value.doc, name: 'From disk' },
      '/p/a.json',
    );
    expect(replaced).toMatchObject({
      ok: true,
      value: { name: 'From disk', rev: 2, filePath: '/p/a.json' },
    });
    const refused = await repo.replace(created.value.id, { nodes: 'x' }, '/p/a.json');
    expect(refused.ok).toBe(false);
    expect((await repo.get(created.value.id))?.name).toBe('From disk');
  });

  it('keeps the file path across autosaves', async () => {
    const created = await repo.create(samplePlan('all-in-one'), { filePath: '/p/b.json' });
    if (!created.ok) throw new Error('setup');
    const saved = await repo.save(created.value.id, created.value.doc, 1);
    expect(saved).toMatchObject({ ok: true, record: { filePath: '/p/b.json' } });
  });
});

describe('library actions', () => {
  it('renames (document name too), duplicates, deletes and undoes the delete', async () => {
    const created = await repo.create(samplePlan('all-in-one'));
    if (!created.ok) throw new Error('setup');
    const id = created.value.id;
    const renamed = await repo.rename(id, '  Branch office  ');
    expect(renamed).toMatchObject({ ok: true, value: { name: 'Branch office', rev: 2 } });
    expect((await repo.get(id))?.doc.name).toBe('Branch office');

    const copy = await repo.duplicate(id);
    expect(copy).toMatchObject({ ok: true, value: { name: 'Branch office (copy)' } });

    await repo.snapshot(id, 'open', (await repo.get(id))!.doc);
    const deleted = await repo.delete(id);
    expect(deleted?.history).toHaveLength(1);
    expect(await repo.get(id)).toBeUndefined();
    expect(await repo.listSnapshots(id)).toEqual([]);
    await repo.restoreDeleted(deleted!);
    expect((await repo.get(id))?.name).toBe('Branch office');
    expect(await repo.listSnapshots(id)).toHaveLength(1);
  });

  it('refuses an empty name', async () => {
    const created = await repo.create(samplePlan('all-in-one'));
    if (!created.ok) throw new Error('setup');
    const r = await repo.rename(created.value.id, '   ');
    expect(r.ok).toBe(false);
  });
});

describe('history', () => {
  it('keeps snapshots newest first, skips duplicates, caps the count', async () => {
    const plan = samplePlan('all-in-one');
    expect((await repo.snapshot('p', 'open', plan)).ok).toBe(true);
    expect(await repo.snapshot('p', 'periodic', plan)).toEqual({ ok: true, value: null });
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      await repo.snapshot('p', 'periodic', { ...plan, name: `v${i}` });
    }
    const list = await repo.listSnapshots('p');
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0]?.name).toBe(`v${HISTORY_LIMIT + 4}`);
  });

  it('marks the newest snapshot approved when it holds the same plan, else adds one', async () => {
    const plan = samplePlan('all-in-one');
    await repo.snapshot('p', 'open', plan);
    const same = await repo.markApproved('p', plan, { number: ' CHG-1 ', date: '2026-11-30' });
    expect(same.ok && same.value.reason).toBe('open');
    expect(same.ok && same.value.approval).toMatchObject({ number: 'CHG-1', date: '2026-11-30' });
    expect(await repo.listSnapshots('p')).toHaveLength(1);

    const edited = { ...plan, name: 'Edited' };
    const added = await repo.markApproved('p', edited, { number: 'CHG-2', date: '2026-12-01' });
    expect(added.ok && added.value.reason).toBe('approved');
    expect((await repo.approvedSnapshot('p'))?.approval?.number).toBe('CHG-2');
    expect((await repo.approvedSnapshot('p'))?.doc.name).toBe('Edited');
    expect(await repo.approvedSnapshot('other')).toBeNull();
  });

  it('refuses a bad date or plan and never prunes approved snapshots', async () => {
    const plan = samplePlan('all-in-one');
    expect(await repo.markApproved('p', plan, { number: '', date: 'yesterday' })).toMatchObject({
      ok: false,
    });
    expect(
      (await repo.markApproved('p', { nodes: 1 }, { number: '', date: '2026-12-01' })).ok,
    ).toBe(false);
    expect(await repo.listSnapshots('p')).toHaveLength(0);
    await repo.markApproved(
      'p',
      { ...plan, name: 'baseline' },
      { number: 'B', date: '2026-01-01' },
    );
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      await repo.snapshot('p', 'periodic', { ...plan, name: `v${i}` });
    }
    const list = await repo.listSnapshots('p');
    expect(list).toHaveLength(HISTORY_LIMIT + 1);
    expect(list.at(-1)?.name).toBe('baseline');
    expect((await repo.approvedSnapshot('p'))?.doc.name).toBe('baseline');
  });
});

describe('settings and errors', () => {
  it('stores settings', async () => {
    await repo.setSetting('lastPlanId', 'abc');
    expect(await repo.getSetting('lastPlanId')).toBe('abc');
  });
  it('explains a full disk', () => {
    expect(describeStorageError({ name: 'QuotaExceededError' })).toMatch(
      /storage is full.*save it to a file/,
    );
    expect(
      describeStorageError(
        Object.assign(new Error('x'), {
          name: 'AbortError',
          inner: { name: 'QuotaExceededError' },
        }),
      ),
    ).toMatch(/full/);
  });
});
