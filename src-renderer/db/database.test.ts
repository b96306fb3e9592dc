// Schema upgrade: a database written by version 1 opens under the current version, data intact.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { PortolanDatabase, SCHEMA, SCHEMA_VERSION } from './database';
import { samplePlan } from './test-db';

const sample = samplePlan('all-in-one');

describe('PortolanDatabase', () => {
  it('upgrades a version-1 database to the current schema', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('portolan', { indexedDB, IDBKeyRange });
    old.version(1).stores(SCHEMA[1]);
    await old.table('plans').add({ id: 'p1', name: 'Old plan', modified: 1000, doc: sample });
    await old.table('plans').add({ id: 'p2', name: 'Broken', modified: 2000, doc: null });
    await old.table('settings').put({ key: 'theme', value: 'dark' });
    old.close();

    const db = new PortolanDatabase('portolan', { indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    const p1 = await db.plans.get('p1');
    expect(p1).toMatchObject({
      name: 'Old plan',
      created: 1000,
      modified: 1000,
      nodeCount: sample.nodes.length,
      connectionCount: sample.connections.length,
      rev: 1,
    });
    expect(p1?.doc).toEqual(sample);
    expect(await db.plans.get('p2')).toMatchObject({ nodeCount: 0, connectionCount: 0 });
    expect(await db.settings.get('theme')).toEqual({ key: 'theme', value: 'dark' });
    // The table version 2 added is usable, with its compound index.
    await db.history.add({
      planId: 'p1',
      created: 5,
      reason: 'open',
      name: 'x',
      nodeCount: 0,
      connectionCount: 0,
      doc: sample as never,
    });
    expect(await db.history.where('[planId+created]').between(['p1', 0], ['p1', 10]).count()).toBe(
      1,
    );
    db.close();
  });

  it('creates a fresh database at the current version', async () => {
    const db = new PortolanDatabase('fresh', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['history', 'plans', 'settings']);
    db.close();
  });
});
