// The JSON text scanner (duplicate keys, reserved keys, depth) against oracles built from the same random documents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonTextProblem, findDuplicateKey, scanJsonText } from './json-keys';

/** A JSON value whose objects are lists of pairs, so a key may appear twice. */
type Tree = null | boolean | number | string | Tree[] | { pairs: [string, Tree][] };

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'name', '__proto__', '', '"', '\\', 'é', '\u2028'),
  fc.string({ maxLength: 3 }),
);
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 5 }),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.record({ pairs: fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }) }),
  ),
}));

/** Serialises a tree, escaping keys in one of several equivalent ways, with optional spaces. */
function write(t: Tree, style: number): string {
  const sp = style % 2 ? ' \n\t' : '';
  if (Array.isArray(t)) return `[${sp}${t.map((v) => write(v, style)).join(`${sp},${sp}`)}${sp}]`;
  if (t !== null && typeof t === 'object') {
    const pairs = t.pairs.map(([k, v], i) => {
      // Every other key fully \u-escaped: the scanner must compare keys after unescaping.
      const text =
        (style + i) % 3 === 0
          ? `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
          : JSON.stringify(k);
      return `${text}${sp}:${sp}${write(v, style)}`;
    });
    return `{${sp}${pairs.join(`${sp},${sp}`)}${sp}}`;
  }
  return JSON.stringify(t);
}

/** The first duplicate in document order (outer objects before the values they contain). */
function oracle(
  t: Tree,
  path: (string | number)[] = [],
): { path: (string | number)[]; key: string } | null {
  if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) {
      const found = oracle(t[i]!, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (t !== null && typeof t === 'object') {
    const seen = new Set<string>();
    for (const [k, v] of t.pairs) {
      if (seen.has(k)) return { path, key: k };
      seen.add(k);
      const found = oracle(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

describe('findDuplicateKey', () => {
  it('finds exactly the duplicates an independent walk finds, with their path', () => {
    fc.assert(
      fc.property(tree, fc.nat(5), (t, style) => {
        const text = write(t, style);
        JSON.parse(text); // the scanner's precondition: valid JSON
        expect(findDuplicateKey(text)).toEqual(oracle(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('reports the object holding the duplicate', () => {
    expect(findDuplicateKey('{"a":[1,{"b":2,"c":{"d":1},"b":3}]}')).toEqual({
      path: ['a', 1],
      key: 'b',
    });
    expect(findDuplicateKey('{"a":1,"a":1}')).toEqual({ path: [], key: 'a' });
    expect(findDuplicateKey('{"a":"a","b":"a"}')).toBeNull();
    expect(findDuplicateKey('[{"a":1},{"a":1}]')).toBeNull();
  });

  it('handles nesting far deeper than a recursive parser could', () => {
    const deep = `${'['.repeat(100_000)}{"x":1,"x":2}${']'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)?.key).toBe('x');
  });
});

/** The first problem in document order: a forbidden key, then a duplicate, per pair; depth per container. */
function problemOracle(
  t: Tree,
  maxDepth: number,
  forbidden: ReadonlySet<string>,
  path: (string | number)[] = [],
): JsonTextProblem | null {
  const container = Array.isArray(t) || (t !== null && typeof t === 'object');
  if (!container) return null;
  if (path.length > 0 && path.length >= maxDepth) return { kind: 'deep', path };
  if (Array.isArray(t)) {
    for (let i = 0; i < t.length; i++) {
      const found = problemOracle(t[i]!, maxDepth, forbidden, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  const seen = new Set<string>();
  for (const [k, v] of (t as { pairs: [string, Tree][] }).pairs) {
    if (forbidden.has(k)) return { kind: 'forbidden', path, key: k };
    if (seen.has(k)) return { kind: 'duplicate', path, key: k };
    seen.add(k);
    const found = problemOracle(v, maxDepth, forbidden, [...path, k]);
    if (found) return found;
  }
  return null;
}

describe('scanJsonText', () => {
  it('finds the first duplicate, forbidden key or too-deep container an independent walk finds', () => {
    const forbidden = new Set(['__proto__', 'name']);
    fc.assert(
      fc.property(tree, fc.nat(5), fc.integer({ min: 1, max: 4 }), (t, style, maxDepth) => {
        const text = write(t, style);
        JSON.parse(text);
        expect(scanJsonText(text, { maxDepth, forbiddenKeys: forbidden })).toEqual(
          problemOracle(t, maxDepth, forbidden),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('names the path of the too-deep container and the object holding a reserved key', () => {
    expect(scanJsonText('{"a":[{"b":{}}]}', { maxDepth: 3 })).toEqual({
      kind: 'deep',
      path: ['a', 0, 'b'],
    });
    expect(scanJsonText('{"a":[{"b":{}}]}', { maxDepth: 4 })).toBeNull();
    const reserved = new Set(['constructor']);
    expect(scanJsonText('{"a":{"\\\\u0063onstructor":1}}', { forbiddenKeys: reserved })).toBeNull();
    expect(scanJsonText('{"a":{"\\u0063onstructor":1}}', { forbiddenKeys: reserved })).toEqual({
      kind: 'forbidden',
      path: ['a'],
      key: 'constructor',
    });
  });
});
