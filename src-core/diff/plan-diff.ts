// diffPlans: nodes, connections, zones, options and flows a new plan version adds, removes or changes.
import { getCatalog } from '../catalog/registry';
import { computeFlows } from '../flows/engine';
import { formatPorts } from '../flows/ports';
import type { Flow, FlowResult } from '../flows/types';
import type { Plan, PlanConnection, PlanNode } from '../plan/types';
import { compareStrings } from '../util/compare';
import type { AddedRemoved, FieldChange, NodeChange, PlanDiff, ZoneChange } from './types';

/** Flows already computed for either side (the app holds them); computed when left out. */
export interface DiffOptions {
  readonly oldFlows?: FlowResult;
  readonly newFlows?: FlowResult;
}

/** Key of a flow in a diff: the requirement a firewall sees, whichever connection yields it. */
export function flowKey(flow: Pick<Flow, 'from' | 'to' | 'protocol' | 'ports' | 'rule'>): string {
  return `${flow.from}>${flow.to} ${flow.protocol}/${formatPorts(flow.ports)} ${flow.rule}`;
}

/** Key of a connection: its two end nodes in sorted order (drawing direction does not matter). */
export function connectionKey(connection: Pick<PlanConnection, 'from' | 'to'>): string {
  const [a, b] = [connection.from, connection.to].sort(compareStrings);
  return `${a}~${b}`;
}

/** JSON text with object keys sorted at every depth: equal values, equal text. */
function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(compareStrings)) {
      sorted[k] = (v as Record<string, unknown>)[k];
    }
    return sorted;
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || stableJson(a) === stableJson(b);
}

/** Fields of two records that differ, one level deep, sorted by key; `prefix` names nested ones. */
function fieldChanges(
  old: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
  skip: readonly string[] = [],
  prefix = '',
): FieldChange[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])]
    .filter((k) => !skip.includes(k))
    .sort(compareStrings);
  const out: FieldChange[] = [];
  for (const k of keys) {
    if (!sameValue(old[k], next[k]))
      out.push({ field: `${prefix}${k}`, old: old[k], new: next[k] });
  }
  return out;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Node fields that differ; options are compared key by key (`options.vmid`). */
function nodeFieldChanges(old: PlanNode, next: PlanNode): FieldChange[] {
  const top = fieldChanges(old, next, ['id', 'options']);
  const oldOptions = isRecord(old.options) ? old.options : {};
  const newOptions = isRecord(next.options) ? next.options : {};
  const options = fieldChanges(oldOptions, newOptions, [], 'options.');
  return [...top, ...options].sort((a, b) => compareStrings(a.field, b.field));
}

/**
 * Items of two lists matched by key: those only in `next` (added), only in `old` (removed), and
 * the pairs in both. Duplicated keys count once (the first stands for them). Sorted by key.
 */
function matchByKey<T>(
  old: readonly T[],
  next: readonly T[],
  key: (item: T) => string,
): AddedRemoved<T> & { readonly both: readonly (readonly [T, T])[] } {
  const index = (items: readonly T[]) => {
    const map = new Map<string, T>();
    for (const item of items) {
      const k = key(item);
      if (!map.has(k)) map.set(k, item);
    }
    return map;
  };
  const before = index(old);
  const after = index(next);
  const byKey = (a: T, b: T) => compareStrings(key(a), key(b));
  const added = [...after].filter(([k]) => !before.has(k)).map(([, v]) => v);
  const removed = [...before].filter(([k]) => !after.has(k)).map(([, v]) => v);
  const both = [...before]
    .filter(([k]) => after.has(k))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([k, v]) => [v, after.get(k)!] as const);
  return { added: added.sort(byKey), removed: removed.sort(byKey), both };
}

function flowsOf(plan: Plan): FlowResult {
  return computeFlows(plan, getCatalog(plan.catalog));
}

/**
 * What `next` adds, removes and changes against `old`. Pure and deterministic: every list is
 * sorted by its key, so the same two plans always give the same diff, and swapping the arguments
 * swaps added with removed and old with new.
 */
export function diffPlans(old: Plan, next: Plan, options: DiffOptions = {}): PlanDiff {
  const nodes = matchByKey(old.nodes, next.nodes, (n) => n.id);
  const changedNodes: NodeChange[] = [];
  for (const [a, b] of nodes.both) {
    const fields = nodeFieldChanges(a, b);
    if (fields.length === 0) continue;
    changedNodes.push({
      id: a.id,
      old: a,
      new: b,
      fields,
      // zonePinned only says whether the zone follows the address: no firewall sees it.
      layoutOnly: fields.every((f) => f.field === 'position' || f.field === 'zonePinned'),
    });
  }

  const zones = matchByKey(old.zones, next.zones, (z) => z.id);
  const changedZones: ZoneChange[] = [];
  for (const [a, b] of zones.both) {
    const fields = fieldChanges(a, b, ['id']);
    if (fields.length > 0) changedZones.push({ id: a.id, old: a, new: b, fields });
  }

  const planOptions = fieldChanges(
    isRecord(old.options) ? old.options : {},
    isRecord(next.options) ? next.options : {},
  );
  if (old.catalog !== next.catalog) {
    planOptions.unshift({ field: 'catalog', old: old.catalog, new: next.catalog });
  }

  const connections = matchByKey(old.connections, next.connections, connectionKey);
  const flows = matchByKey(
    (options.oldFlows ?? flowsOf(old)).flows,
    (options.newFlows ?? flowsOf(next)).flows,
    flowKey,
  );

  return {
    nodes: { added: nodes.added, removed: nodes.removed, changed: changedNodes },
    connections: { added: connections.added, removed: connections.removed },
    zones: { added: zones.added, removed: zones.removed, changed: changedZones },
    options: planOptions,
    flows: { added: flows.added, removed: flows.removed },
  };
}

/** True when the two plans differ in nothing the diff tracks (a moved node counts). */
export function isEmptyDiff(diff: PlanDiff): boolean {
  return (
    diff.nodes.added.length === 0 &&
    diff.nodes.removed.length === 0 &&
    diff.nodes.changed.length === 0 &&
    diff.connections.added.length === 0 &&
    diff.connections.removed.length === 0 &&
    diff.zones.added.length === 0 &&
    diff.zones.removed.length === 0 &&
    diff.zones.changed.length === 0 &&
    diff.options.length === 0 &&
    diff.flows.added.length === 0 &&
    diff.flows.removed.length === 0
  );
}

/** The same diff seen from the other side: what `diff(b, a)` is when this is `diff(a, b)`. */
export function reverseDiff(diff: PlanDiff): PlanDiff {
  const swap = (fields: readonly FieldChange[]) =>
    fields.map((f) => ({ field: f.field, old: f.new, new: f.old }));
  return {
    nodes: {
      added: diff.nodes.removed,
      removed: diff.nodes.added,
      changed: diff.nodes.changed.map((c) => ({
        id: c.id,
        old: c.new,
        new: c.old,
        fields: swap(c.fields),
        layoutOnly: c.layoutOnly,
      })),
    },
    connections: { added: diff.connections.removed, removed: diff.connections.added },
    zones: {
      added: diff.zones.removed,
      removed: diff.zones.added,
      changed: diff.zones.changed.map((c) => ({
        id: c.id,
        old: c.new,
        new: c.old,
        fields: swap(c.fields),
      })),
    },
    options: swap(diff.options),
    flows: { added: diff.flows.removed, removed: diff.flows.added },
  };
}

/**
 * Flow keys after applying a diff's flow changes to a set of flows: what was there, minus the
 * removed, plus the added. `applyFlowChanges(flows(a), diff(a, b))` has the keys of `flows(b)`.
 */
export function applyFlowChanges(flows: readonly Flow[], diff: PlanDiff): Set<string> {
  const keys = new Set(flows.map(flowKey));
  for (const f of diff.flows.removed) keys.delete(flowKey(f));
  for (const f of diff.flows.added) keys.add(flowKey(f));
  return keys;
}
