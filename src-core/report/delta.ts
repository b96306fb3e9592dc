// The delta change request: the full document of the new version, filtered to what the change
// touches, plus what it removes (taken from the baseline's document) and an exact rollback.
import type { Catalog } from '../catalog/types';
import { diffPlans, flowKey } from '../diff/plan-diff';
import { diffSummary } from '../diff/summary';
import type { PlanDiff } from '../diff/types';
import type { Flow, FlowResult } from '../flows/types';
import type { Plan } from '../plan/types';
import { renderDiagram } from './diagram';
import type { RuleRow, RulesSection } from './rules';
import {
  type BuildOptions,
  type ChangeRequestDocument,
  type EnforcementPoint,
  type FlowRow,
  type HostRow,
  buildChangeRequest,
  resolveRisk,
} from './model';
import { assessRisk } from './risk';

/** One version of a plan with what the engine computed for it. */
export interface PlanVersion {
  readonly plan: Plan;
  readonly catalog: Catalog;
  readonly result: FlowResult;
}

/** A host whose fields changed, with the field paths. */
export interface ChangedHost {
  readonly host: HostRow;
  readonly fields: readonly string[];
}

/** Rule rows added and removed at one enforcement point of the rule layer. */
export interface RuleChangeCount {
  /** E.g. "Network firewall: Management → Backup" or "Host firewall: REPO01". */
  readonly point: string;
  readonly added: number;
  readonly removed: number;
}

/** What a delta document adds to the full one. */
export interface DeltaSection {
  /** What the change is measured against, e.g. `approved version "Site A" (CHG-41)`. */
  readonly since: string;
  /** One line of counts (nodes, connections, flows, rules). */
  readonly summary: string;
  readonly addedHosts: readonly HostRow[];
  /** Hosts of the baseline the change takes out (their rows come from the baseline). */
  readonly removedHosts: readonly HostRow[];
  /** Hosts whose addresses, type, zone or options changed (moves are no change). */
  readonly changedHosts: readonly ChangedHost[];
  /** Flows the change removes, numbered R1…, as the baseline's document showed them. */
  readonly removedFlows: readonly FlowRow[];
  /** The enforcement points those flows are removed from, with only the removed rows. */
  readonly removedPoints: readonly EnforcementPoint[];
  /** Local flows (two roles of one host) the change removes. */
  readonly removedLocalFlows: readonly FlowRow[];
  /** Rule-layer rows added and removed per enforcement point. */
  readonly rules: readonly RuleChangeCount[];
}

/** Removed flows that no enforcement point of the baseline listed: rendered apart, never dropped. */
export function unplacedRemovedFlows(delta: DeltaSection): readonly FlowRow[] {
  const placed = new Set(delta.removedPoints.flatMap((p) => p.flows.map((f) => f.ref)));
  return delta.removedFlows.filter((f) => !placed.has(f.ref));
}

/** Options of the delta document: the full document's, and a name for the baseline. */
export interface DeltaOptions extends BuildOptions {
  /** Overrides the default `since` text. */
  readonly sinceLabel?: string;
}

/** Rows of `rows` whose flow is in `keys`, renumbered `${prefix}1…` in document order. */
function pick(
  rows: readonly FlowRow[],
  flows: ReadonlyMap<string, Flow>,
  keys: ReadonlySet<string>,
  prefix: string,
  renumber: Map<string, string>,
): FlowRow[] {
  const out: FlowRow[] = [];
  for (const row of rows) {
    const flow = flows.get(row.id);
    if (!flow || !keys.has(flowKey(flow))) continue;
    const ref = `${prefix}${out.length + 1}`;
    renumber.set(row.ref, ref);
    out.push({ ...row, ref });
  }
  return out;
}

/** Enforcement points keeping only the given rows (renumbered); points left empty are dropped. */
function keepRows(
  points: readonly EnforcementPoint[],
  renumber: ReadonlyMap<string, string>,
  rows: ReadonlyMap<string, FlowRow>,
): EnforcementPoint[] {
  const out: EnforcementPoint[] = [];
  for (const p of points) {
    const flows = p.flows.flatMap((f) => {
      const ref = renumber.get(f.ref);
      const row = ref === undefined ? undefined : rows.get(ref);
      return row ? [row] : [];
    });
    if (flows.length > 0) out.push({ ...p, flows });
  }
  return out;
}

function refList(rows: readonly FlowRow[]): string {
  const refs = rows.map((r) => r.ref);
  return refs.length <= 12
    ? refs.join(', ')
    : `${refs.slice(0, 12).join(', ')} and ${refs.length - 12} more`;
}

/**
 * The rules section kept to the rows that implement an added flow (flow references renumbered),
 * and the objects those rows name.
 */
function deltaRules(
  rules: RulesSection,
  refs: ReadonlyMap<string, string>,
  added: ReadonlySet<string>,
): RulesSection {
  const keep = (r: RuleRow): RuleRow | null => {
    const flowRefs = r.flowRefs.flatMap((x) => {
      const ref = refs.get(x);
      return ref === undefined ? [] : [ref];
    });
    return flowRefs.length === 0 && r.sameAs.length === 0 ? null : { ...r, flowRefs };
  };
  const network = rules.network.flatMap((set) => {
    const blocks = set.blocks
      .map((b) => b.flatMap((r) => keep(r) ?? []))
      .filter((b) => b.length > 0);
    const kept = blocks.flat();
    return kept.length === 0 ? [] : [{ ...set, rules: kept, blocks }];
  });
  const networkRefs = new Set(network.flatMap((n) => n.rules.map((r) => r.ref)));
  const hosts = rules.hosts.flatMap((g) => {
    const kept = g.rules.flatMap((r) => {
      const k = keep(r);
      if (!k) return [];
      // A host row standing for network rules stays only while one of those rules does.
      if (k.flowRefs.length === 0 && !k.sameAs.some((x) => networkRefs.has(x))) return [];
      return [k];
    });
    return kept.length === 0 ? [] : [{ ...g, rules: kept }];
  });
  const named = new Set<string>();
  for (const r of [...network.flatMap((n) => n.rules), ...hosts.flatMap((g) => g.rules)]) {
    named.add(r.source).add(r.destination);
    for (const x of r.services) named.add(x.name);
  }
  const hostRows = hosts.reduce((n, g) => n + g.rules.length, 0);
  return {
    ...rules,
    network,
    hosts,
    addresses: rules.addresses.filter((a) => named.has(a.name)),
    services: rules.services.filter((x) => named.has(x.name)),
    unresolved: rules.unresolved.flatMap((u) => {
      const ref = refs.get(u.ref);
      return ref === undefined ? [] : [{ ...u, ref }];
    }),
    ruleCount: networkRefs.size + hostRows,
    rulesOfFlow: new Map([...rules.rulesOfFlow].filter(([id]) => added.has(id))),
    hostRuleCount: hostRows,
  };
}

/** Rollback of a delta: take out exactly what it added, put back exactly what it removed. */
function deltaRollback(
  added: readonly EnforcementPoint[],
  removed: readonly EnforcementPoint[],
  full: readonly string[],
): string[] {
  const steps: string[] = [];
  for (const p of added) {
    steps.push(
      `${p.title}: remove the rules added for ${refList(p.flows)} (section "Rules to implement for this change", appendix).`,
    );
  }
  for (const p of removed) {
    steps.push(
      `${p.title}: put back the rules removed for ${refList(p.flows)} (section "Changes", flows removed).`,
    );
  }
  if (added.length + removed.length === 0) {
    steps.push('This change adds and removes no flow: no firewall needs a rollback.');
  }
  steps.push(
    'Host firewalls: the exported host files are complete and idempotent, so re-applying the files exported from the baseline version (`portolan export BASELINE --format F --out DIR`) returns each host to exactly its previous rules.',
  );
  // Saving the configuration comes first; restoring it stays the safe alternative afterwards.
  const [save, ...rest] = full;
  return [...(save === undefined ? [] : [save]), ...steps, ...rest];
}

/**
 * The delta change request from `old` to `next`: the document of `next` with only the hosts,
 * enforcement points, flows and checks the change touches, and a Changes section listing what it
 * removes. One model, rendered by the same HTML and Markdown renderers as the full document.
 */
export function buildDeltaChangeRequest(
  old: PlanVersion,
  next: PlanVersion,
  options: DeltaOptions = {},
  diff: PlanDiff = diffPlans(old.plan, next.plan, { oldFlows: old.result, newFlows: next.result }),
): ChangeRequestDocument {
  const { sinceLabel, ...buildOptions } = options;
  const full = buildChangeRequest(next.plan, next.catalog, next.result, buildOptions);
  const before = buildChangeRequest(old.plan, old.catalog, old.result, { generatedAt: '' });

  const addedKeys = new Set(diff.flows.added.map(flowKey));
  const removedKeys = new Set(diff.flows.removed.map(flowKey));
  const newFlows = new Map(next.result.flows.map((f) => [f.id, f]));
  const oldFlows = new Map(old.result.flows.map((f) => [f.id, f]));

  const addedRefs = new Map<string, string>();
  const flows = pick(full.flows, newFlows, addedKeys, 'F', addedRefs);
  const localFlows = pick(full.localFlows, newFlows, addedKeys, 'FL', addedRefs);
  const removedRefs = new Map<string, string>();
  // D for the flows a change drops ("R" numbers the rules).
  const removedFlows = pick(before.flows, oldFlows, removedKeys, 'D', removedRefs);
  const removedLocalFlows = pick(before.localFlows, oldFlows, removedKeys, 'DL', removedRefs);

  const byRef = (rows: readonly FlowRow[]) => new Map(rows.map((r) => [r.ref, r]));
  const points = keepRows(full.enforcementPoints, addedRefs, byRef(flows));
  const removedPoints = keepRows(before.enforcementPoints, removedRefs, byRef(removedFlows));

  // Hosts the change touches: new, changed, or at either end of an added or removed flow.
  const changed = new Map(diff.nodes.changed.filter((c) => !c.layoutOnly).map((c) => [c.id, c]));
  const added = new Set(diff.nodes.added.map((n) => n.id));
  const touched = new Set<string>([...added, ...changed.keys()]);
  for (const f of [...flows, ...localFlows]) touched.add(f.from.id).add(f.to.id);
  for (const f of [...removedFlows, ...removedLocalFlows]) touched.add(f.from.id).add(f.to.id);
  const hosts = full.hosts.filter((h) => touched.has(h.id));
  const removedIds = new Set(diff.nodes.removed.map((n) => n.id));

  const verification = full.verification
    .map((g) => ({
      ...g,
      checks: g.checks.flatMap((c) => {
        const ref = addedRefs.get(c.flowRef);
        return ref === undefined ? [] : [{ ...c, flowRef: ref }];
      }),
    }))
    .filter((g) => g.checks.length > 0);

  const pointNodes = new Set(points.flatMap((p) => (p.node === undefined ? [] : [p.node])));
  const names = new Map([...old.plan.nodes, ...next.plan.nodes].map((n) => [n.id, n.name]));
  const zones = new Map([...old.plan.zones, ...next.plan.zones].map((z) => [z.id, z.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const zoneName = (id: string) => zones.get(id) ?? 'Outside the zones';
  const ruleCounts = new Map<string, { point: string; added: number; removed: number }>();
  const countRule = (
    point: (typeof diff.rules.added)[number]['point'],
    key: 'added' | 'removed',
  ) => {
    const title =
      point.kind === 'network'
        ? `Network firewall: ${zoneName(point.fromZone)} → ${zoneName(point.toZone)}`
        : `Host firewall: ${nameOf(point.node)}`;
    const entry = ruleCounts.get(point.id) ?? { point: title, added: 0, removed: 0 };
    entry[key]++;
    ruleCounts.set(point.id, entry);
  };
  for (const r of diff.rules.added) countRule(r.point, 'added');
  for (const r of diff.rules.removed) countRule(r.point, 'removed');

  const cr = old.plan.changeRequest?.number?.trim();
  const since = sinceLabel ?? `version "${old.plan.name}"${cr ? ` (change ${cr})` : ''}`;
  const given = full.details.given;
  const network = flows.length;
  const delta: DeltaSection = {
    since,
    summary: diffSummary(diff),
    addedHosts: full.hosts.filter((h) => added.has(h.id)),
    removedHosts: before.hosts.filter((h) => removedIds.has(h.id)),
    changedHosts: full.hosts.flatMap((h) => {
      const c = changed.get(h.id);
      return c
        ? [{ host: h, fields: c.fields.map((f) => f.field).filter((f) => f !== 'position') }]
        : [];
    }),
    removedFlows,
    removedPoints,
    removedLocalFlows,
    rules: [...ruleCounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v),
  };
  // Risk of what the change adds, not of the whole deployment again.
  const addedFlows = next.result.flows.filter((f) => addedKeys.has(flowKey(f)));
  const risk = resolveRisk(
    next.plan,
    assessRisk(next.plan, next.catalog, { ...next.result, flows: addedFlows }),
  );
  return {
    ...full,
    risk,
    details: {
      ...full.details,
      title:
        next.plan.changeRequest?.title?.trim() ||
        `Changes to the network flows of ${next.plan.name}`,
      justification: given.justification
        ? full.details.justification
        : `This change modifies the approved backup deployment "${next.plan.name}" (${next.catalog.title}) since the ${since}: it adds the ${network} network flow${network === 1 ? '' : 's'} and removes the ${removedFlows.length} listed in this document. Flows not listed are unchanged and stay as approved. Every flow cites its row of the vendor's published port tables.`,
    },
    summary: {
      ...full.summary,
      hosts: hosts.length,
      flows: flows.length,
      crossZoneFlows: points
        .filter((p) => p.kind === 'network')
        .reduce((n, p) => n + p.flows.length, 0),
      localFlows: localFlows.length,
      networkPoints: points.filter((p) => p.kind === 'network').length,
      hostPoints: points.filter((p) => p.kind === 'host').length,
    },
    hosts,
    flows,
    localFlows,
    rules: deltaRules(
      full.rules,
      addedRefs,
      new Set(next.result.flows.filter((f) => addedKeys.has(flowKey(f))).map((f) => f.id)),
    ),
    enforcementPoints: points,
    // Conditional flows left out, only where they concern a host the change touches.
    absent: full.absent.filter((_, i) => {
      const a = next.result.absent[i];
      return a !== undefined && (touched.has(a.from) || touched.has(a.to));
    }),
    verification,
    hostPolicies: full.hostPolicies.filter((p) => pointNodes.has(p.node)),
    rollback: deltaRollback(points, removedPoints, full.rollback),
    // The hosts the change touches and the links between them, as placed in the plan.
    diagram: renderDiagram(
      {
        ...next.plan,
        nodes: next.plan.nodes.filter((n) => touched.has(n.id)),
        connections: next.plan.connections.filter((c) => touched.has(c.from) && touched.has(c.to)),
      },
      next.catalog,
      `Hosts changed in ${next.plan.name}`,
    ),
    delta,
  };
}
