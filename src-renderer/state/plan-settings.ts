// Pure plan-settings edits: catalog edition switching and catalog-declared plan/node options.
import { optionDefault, optionDefinition } from '../../src-core/catalog/options';
import type { Catalog, OptionDefinition, OptionValue } from '../../src-core/catalog/types';
import type { NodeOptions, Plan } from '../../src-core/plan/types';

/** A node the target edition cannot represent, and what it lacks there. */
export interface EditionProblem {
  readonly node: string;
  readonly name: string;
  /** Human phrases, e.g. `type "ntp-server"`, `extra role "log-shipping-server"`. */
  readonly missing: readonly string[];
}

/** Nodes whose type or extra roles do not exist in `target` (plan order). */
export function editionProblems(plan: Plan, target: Catalog): EditionProblem[] {
  const types = new Set(target.componentTypes.map((t) => t.id));
  const roles = new Set(target.roles.map((r) => r.id));
  const out: EditionProblem[] = [];
  for (const node of plan.nodes) {
    const missing: string[] = [];
    if (!types.has(node.type)) missing.push(`type "${node.type}"`);
    for (const role of node.extraRoles) {
      if (!roles.has(role)) missing.push(`extra role "${role}"`);
    }
    if (missing.length > 0) out.push({ node: node.id, name: node.name, missing });
  }
  return out;
}

/** Result of asking to move a plan to another catalog edition. */
export type EditionSwitch =
  { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly message: string };

/** How many problem nodes a refusal names before "and N more". */
const NAMED_PROBLEMS = 5;

/**
 * The plan moved to `target`, or why not: every node type and extra role must exist there, or
 * flows would silently disappear. Options are kept as they are (no data loss); ones the target
 * does not declare are ignored by it. Same plan object when it already names `target`.
 */
export function switchEdition(plan: Plan, target: Catalog): EditionSwitch {
  if (plan.catalog === target.edition) return { ok: true, plan };
  const problems = editionProblems(plan, target);
  if (problems.length === 0) return { ok: true, plan: { ...plan, catalog: target.edition } };
  const named = problems
    .slice(0, NAMED_PROBLEMS)
    .map((p) => `${p.name} (${p.missing.join(', ')})`)
    .join('; ');
  const more =
    problems.length > NAMED_PROBLEMS ? ` and ${problems.length - NAMED_PROBLEMS} more` : '';
  const subject = problems.length === 1 ? 'This node uses' : 'These nodes use';
  return {
    ok: false,
    message: `Cannot switch to ${target.title} (${target.edition}). ${subject} what that edition does not have: ${named}${more}. Change or remove ${problems.length === 1 ? 'it' : 'them'} first.`,
  };
}

/**
 * Options with `id` set to `value`; the key is removed when `value` is undefined or equals the
 * default, so an unset option keeps following the catalog's default.
 */
function withOption<T extends Readonly<Record<string, unknown>>>(
  options: T,
  id: string,
  value: OptionValue | undefined,
  fallback: OptionValue | undefined,
): T {
  const next: Record<string, unknown> = { ...options };
  if (value === undefined || value === fallback) delete next[id];
  else next[id] = value;
  return next as T;
}

function sameOptions(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The plan with a declared plan option set (same plan when nothing changes). */
export function setPlanOption(
  plan: Plan,
  catalog: Catalog,
  id: string,
  value: OptionValue | undefined,
): Plan {
  const def = optionDefinition(catalog, 'plan', id);
  if (!def) throw new Error(`Catalog ${catalog.edition} declares no plan option "${id}"`);
  const options = withOption(plan.options, id, value, optionDefault(catalog, def));
  return sameOptions(options, plan.options) ? plan : { ...plan, options };
}

/** The plan with a declared node option set on one node (same plan when nothing changes). */
export function setNodeOption(
  plan: Plan,
  catalog: Catalog,
  nodeId: string,
  id: string,
  value: OptionValue | undefined,
): Plan {
  const def = optionDefinition(catalog, 'node', id);
  if (!def) throw new Error(`Catalog ${catalog.edition} declares no node option "${id}"`);
  let changed = false;
  const nodes = plan.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    // The default for this node (its extra roles count: defaultByRole), as the inspector shows it.
    const options: NodeOptions = withOption(n.options, id, value, optionDefault(catalog, def, n));
    if (sameOptions(options, n.options)) return n;
    changed = true;
    return { ...n, options };
  });
  return changed ? { ...plan, nodes } : plan;
}

/** True when an option is a yes/no choice (rendered as one checkbox). */
export function isBooleanOption(def: OptionDefinition): boolean {
  return (
    def.values.length === 2 &&
    def.values.some((v) => v.value === true) &&
    def.values.some((v) => v.value === false)
  );
}
