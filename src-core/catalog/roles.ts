// Role resolution: the roles a node plays (its type's implied roles plus its extra roles).
import type { Catalog, ComponentType } from './types';

interface RoleIndex {
  readonly types: ReadonlyMap<string, ComponentType>;
  /** Full role set of a role id used as an extra role (a type id expands to its implied roles). */
  readonly expansion: ReadonlyMap<string, readonly string[]>;
}

const indexes = new WeakMap<Catalog, RoleIndex>();

function roleIndex(catalog: Catalog): RoleIndex {
  let index = indexes.get(catalog);
  if (!index) {
    const types = new Map(catalog.componentTypes.map((t) => [t.id, t]));
    const expansion = new Map<string, readonly string[]>();
    for (const role of catalog.roles)
      expansion.set(role.id, types.get(role.id)?.roles ?? [role.id]);
    index = { types, expansion };
    indexes.set(catalog, index);
  }
  return index;
}

/** The component type of an id, or undefined when the catalog has none. */
export function componentType(catalog: Catalog, typeId: string): ComponentType | undefined {
  return roleIndex(catalog).types.get(typeId);
}

/** Minimal node shape role resolution needs. */
export interface RoleBearer {
  readonly type: string;
  readonly extraRoles?: readonly string[];
}

/**
 * Every role a node plays: the roles its type implies and each extra role with the roles
 * that role implies in turn (an extra `backup-repository` role is just that; an extra
 * `mssql-guest` would also bring `windows-guest` and `vm-guest`). Unknown ids are kept as
 * given, so a hand-edited plan still computes what it can.
 */
export function nodeRoles(catalog: Catalog, node: RoleBearer): ReadonlySet<string> {
  const index = roleIndex(catalog);
  const roles = new Set<string>(index.types.get(node.type)?.roles ?? []);
  for (const extra of node.extraRoles ?? []) {
    for (const r of index.expansion.get(extra) ?? [extra]) roles.add(r);
  }
  return roles;
}

/** Alias of {@link nodeRoles} (team-notes name). */
export const roleOfNode = nodeRoles;

/** True when a node plays the role. */
export function hasRole(catalog: Catalog, node: RoleBearer, role: string): boolean {
  return nodeRoles(catalog, node).has(role);
}

/** Human label of a role id (falls back to the id). */
export function roleLabel(catalog: Catalog, role: string): string {
  return catalog.roles.find((r) => r.id === role)?.label ?? role;
}
