// Loading a plan: parse, migrate older versions, validate shape and references — all or nothing.
import type { z } from 'zod';
import { findCatalog, catalogEditions } from '../catalog/registry';
import type { Catalog } from '../catalog/types';
import { scanJsonText } from './json-keys';
import { MIGRATIONS, OLDEST_PLAN_VERSION, migrate } from './migrations';
import { planSchema, quoteValue } from './schema';
import type { Plan } from './types';
import { PLAN_FORMAT_VERSION } from './types';

/** One reason a plan was refused: the field (`nodes[3].addresses[0]`, "" for the document) and why. */
export interface PlanError {
  readonly path: string;
  readonly message: string;
}

/** Outcome of loading a plan: the whole plan, or every error found; never a partial plan. */
export type RestoreResult =
  | { readonly ok: true; readonly plan: Plan; readonly migratedFrom?: number }
  | { readonly ok: false; readonly errors: readonly PlanError[] };

type Key = PropertyKey;

/** `["nodes", 3, "addresses", 0]` → `nodes[3].addresses[0]`; odd keys are JSON-quoted. */
export function formatPath(path: readonly Key[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) {
      out += out === '' ? key : `.${key}`;
    } else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** One error on one line: `path: message`, or just the message for the whole document. */
export function formatPlanError(e: PlanError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${quoteValue(value)}`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      // JSON.parse reads 1e999 as Infinity, which zod calls "not a number".
      if (issue.expected === 'number' && typeof input === 'number')
        return `must be a finite number, got ${String(input)}`;
      return input === undefined
        ? `is required (${issue.expected})`
        : `expected ${issue.expected}, got ${describeType(input)}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => quoteValue(v)).join(' or ')}, got ${describeType(input)}`;
    case 'too_small':
    case 'too_big':
      return issue.message.replace(/^Too (small|big): expected (string|number|array) to /, 'must ');
    default:
      return issue.message;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deepest nesting a plan may have. The format itself needs 4 levels; extra fields are kept, but
 * a hostile file nesting them thousands deep would load and then crash every save
 * (JSON.stringify and IndexedDB's structured clone recurse and overflow the stack).
 */
export const MAX_PLAN_DEPTH = 64;

/**
 * Keys refused anywhere in a plan: JavaScript gives them a meaning (an object's prototype), so
 * code that copies a plan into a plain object could change how every object behaves.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Whether nothing is nested `limit` levels deep and no object holds a forbidden key: one walk,
 * no paths, the fast path for every valid plan. Iterative: no recursion. A refused tree is
 * walked again by tooDeep and forbiddenKey, which build the path of what they find.
 */
function treeIsClean(root: unknown, limit: number): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return false;
    if (Array.isArray(value)) {
      for (const v of value) {
        if (typeof v === 'object' && v !== null) {
          values.push(v);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    // Object.keys sees an own "__proto__" (JSON.parse creates one) like any other key.
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return false;
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === 'object' && v !== null) {
        values.push(v);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

/** The path of the first value nested deeper than `limit`, or null. Iterative: no recursion. */
function tooDeep(root: unknown, limit: number): PropertyKey[] | null {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= limit) return path;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}

/** The path of the first forbidden key, or null. Iterative: no recursion. */
function forbiddenKey(root: unknown): PropertyKey[] | null {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const v: unknown = value[i];
        if (typeof v === 'object' && v !== null) stack.push({ value: v, path: [...path, i] });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return [...path, key];
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === 'object' && v !== null) stack.push({ value: v, path: [...path, key] });
    }
  }
  return null;
}

/**
 * Duplicate ids in a list, each reported at the later occurrence with the first index. With
 * `ignoreCase`, ids that differ only in case are duplicates too (node ids name files, and
 * Windows and macOS file systems would make two such files one).
 */
function checkUnique(
  items: readonly { readonly id: string }[],
  list: string,
  what: string,
  errors: PlanError[],
  ignoreCase = false,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const key = ignoreCase ? item.id.toLowerCase() : item.id;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else if (items[seen]!.id === item.id) {
      errors.push({
        path: `${list}[${i}].id`,
        message: `duplicate ${what} id ${quoteValue(item.id)} (also ${list}[${seen}])`,
      });
    } else {
      errors.push({
        path: `${list}[${i}].id`,
        message: `${what} id ${quoteValue(item.id)} differs from ${list}[${seen}].id ${quoteValue(items[seen]!.id)} only in case; ids must differ in more than case (they name files on case-insensitive file systems)`,
      });
    }
  });
}

/** Reference checks the schema cannot express: ids, catalog types and roles, zones, endpoints. */
function checkReferences(plan: Plan, catalog: Catalog): PlanError[] {
  const errors: PlanError[] = [];
  checkUnique(plan.zones, 'zones', 'zone', errors);
  checkUnique(plan.nodes, 'nodes', 'node', errors, true);
  checkUnique(plan.connections, 'connections', 'connection', errors);

  const zones = new Set(plan.zones.map((z) => z.id));
  const nodes = new Set(plan.nodes.map((n) => n.id));
  const types = new Set(catalog.componentTypes.map((t) => t.id));
  const roles = new Set(catalog.roles.filter((r) => !r.abstract).map((r) => r.id));
  const services = new Set(catalog.services.map((s) => s.id));

  plan.nodes.forEach((node, i) => {
    if (!types.has(node.type)) {
      errors.push({
        path: `nodes[${i}].type`,
        message: `unknown component type ${quoteValue(node.type)} in catalog ${catalog.edition}`,
      });
    }
    node.extraRoles.forEach((role, j) => {
      if (!roles.has(role)) {
        errors.push({
          path: `nodes[${i}].extraRoles[${j}]`,
          message: `unknown role ${quoteValue(role)} in catalog ${catalog.edition}`,
        });
      }
    });
    if (node.zone != null && !zones.has(node.zone)) {
      errors.push({ path: `nodes[${i}].zone`, message: `unknown zone ${quoteValue(node.zone)}` });
    }
    for (const service of Object.keys(node.options.portOverrides ?? {})) {
      if (!services.has(service)) {
        errors.push({
          path: formatPath(['nodes', i, 'options', 'portOverrides', service]),
          message: `unknown service ${quoteValue(service)} (known: ${[...services].join(', ')})`,
        });
      }
    }
  });

  checkCustom(plan, catalog, nodes, errors);

  plan.connections.forEach((c, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!nodes.has(c[end])) {
        errors.push({
          path: `connections[${i}].${end}`,
          message: `unknown node ${quoteValue(c[end])}`,
        });
      }
    }
    if (c.from === c.to) {
      errors.push({
        path: `connections[${i}]`,
        message: `connects node ${quoteValue(c.from)} to itself`,
      });
    }
  });
  return errors;
}

/** Custom flows name nodes, custom rules name roles; ids are unique across both lists. */
function checkCustom(
  plan: Plan,
  catalog: Catalog,
  nodes: ReadonlySet<string>,
  errors: PlanError[],
): void {
  const flows = plan.customFlows ?? [];
  const rules = plan.customRules ?? [];
  const first = new Map<string, string>();
  const unique = (id: string, path: string) => {
    const seen = first.get(id);
    if (seen === undefined) first.set(id, path);
    else
      errors.push({
        path: `${path}.id`,
        message: `duplicate custom id ${quoteValue(id)} (also ${seen})`,
      });
  };
  flows.forEach((f, i) => {
    unique(f.id, `customFlows[${i}]`);
    for (const end of ['from', 'to'] as const) {
      if (!nodes.has(f[end])) {
        errors.push({
          path: `customFlows[${i}].${end}`,
          message: `unknown node ${quoteValue(f[end])}`,
        });
      }
    }
    if (f.from === f.to) {
      errors.push({
        path: `customFlows[${i}].to`,
        message: `a custom flow must go to another node than its source ${quoteValue(f.from)}`,
      });
    }
  });
  const roles = new Set(catalog.roles.map((r) => r.id));
  rules.forEach((r, i) => {
    unique(r.id, `customRules[${i}]`);
    for (const end of ['from', 'to'] as const) {
      if (!roles.has(r[end])) {
        errors.push({
          path: `customRules[${i}].${end}`,
          message: `unknown role ${quoteValue(r[end])} in catalog ${catalog.edition}`,
        });
      }
    }
  });
}

/**
 * Validates and migrates untrusted plan data (a parsed file, a Dexie record, an import).
 * Returns the whole plan or every error with the field it concerns.
 */
export function restorePlan(input: unknown): RestoreResult {
  return restoreParsed(input, false);
}

/** Error of a value nested too deep, at the first 8 steps of its path. */
function tooDeepError(path: readonly PropertyKey[]): PlanError {
  return {
    path: formatPath(path.slice(0, 8)),
    message: `nested more than ${MAX_PLAN_DEPTH} levels deep`,
  };
}

/** Error of a reserved key, at the object holding it. */
function forbiddenKeyError(objectPath: readonly PropertyKey[], key: string): PlanError {
  return {
    path: formatPath(objectPath),
    message: `key ${quoteValue(key)} is not allowed in a plan (JavaScript reserves it)`,
  };
}

/**
 * restorePlan's work. `treeChecked`: the caller has already refused nesting and reserved keys
 * (parsePlanText does it on the file text, in the same pass as duplicate keys).
 */
function restoreParsed(input: unknown, treeChecked: boolean): RestoreResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [{ path: '', message: `a plan must be a JSON object, got ${describeType(input)}` }],
    };
  }
  if (input.format !== 'portolan-plan') {
    return {
      ok: false,
      errors: [
        { path: 'format', message: `must be "portolan-plan", got ${describeType(input.format)}` },
      ],
    };
  }
  const version = input.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return {
      ok: false,
      errors: [{ path: 'version', message: `expected an integer, got ${describeType(version)}` }],
    };
  }
  if (version > PLAN_FORMAT_VERSION) {
    return {
      ok: false,
      errors: [
        {
          path: 'version',
          message: `plan format version ${version} is newer than this Portolan supports (${PLAN_FORMAT_VERSION}); open it with a newer Portolan`,
        },
      ],
    };
  }
  if (version < OLDEST_PLAN_VERSION || (version < PLAN_FORMAT_VERSION && !MIGRATIONS[version])) {
    return {
      ok: false,
      errors: [{ path: 'version', message: `unknown plan format version ${version}` }],
    };
  }

  if (!treeChecked && !treeIsClean(input, MAX_PLAN_DEPTH)) {
    const deep = tooDeep(input, MAX_PLAN_DEPTH);
    if (deep) return { ok: false, errors: [tooDeepError(deep)] };
    const forbidden = forbiddenKey(input);
    if (forbidden) {
      return {
        ok: false,
        errors: [forbiddenKeyError(forbidden.slice(0, -1), String(forbidden.at(-1)))],
      };
    }
  }

  let doc: Record<string, unknown>;
  try {
    doc = version < PLAN_FORMAT_VERSION ? migrate(input, version) : input;
  } catch (e) {
    return {
      ok: false,
      errors: [
        { path: '', message: `cannot migrate from version ${version}: ${(e as Error).message}` },
      ],
    };
  }

  const parsed = planSchema.safeParse(doc, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: issueMessage(issue),
      })),
    };
  }
  const plan = parsed.data as Plan;
  const catalog = findCatalog(plan.catalog);
  if (!catalog) {
    return {
      ok: false,
      errors: [
        {
          path: 'catalog',
          message: `unknown catalog edition ${quoteValue(plan.catalog)} (known: ${catalogEditions().join(', ')})`,
        },
      ],
    };
  }
  const errors = checkReferences(plan, catalog);
  if (errors.length > 0) return { ok: false, errors };
  return version < PLAN_FORMAT_VERSION
    ? { ok: true, plan, migratedFrom: version }
    : { ok: true, plan };
}

/**
 * Parses plan file text (JSON) and restores it; JSON syntax errors are reported like others.
 * A leading UTF-8 byte order mark (Windows editors write one) is ignored. A key written twice
 * in one object is refused: JSON.parse would keep the last silently, while a reviewer reading
 * the file may see the first.
 */
export function parsePlanText(text: string): RestoreResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: '', message: `not valid JSON: ${(e as Error).message}` }],
    };
  }
  // Duplicate keys, reserved keys and nesting, in one pass over the text.
  const problem = scanJsonText(body, { maxDepth: MAX_PLAN_DEPTH, forbiddenKeys: FORBIDDEN_KEYS });
  if (problem?.kind === 'duplicate') {
    return {
      ok: false,
      errors: [
        {
          path: formatPath(problem.path),
          message: `key ${quoteValue(problem.key)} appears twice in one object; readers disagree on which one counts, so the file is refused`,
        },
      ],
    };
  }
  if (problem?.kind === 'deep') return { ok: false, errors: [tooDeepError(problem.path)] };
  if (problem?.kind === 'forbidden') {
    return { ok: false, errors: [forbiddenKeyError(problem.path, problem.key)] };
  }
  return restoreParsed(data, true);
}
