// One pass over JSON text: a key written twice in one object (JSON.parse keeps the last
// silently), a key refused anywhere, or nesting deeper than allowed.

/** Where a key is repeated: the object's path (`["nodes", 2]`) and the key. */
export interface DuplicateKey {
  readonly path: readonly (string | number)[];
  readonly key: string;
}

interface Frame {
  readonly keys: Set<string> | null;
  /** The container holding this one, and where in it this one is (null for the document). */
  readonly parent: Frame | null;
  readonly at: string | number;
  /** Next array index, for arrays. */
  index: number;
  /** Key just read in an object, waiting for its value. */
  pendingKey: string | null;
}

/** What the scan of JSON text found first: where, and which key (none for too deep). */
export type JsonTextProblem =
  | {
      readonly kind: 'duplicate';
      readonly path: readonly (string | number)[];
      readonly key: string;
    }
  | {
      readonly kind: 'forbidden';
      readonly path: readonly (string | number)[];
      readonly key: string;
    }
  /** `path` leads to the first container nested `maxDepth` levels deep (the root is level 0). */
  | { readonly kind: 'deep'; readonly path: readonly (string | number)[] };

export interface JsonTextLimits {
  /** Deepest container level allowed (the root object is level 0); unlimited when absent. */
  readonly maxDepth?: number;
  /** Keys refused in any object, compared after unescaping. */
  readonly forbiddenKeys?: ReadonlySet<string>;
}

/**
 * The first key that appears twice in one object of `text`, or null. `text` must already be
 * valid JSON (JSON.parse accepted it): the scanner then needs to follow only strings and
 * brackets. Keys are compared after unescaping, so `"a"` and `"\u0061"` are the same key.
 * One pass, no recursion: a file nested thousands deep cannot overflow the stack.
 */
export function findDuplicateKey(text: string): DuplicateKey | null {
  const found = scanJsonText(text, {});
  return found?.kind === 'duplicate' ? { path: found.path, key: found.key } : null;
}

/**
 * The first problem of `text` in reading order: a duplicate key, a forbidden key or a
 * container nested deeper than `limits.maxDepth`. The same preconditions and guarantees as
 * findDuplicateKey; checking all three on the text spares a walk over the parsed tree.
 */
export function scanJsonText(text: string, limits: JsonTextLimits): JsonTextProblem | null {
  const maxDepth = limits.maxDepth ?? Infinity;
  const forbidden = limits.forbiddenKeys;
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  // Paths are built only for the answer: copying them per container is quadratic in depth.
  const pathOf = (frame: Frame): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let f: Frame | null = frame; f?.parent; f = f.parent) path.push(f.at);
    return path.reverse();
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      i = start;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
        } else if (d === 0x22) break;
        else i++;
      }
      const top = stack[stack.length - 1];
      // A string is a key when it is in an object and no key waits for its value.
      if (top?.keys && top.pendingKey === null) {
        const raw = text.slice(start, i);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (forbidden?.has(key)) return { kind: 'forbidden', path: pathOf(top), key };
        if (top.keys.has(key)) return { kind: 'duplicate', path: pathOf(top), key };
        top.keys.add(key);
        top.pendingKey = key;
      } else if (top) {
        // A string value: it completes the key's pair or the array element.
        if (top.keys) top.pendingKey = null;
        else top.index++;
      }
      i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const top = stack[stack.length - 1] ?? null;
      const at = top === null ? '' : top.keys ? (top.pendingKey ?? '') : top.index;
      if (top !== null && stack.length >= maxDepth) {
        return { kind: 'deep', path: [...pathOf(top), at] };
      }
      stack.push({
        keys: c === 0x7b ? new Set() : null,
        parent: top,
        at,
        index: 0,
        pendingKey: null,
      });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      const top = stack[stack.length - 1];
      if (top) {
        if (top.keys) top.pendingKey = null;
        else top.index++;
      }
      i++;
    } else if (c === 0x2c /* , */) {
      i++;
    } else if (c === 0x3a /* : */ || c <= 0x20) {
      i++;
    } else {
      // A number, true, false or null: skip to the next delimiter; it ends a pair or element.
      for (let d = c; i < n && d !== 0x2c && d !== 0x7d && d !== 0x5d && d > 0x20;) {
        d = text.charCodeAt(++i);
      }
      const top = stack[stack.length - 1];
      if (top) {
        if (top.keys) top.pendingKey = null;
        else top.index++;
      }
    }
  }
  return null;
}
