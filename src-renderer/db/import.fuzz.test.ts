// Property test of the import path: mutated plans, random JSON and random bytes never throw,
// never store an invalid plan, and always end in a stored valid plan or a clear message.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restorePlan } from '../../src-core/index';
import type { PortolanDatabase } from './database';
import { PlansRepository, type WriteResult } from './plans-repository';
import type { PlanRecord } from './database';
import { freshDatabase, samplePlan } from './test-db';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

interface Mutation {
  readonly at: number;
  readonly kind: 'set' | 'delete' | 'duplicate' | 'swap-type';
  readonly value: Json;
}

/** Apply mutations to a deep copy of `plan` at pseudo-randomly chosen paths. */
function mutate(plan: Json, mutations: readonly Mutation[]): Json {
  let doc = structuredClone(plan);
  for (const m of mutations) {
    const all = paths(doc);
    const path = all[m.at % all.length]!;
    if (path.length === 0) {
      doc = m.kind === 'set' ? m.value : doc;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<Json>((v, k) => (v as Record<string, Json>)[k]!, doc) as
      Json[] | Record<string, Json>;
    const key = path.at(-1)!;
    const current = (parent as Record<string | number, Json>)[key]!;
    switch (m.kind) {
      case 'set':
        (parent as Record<string | number, Json>)[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key as string];
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(structuredClone(current));
        else (parent as Record<string, Json>)[`${key}`] = [current, current];
        break;
      case 'swap-type':
        (parent as Record<string | number, Json>)[key] =
          typeof current === 'string' ? 42 : typeof current === 'number' ? String(current) : 'x';
        break;
    }
  }
  return doc;
}

const mutationArb = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('set', 'delete', 'duplicate', 'swap-type'),
  value: fc.oneof(
    fc.jsonValue() as fc.Arbitrary<Json>,
    fc.constantFrom<Json>(
      '$(reboot)',
      '"; rm -rf / #',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      '192.0.2.999',
      -1,
      1e308,
      '',
      '__proto__',
      { __proto__: { polluted: true } } as unknown as Json,
    ),
  ),
});

let db: PortolanDatabase;
let repo: PlansRepository;
beforeAll(() => {
  db = freshDatabase();
  repo = new PlansRepository(db, 'fuzz');
});
afterAll(() => db.close());

/** The invariant: a result is either a stored valid plan, or a clear message and nothing stored. */
const outcomes = { accepted: 0, refused: 0 };
async function checkOutcome(run: () => Promise<WriteResult<PlanRecord>>): Promise<void> {
  const before = await db.plans.count();
  const result = await run(); // must not throw
  const after = await db.plans.count();
  outcomes[result.ok ? 'accepted' : 'refused']++;
  if (result.ok) {
    expect(after).toBe(before + 1);
    const stored = await db.plans.get(result.value.id);
    const again = restorePlan(stored?.doc);
    expect(again.ok).toBe(true);
  } else {
    expect(after).toBe(before);
    expect(typeof result.message).toBe('string');
    expect(result.message.length).toBeGreaterThan(10);
    expect(result.message).not.toMatch(/undefined|\[object Object\]/);
  }
}

const base = samplePlan('distributed') as unknown as Json;

describe('import fuzzing', () => {
  it('mutated valid plans (as objects and as file text)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const doc = mutate(base, mutations);
        await checkOutcome(() => repo.create(doc));
        await checkOutcome(() => repo.importText(JSON.stringify(doc), 'mutated.json'));
      }),
      { numRuns: 150 },
    );
    // Both branches of the invariant were exercised, or the generator is too weak to mean much.
    expect(outcomes.accepted).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(10);
  });

  it('random JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await checkOutcome(() => repo.importText(JSON.stringify(value) ?? 'null', 'random.json'));
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        await checkOutcome(() => repo.importText(text, 'bytes.bin'));
      }),
      { numRuns: 150 },
    );
  });

  it('truncated plan text', async () => {
    const text = JSON.stringify(base);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length - 1 }), async (cut) => {
        await checkOutcome(() => repo.importText(text.slice(0, cut), 'cut.json'));
      }),
      { numRuns: 100 },
    );
  });

  it('leaves only valid plans in the database', async () => {
    for (const record of await db.plans.toArray()) expect(restorePlan(record.doc).ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
