// The local database (IndexedDB through Dexie): plans, history snapshots and settings.
import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type { Plan } from '../../src-core/plan/types';

/** A stored plan: the document plus what the library lists without opening it. */
export interface PlanRecord {
  /** Random id (not derived from the name, which the user can change). */
  readonly id: string;
  /** Copy of doc.name, indexed for sorting. */
  readonly name: string;
  /** Epoch milliseconds. */
  readonly created: number;
  readonly modified: number;
  readonly nodeCount: number;
  readonly connectionCount: number;
  /** The plan, as src-core restorePlan returned it: always valid. */
  readonly doc: Plan;
  /** Incremented by every write; a writer whose base revision is stale has a conflict. */
  readonly rev: number;
  /** Id of the tab/window that wrote this revision (tells our own writes from others'). */
  readonly writer: string;
  /** File the plan was opened from or last saved to (Electron), so Save can write there again. */
  readonly filePath?: string | null;
}

/** Why a history snapshot was taken. */
export type SnapshotReason =
  | 'open'
  | 'periodic'
  | 'before-import'
  | 'before-restore'
  | 'before-delete'
  | 'before-reload'
  | 'before-destructive-edit'
  | 'approved';

/** The approval of a plan version: the baseline later changes are shown and requested against. */
export interface Approval {
  /** Change number the version was approved under (free text, may be ""). */
  readonly number: string;
  /** Date of the approval, `YYYY-MM-DD`. */
  readonly date: string;
  /** When it was marked (epoch ms): the newest approval is the plan's baseline. */
  readonly at: number;
}

/** A saved state of a plan to view and restore. */
export interface SnapshotRecord {
  /** Auto-incremented. */
  readonly id?: number;
  readonly planId: string;
  readonly created: number;
  readonly reason: SnapshotReason;
  readonly name: string;
  readonly nodeCount: number;
  readonly connectionCount: number;
  readonly doc: Plan;
  /**
   * Set when this version was marked as approved. Approved snapshots are never pruned: they are
   * the baselines deltas are computed against. (Not indexed: a plan has at most a few dozen.)
   */
  readonly approval?: Approval;
}

/** A key/value setting. Known keys: see SettingKey. */
export interface SettingRecord {
  readonly key: string;
  readonly value: unknown;
}

/** Setting keys the app uses. */
export type SettingKey = 'theme' | 'recentFiles' | 'lastPlanId' | 'windowPrefs' | 'librarySort';

export const DATABASE_NAME = 'portolan';

/**
 * Schema history. Version 1 (first preview) stored plans without counts, revisions or history;
 * version 2 adds list columns, revision stamps for conflict detection, and the history table.
 * Never edit a released version's line: add a new version with an upgrade function.
 */
export const SCHEMA = {
  1: { plans: 'id, name, modified', settings: 'key' },
  2: {
    plans: 'id, name, modified, created',
    history: '++id, planId, [planId+created]',
    settings: 'key',
  },
} as const;

export const SCHEMA_VERSION = 2;

export class PortolanDatabase extends Dexie {
  plans!: EntityTable<PlanRecord, 'id'>;
  history!: EntityTable<SnapshotRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;

  constructor(name: string = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA[1]);
    this.version(2)
      .stores(SCHEMA[2])
      .upgrade(async (tx) => {
        await tx
          .table('plans')
          .toCollection()
          .modify((record: Record<string, unknown>) => {
            const doc = record['doc'] as Partial<Plan> | undefined;
            record['nodeCount'] = Array.isArray(doc?.nodes) ? doc.nodes.length : 0;
            record['connectionCount'] = Array.isArray(doc?.connections)
              ? doc.connections.length
              : 0;
            if (typeof record['created'] !== 'number') record['created'] = record['modified'];
            record['rev'] = 1;
            record['writer'] = '';
          });
      });
  }
}
