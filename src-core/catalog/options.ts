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
 * The value an unset option takes for a node of `typeId` (node options) or the plan
 * (`typeId` undefined): the type's defaultOs when `defaultFromTypeOs` and it is a declared
 * value, else the declared default; undefined when neither applies.
 */
export function optionDefault(
  catalog: Catalog,
  def: OptionDefinition,
  typeId?: string,
): OptionValue | undefined {
  if (def.defaultFromTypeOs && typeId !== undefined) {
    const os = componentType(catalog, typeId)?.defaultOs;
    if (os !== undefined && isOptionValue(def, os)) return os;
  }
  return def.default;
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
 * unset or invalid one falls back to the default (invalid ones are also reported by
 * validation, like invalid port overrides).
 */
export function effectiveOption(
  catalog: Catalog,
  def: OptionDefinition,
  stored: unknown,
  typeId?: string,
): EffectiveOption {
  if (stored !== undefined && isOptionValue(def, stored)) return { value: stored, source: 'set' };
  const value = optionDefault(catalog, def, typeId);
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
  return def ? effectiveOption(catalog, def, stored, node.type).value : stored;
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
