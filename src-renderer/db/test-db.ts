// Test helper: a fresh PortolanDatabase on an in-memory fake IndexedDB, and the sample plans.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import allInOne from '../../resources/samples/all-in-one.portolan.json?raw';
import distributed from '../../resources/samples/distributed.portolan.json?raw';
import type { Plan } from '../../src-core/plan/types';
import { PortolanDatabase } from './database';

let counter = 0;

export function freshDatabase(): PortolanDatabase {
  return new PortolanDatabase(`test-${++counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

export function sampleText(name: 'all-in-one' | 'distributed'): string {
  return name === 'all-in-one' ? allInOne : distributed;
}

export function samplePlan(name: 'all-in-one' | 'distributed'): Plan {
  return JSON.parse(sampleText(name)) as Plan;
}
