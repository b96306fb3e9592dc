// The export manifest: reading old and new versions, tampered entries, and the clean-up rules.
import fc from 'fast-check';
import { relativeFileNameProblem } from '../src-core/util/file-name';
import { describe, expect, it } from 'vitest';
import {
  type BatchOwner,
  type ManifestEntry,
  parseManifest,
  planCleanup,
  serializeManifest,
} from './export-manifest';

const owner = (over: Partial<BatchOwner> = {}): BatchOwner => ({
  plan: 'A',
  scope: 'all',
  full: true,
  inScope: () => true,
  hasNode: (id) => id !== 'gone',
  ...over,
});

describe('parseManifest', () => {
  it('reads version 1 (bare names) and version 2 (entries)', () => {
    expect(parseManifest(JSON.stringify({ files: ['a.nft', 'b.nft'] }))).toEqual([
      { name: 'a.nft' },
      { name: 'b.nft' },
    ]);
    const entries: ManifestEntry[] = [
      { name: 'a.nft', plan: 'A', scope: 'all', node: 'a' },
      { name: 'flows.csv', plan: 'A', scope: 'nodes a' },
    ];
    expect(parseManifest(serializeManifest(entries))).toEqual(entries);
  });

  it('drops entries that are not plain file names, and unreadable manifests give none', () => {
    const text = JSON.stringify({
      files: ['../x', '/etc/passwd', 42, null, { name: 'C:\\evil' }, { name: 'ok.nft', plan: 7 }],
    });
    expect(parseManifest(text)).toEqual([{ name: 'ok.nft' }]);
    expect(parseManifest('{not json')).toEqual([]);
    expect(parseManifest('null')).toEqual([]);
  });

  it('round-trips any entries it writes (property)', () => {
    // Names an export can write: Windows device names (PRN, CON…) are refused everywhere.
    const name = fc
      .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}\.(nft|ps1|fw)$/)
      .filter((n) => relativeFileNameProblem(n) === null);
    const entry = fc.record(
      { name, plan: fc.string(), scope: fc.string(), node: fc.string() },
      { requiredKeys: ['name'] },
    );
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.name }), (entries) => {
        const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : 1));
        expect(parseManifest(serializeManifest(entries))).toEqual(sorted);
      }),
    );
  });
});

describe('planCleanup', () => {
  const previous: ManifestEntry[] = [
    { name: 'w1.nft', plan: 'A', scope: 'all', node: 'w1' },
    { name: 'w2.nft', plan: 'A', scope: 'all', node: 'w2' },
    { name: 'old.nft', plan: 'A', scope: 'all', node: 'gone' },
    { name: 'flows.csv', plan: 'A', scope: 'all' },
    { name: 'b1.nft', plan: 'B', scope: 'all', node: 'b1' },
    { name: 'legacy.nft' },
  ];

  it('a full export removes its own plan’s files it no longer writes, with the reason', () => {
    const plan = planCleanup(previous, new Set(['w1.nft']), owner());
    expect(plan.remove).toEqual([
      {
        name: 'w2.nft',
        reason: `host "w2" is in this export's scope (all) but no longer gets this file`,
      },
      { name: 'old.nft', reason: 'host "gone" is no longer in the plan' },
      { name: 'flows.csv', reason: 'the plan no longer produces this plan-wide file' },
      {
        name: 'legacy.nft',
        reason:
          'listed by an earlier export that did not record its plan; this full export no longer writes it',
      },
    ]);
    expect(plan.keep).toEqual([previous[4]]);
  });

  it('a scoped export removes only files of hosts in its scope or gone from the plan', () => {
    const scoped = owner({ scope: 'nodes w1', full: false, inScope: (id) => id === 'w1' });
    const plan = planCleanup(previous, new Set(), scoped);
    expect(plan.remove.map((r) => r.name)).toEqual(['w1.nft', 'old.nft']);
    expect(plan.keep.map((e) => e.name)).toEqual(['w2.nft', 'flows.csv', 'b1.nft', 'legacy.nft']);
  });

  it('drops the entry of a file this batch rewrites, whoever wrote it', () => {
    const plan = planCleanup(previous, new Set(['b1.nft', 'w1.nft']), owner());
    expect(plan.keep.map((e) => e.name)).not.toContain('b1.nft');
    expect(plan.remove.map((r) => r.name)).not.toContain('b1.nft');
  });
});
