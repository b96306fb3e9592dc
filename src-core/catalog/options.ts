// Catalog-declared plan and node options: lookup, the value an unset option takes, valid values.
import { componentType, nodeRoles, type RoleBearer } from './roles';
import type { Catalog, OptionDefinition, OptionValue, OsFamily } from './types';

interface OptionIndex {
  readonly plan: ReadonlyMap<string, OptionDefinition>;
  readonly node: ReadonlyMap<string, OptionDefinition>;
}

const indexes = new WeakMap<Catalog, OptionIndex>();

function optionIndex(catalog: Catalog): OptionIndex {
  let index = indexes.get(catalog);
  if (!index) {
    const plan = new Map<string, OptionDefinition>();
    const node = new Map<string, OptionDefinition>();
    for (const o of catalog.options ?? []) (o.scope === 'plan' ? plan : node).set(o.id, o);
    index = { plan, node };
    indexes.set(catalog, index);
  }
  return index;
}

/** The declared option of a scope and id, or undefined when the catalog does not declare it. */
export function optionDefinition(
  catalog: Catalog,
  scope: 'plan' | 'node',
  id: string,
): OptionDefinition | undefined {
  return optionIndex(catalog)[scope].get(id);
}

/** Plan options of the catalog, in declaration order. */
export function planOptionDefinitions(catalog: Catalog): readonly OptionDefinition[] {
  return (catalog.options ?? []).filter((o) => o.scope === 'plan');
}

/** Node options that apply to a node (its type's roles plus extra roles), in declaration order. */
export function nodeOptionDefinitions(
  catalog: Catalog,
  node: RoleBearer,
): readonly OptionDefinition[] {
  const roles = nodeRoles(catalog, node);
  return (catalog.options ?? []).filter(
    (o) =>
      o.scope === 'node' && (o.appliesTo === undefined || o.appliesTo.some((r) => roles.has(r))),
  );
}

/** True when `value` is one of the option's declared values. */
export function isOptionValue(def: OptionDefinition, value: unknown): value is OptionValue {
  return def.values.some((v) => v.value === value);
}

/** Human label of an option value (falls back to its JSON text). */
export function optionValueLabel(def: OptionDefinition, value: OptionValue): string {
  return def.values.find((v) => v.value === value)?.label ?? JSON.stringify(value);
}

/**
 * Whose default a node option takes: a type id (its implied roles only), or the node itself
 * (type plus extra roles). Plan options take none.
 */
export type OptionSubject = string | RoleBearer;

/** The value an unset option takes, and what decided it. */
export interface OptionDefaultSource {
  /** The default; undefined when nothing applies (the option stays unset). */
  readonly value: OptionValue | undefined;
  /**
   * "role": an entry of `defaultByRole` (see `role`); "type-os": the type's defaultOs;
   * "default": the declared `default`; "none": no default applies.
   */
  readonly from: 'role' | 'type-os' | 'default' | 'none';
  /** The role whose `defaultByRole` entry decided (only with from "role"). */
  readonly role?: string;
}

function subjectRoles(
  catalog: Catalog,
  subject: OptionSubject | undefined,
): ReadonlySet<string> | undefined {
  if (subject === undefined) return undefined;
  if (typeof subject === 'string') return new Set(componentType(catalog, subject)?.roles ?? []);
  return nodeRoles(catalog, subject);
}

/**
 * The value an unset option takes for a node (node options) or the plan (`subject`
 * undefined), and where it comes from: the first `defaultByRole` entry whose role the node plays,
 * else the type's defaultOs when `defaultFromTypeOs` and it is a declared value, else the
 * declared default. `roles`, when the caller already has them, saves recomputing the node's roles.
 */
export function optionDefaultSource(
  catalog: Catalog,
  def: OptionDefinition,
  subject?: OptionSubject,
  roles?: ReadonlySet<string>,
): OptionDefaultSource {
  if (def.defaultByRole && (subject !== undefined || roles !== undefined)) {
    const has = roles ?? subjectRoles(catalog, subject);
    const entry = def.defaultByRole.find((e) => has?.has(e.role));
    if (entry) return { value: entry.value, from: 'role', role: entry.role };
  }
  const typeId = typeof subject === 'string' ? subject : subject?.type;
  if (def.defaultFromTypeOs && typeId !== undefined) {
    const os = componentType(catalog, typeId)?.defaultOs;
    if (os !== undefined && isOptionValue(def, os)) return { value: os, from: 'type-os' };
  }
  return def.default !== undefined
    ? { value: def.default, from: 'default' }
    : { value: undefined, from: 'none' };
}

/**
 * The value an unset option takes for a node (a type id, or the node with its extra roles) or the
 * plan (`subject` undefined); undefined when no default applies. See {@link optionDefaultSource}.
 */
export function optionDefault(
  catalog: Catalog,
  def: OptionDefinition,
  subject?: OptionSubject,
  roles?: ReadonlySet<string>,
): OptionValue | undefined {
  return optionDefaultSource(catalog, def, subject, roles).value;
}

/** The value a condition sees, and where it came from. */
export interface EffectiveOption {
  /** Value conditions compare against; undefined when unset and without a default. */
  readonly value: OptionValue | undefined;
  /** "set": stored in the plan; "default": the default (the option is unset or invalid). */
  readonly source: 'set' | 'default';
  /** The stored value when it is not one of the declared values (then the default is used). */
  readonly invalid?: unknown;
}

/**
 * Effective value of a declared option given the stored one: a valid stored value wins; an
 * unset or invalid one falls back to the default for `subject` (invalid ones are also reported
 * by validation, like invalid port overrides).
 */
export function effectiveOption(
  catalog: Catalog,
  def: OptionDefinition,
  stored: unknown,
  subject?: OptionSubject,
  roles?: ReadonlySet<string>,
): EffectiveOption {
  if (stored !== undefined && isOptionValue(def, stored)) return { value: stored, source: 'set' };
  const value = optionDefault(catalog, def, subject, roles);
  return stored === undefined
    ? { value, source: 'default' }
    : { value, source: 'default', invalid: stored };
}

/** Effective value of a node option (stored value, else its default); undeclared → stored as is. */
export function nodeOptionValue(
  catalog: Catalog,
  node: RoleBearer & { readonly options?: Readonly<Record<string, unknown>> },
  id: string,
): unknown {
  const stored = node.options?.[id];
  const def = optionDefinition(catalog, 'node', id);
  return def ? effectiveOption(catalog, def, stored, node).value : stored;
}

/**
 * Operating system family exporters and documents assume for a node: its `os` option when it is
 * "windows" or "linux", else its type's defaultOs. The same rule as the engine's effective `os`
 * (declared with `defaultFromTypeOs`), so flows and generated scripts agree.
 */
export function nodeOs(
  catalog: Catalog,
  node: RoleBearer & { readonly options?: Readonly<Record<string, unknown>> },
): OsFamily {
  const own = node.options?.os;
  if (own === 'windows' || own === 'linux') return own;
  return componentType(catalog, node.type)?.defaultOs ?? 'any';
}
