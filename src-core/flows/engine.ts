// Flow engine: turns a plan's connections into flows, absent flows and warnings (DESIGN "Flow semantics").
import { effectiveOption, optionDefinition } from '../catalog/options';
import { nodeRoles } from '../catalog/roles';
import type { Catalog, CatalogRule, RuleCondition } from '../catalog/types';
import type { Plan, PlanConnection, PlanNode } from '../plan/types';
import { compareStrings } from '../util/compare';
import { acknowledge } from './acknowledge';
import {
  type CustomTemplate,
  customFlow,
  customTemplates,
  sortedCustomFlows,
  sortedCustomRules,
} from './custom';
import { parsePorts } from './ports';
import type { AbsentFlow, Flow, FlowResult, PortOverride } from './types';
import { validatePlan } from './validate';

/** Rules indexed for lookup by (from role, to role); built once per catalog. */
interface RuleIndex {
  readonly rules: readonly CatalogRule[];
  /** `${fromRole}\n${toRole}` → indexes into `rules`, ascending. */
  readonly byPair: ReadonlyMap<string, readonly number[]>;
}

const ruleIndexes = new WeakMap<Catalog, RuleIndex>();

/** Shared empty list for unconditional flows (no allocation per flow). */
const NONE: readonly string[] = Object.freeze([]);

function ruleIndex(catalog: Catalog): RuleIndex {
  let index = ruleIndexes.get(catalog);
  if (!index) {
    const byPair = new Map<string, number[]>();
    catalog.rules.forEach((rule, i) => {
      for (const from of rule.from) {
        for (const to of rule.to) {
          const key = `${from}\n${to}`;
          const list = byPair.get(key);
          if (list) list.push(i);
          else byPair.set(key, [i]);
        }
      }
    });
    index = { rules: catalog.rules, byPair };
    ruleIndexes.set(catalog, index);
  }
  return index;
}

/** What the engine knows about one node while computing. */
export interface NodeInfo {
  readonly node: PlanNode;
  readonly roles: ReadonlySet<string>;
  /** Index of the node's type plus sorted extra roles: equal signatures match the same rules. */
  readonly signature: number;
  /** Nodes this one is connected to (each once, in connection-id order). */
  readonly peers: NodeInfo[];
}

/** Intermediate state shared with validation so it does not recompute adjacency. */
export interface EngineContext {
  readonly plan: Plan;
  readonly catalog: Catalog;
  /** Valid nodes by id (first occurrence wins for a duplicated id). */
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** Connections sorted by id. */
  readonly connections: readonly PlanConnection[];
  /** Number of rule matches (flows + absent flows) of each connection, by index in `connections`. */
  readonly coverage: readonly number[];
  /** Node ids that are an endpoint of at least one non-local flow. */
  readonly nodesWithNetworkFlows: ReadonlySet<string>;
  /** The computed flows (validation compares custom flows with catalog ones). */
  readonly flows: readonly Flow[];
  /** Custom rule ids that yielded at least one flow. */
  readonly usedCustomRules: ReadonlySet<string>;
  /** Today's date (YYYY-MM-DD) for expiry checks. */
  readonly today: string;
}

/** Options of {@link computeFlows}. */
export interface ComputeOptions {
  /** Today's date (YYYY-MM-DD) for custom-flow expiry; defaults to the current UTC date. */
  readonly today?: string;
}

/** The current UTC date, YYYY-MM-DD. */
function currentDate(): string {
  return new Date().toISOString().slice(0, 10);
}

function describeNode(info: NodeInfo): string {
  return info.node.name || info.node.id;
}

function describeValue(value: unknown): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}

/** An effective option value for a reason text: `"runtime" (default)`, `"custom"`, `not set`. */
function describeEffective(e: {
  readonly value: unknown;
  readonly source: 'set' | 'default';
  readonly invalid?: unknown;
}): string {
  if (e.value === undefined) {
    return e.invalid === undefined
      ? 'not set'
      : `not set (${describeValue(e.invalid)} is not valid)`;
  }
  if (e.source === 'set') return describeValue(e.value);
  const why =
    e.invalid === undefined ? 'default' : `default; ${describeValue(e.invalid)} is not valid`;
  return `${describeValue(e.value)} (${why})`;
}

/** Start of an absent flow's reason: the condition the rule needs. */
function onlyWhen(description: string): string {
  return `Applies only if: ${description}`;
}

/** Flow and absent-flow emission for one catalog and plan. */
class FlowBuilder {
  readonly flows: Flow[] = [];
  readonly absent: AbsentFlow[] = [];
  readonly #index: RuleIndex;
  readonly #pairCache = new Map<number, readonly number[]>();

  constructor(
    private readonly plan: Plan,
    private readonly catalog: Catalog,
  ) {
    this.#index = ruleIndex(catalog);
  }

  /** Rules (ascending catalog order) from a role of `a` to a role of `b`, cached by signatures. */
  candidates(a: NodeInfo, b: NodeInfo, local: boolean): readonly number[] {
    // Signatures are small integers (< 2^20 distinct), so the pair packs into one exact number.
    const key = (a.signature * 2 ** 20 + b.signature) * 2 + (local ? 1 : 0);
    let list = this.#pairCache.get(key);
    if (!list) {
      const found = new Set<number>();
      for (const ra of a.roles) {
        for (const rb of b.roles) {
          for (const i of this.#index.byPair.get(`${ra}\n${rb}`) ?? []) {
            const rule = this.#index.rules[i]!;
            // Rules published as "inside one host" never cross a connection, and rules between
            // two hosts of one role (repository → repository) never make a local flow.
            if (local ? !rule.network : !rule.local) found.add(i);
          }
        }
      }
      list = [...found].sort((x, y) => x - y);
      this.#pairCache.set(key, list);
    }
    return list;
  }

  /** Role → node → its peers playing that role (one map per role, not one per node). */
  readonly #peerRoleCache = new Map<string, Map<NodeInfo, readonly NodeInfo[]>>();

  /** Peers of a node playing a role; memoised because hubs have thousands of peers. */
  #peersWithRole(info: NodeInfo, role: string): readonly NodeInfo[] {
    let byNode = this.#peerRoleCache.get(role);
    if (!byNode) this.#peerRoleCache.set(role, (byNode = new Map()));
    let peers = byNode.get(info);
    if (!peers) byNode.set(info, (peers = info.peers.filter((p) => p.roles.has(role))));
    return peers;
  }

  /** Null when the condition holds, otherwise why it does not. */
  #failure(cond: RuleCondition, from: NodeInfo, to: NodeInfo): string | null {
    switch (cond.kind) {
      case 'node-option': {
        const target = cond.node === 'from' ? from : to;
        const stored = target.node.options?.[cond.option];
        const def = optionDefinition(this.catalog, 'node', cond.option);
        // Undeclared options (hand-made catalogs) compare the stored value as it is.
        const effective = def
          ? effectiveOption(this.catalog, def, stored, target.node, target.roles)
          : { value: stored, source: 'set' as const };
        if (effective.value === cond.equals) return null;
        return `${onlyWhen(cond.description)} — on ${describeNode(target)}, ${cond.option} is ${describeEffective(effective)}`;
      }
      case 'plan-option': {
        const stored = this.plan.options?.[cond.option];
        const def = optionDefinition(this.catalog, 'plan', cond.option);
        const effective = def
          ? effectiveOption(this.catalog, def, stored)
          : { value: stored, source: 'set' as const };
        if (effective.value === cond.equals) return null;
        return `${onlyWhen(cond.description)} — in this plan, ${cond.option} is ${describeEffective(effective)}`;
      }
      case 'no-peer-with-role': {
        const target = cond.node === 'from' ? from : to;
        const peers = this.#peersWithRole(target, cond.role);
        if (peers.length === 0) return null;
        return `${onlyWhen(cond.description)} — but ${describeNode(target)} is connected to ${peers.map(describeNode).join(', ')}`;
      }
    }
  }

  /** Emits the flows (or absent flows) of rules `indexes` from `a` to `b`; returns how many. */
  emit(connection: string | null, a: NodeInfo, b: NodeInfo, indexes: readonly number[]): number {
    for (const i of indexes) {
      const rule = this.#index.rules[i]!;
      let reason: string | null = null;
      let held: readonly string[] = NONE;
      if (rule.conditions && rule.conditions.length > 0) {
        const descriptions: string[] = [];
        for (const cond of rule.conditions) {
          reason = this.#failure(cond, a, b);
          if (reason !== null) break;
          descriptions.push(cond.description);
        }
        held = descriptions;
      }
      const from = a.node.id;
      const to = b.node.id;
      if (reason !== null) {
        this.absent.push({
          connection,
          from,
          to,
          protocol: rule.protocol,
          ports: rule.ports,
          rule: rule.id,
          purpose: rule.purpose,
          source: rule.source,
          reason,
        });
        continue;
      }
      let ports = rule.ports;
      let override: PortOverride | undefined;
      if (rule.service !== undefined) {
        const text = b.node.options?.portOverrides?.[rule.service];
        const parsed = typeof text === 'string' ? parsePorts(text) : null;
        if (parsed) {
          ports = parsed;
          override = { service: rule.service, catalogPorts: rule.ports, node: to };
        }
      }
      const flow: Flow = {
        id: `${connection ?? 'local'}:${from}>${to}:${rule.id}`,
        connection,
        from,
        to,
        protocol: rule.protocol,
        ports,
        rule: rule.id,
        purpose: rule.purpose,
        source: rule.source,
        local: connection === null,
        conditions: held,
      };
      this.flows.push(override ? { ...flow, override } : flow);
    }
    return indexes.length;
  }
}

/** Below this many peers a linear scan dedups adjacency faster than a Set (most nodes). */
const SMALL_DEGREE = 16;

/** Builds node infos (roles, signatures, adjacency); connections with unknown ends are skipped. */
function buildNodes(plan: Plan, catalog: Catalog, sorted: readonly PlanConnection[]) {
  const nodes = new Map<string, NodeInfo>();
  // Nodes of one signature play the same roles: resolve them once and share the (read-only) set.
  const signatures = new Map<string, { signature: number; roles: ReadonlySet<string> }>();
  for (const node of plan.nodes) {
    if (nodes.has(node.id)) continue;
    const extra = node.extraRoles ?? [];
    const key =
      extra.length === 0 ? node.type : `${node.type}|${[...extra].sort(compareStrings).join(',')}`;
    let known = signatures.get(key);
    if (known === undefined) {
      known = { signature: signatures.size, roles: nodeRoles(catalog, node) };
      signatures.set(key, known);
    }
    nodes.set(node.id, { node, roles: known.roles, signature: known.signature, peers: [] });
  }
  // Hubs (a backup server connected to thousands) get a set so adjacency stays linear; the
  // many small nodes scan their short peer list instead of each allocating a set.
  const big = new Map<NodeInfo, Set<NodeInfo>>();
  const link = (x: NodeInfo, y: NodeInfo) => {
    const peers = x.peers;
    if (peers.length < SMALL_DEGREE) {
      if (peers.includes(y)) return;
      peers.push(y);
      if (peers.length === SMALL_DEGREE) big.set(x, new Set(peers));
      return;
    }
    const set = big.get(x)!;
    if (set.has(y)) return;
    set.add(y);
    peers.push(y);
  };
  for (const c of sorted) {
    const a = nodes.get(c.from);
    const b = nodes.get(c.to);
    if (!a || !b || a === b) continue;
    link(a, b);
    link(b, a);
  }
  return nodes;
}

function byConnectionId(x: PlanConnection, y: PlanConnection): number {
  return compareStrings(x.id, y.id) || compareStrings(x.from, y.from) || compareStrings(x.to, y.to);
}

/** Runs the engine without validation (for callers that only need flows). */
export function computeFlowsOnly(
  plan: Plan,
  catalog: Catalog,
  options: ComputeOptions = {},
): {
  flows: Flow[];
  absent: AbsentFlow[];
  context: EngineContext;
} {
  const connections = [...plan.connections].sort(byConnectionId);
  const nodes = buildNodes(plan, catalog, connections);
  const builder = new FlowBuilder(plan, catalog);
  const coverage: number[] = new Array<number>(connections.length).fill(0);
  const networked = new Set<string>();
  const ruleTemplates = customTemplates('rule', sortedCustomRules(plan));
  const usedCustomRules = new Set<string>();
  /** Custom rules from a role of `a` to a role of `b`, as flows on connection `c`. */
  const emitCustomRules = (c: string, a: NodeInfo, b: NodeInfo): number => {
    let n = 0;
    for (const t of ruleTemplates) {
      if (!a.roles.has(t.def.from as string) || !b.roles.has(t.def.to as string)) continue;
      builder.flows.push(customFlow(t, c, a.node.id, b.node.id));
      usedCustomRules.add(t.def.id);
      n++;
    }
    return n;
  };

  for (let index = 0; index < connections.length; index++) {
    const c = connections[index]!;
    const x = nodes.get(c.from);
    const y = nodes.get(c.to);
    if (!x || !y || x === y) continue;
    // Drawing direction does not matter: the node with the smaller id is always emitted first.
    const xFirst = compareStrings(x.node.id, y.node.id) <= 0;
    const a = xFirst ? x : y;
    const b = xFirst ? y : x;
    const before = builder.flows.length;
    let count =
      builder.emit(c.id, a, b, builder.candidates(a, b, false)) +
      builder.emit(c.id, b, a, builder.candidates(b, a, false));
    if (ruleTemplates.length > 0)
      count += emitCustomRules(c.id, a, b) + emitCustomRules(c.id, b, a);
    coverage[index] = count;
    if (builder.flows.length > before) {
      networked.add(a.node.id);
      networked.add(b.node.id);
    }
  }

  emitCustomFlows(plan, nodes, connections, coverage, builder.flows, networked);

  const ids = [...nodes.keys()].sort(compareStrings);
  for (const id of ids) {
    const info = nodes.get(id)!;
    builder.emit(null, info, info, builder.candidates(info, info, true));
  }

  return {
    flows: builder.flows,
    absent: builder.absent,
    context: {
      plan,
      catalog,
      nodes,
      connections,
      coverage,
      nodesWithNetworkFlows: networked,
      flows: builder.flows,
      usedCustomRules,
      today: options.today ?? currentDate(),
    },
  };
}

/**
 * The plan's custom flows (by id), after the connections' flows. Each takes the connection
 * between its two nodes when there is one (the first by id, which it then covers), else none:
 * a custom flow needs no drawn connection. Flows naming an unknown node are skipped (restore
 * refuses them; the engine never throws).
 */
function emitCustomFlows(
  plan: Plan,
  nodes: ReadonlyMap<string, NodeInfo>,
  connections: readonly PlanConnection[],
  coverage: number[],
  out: Flow[],
  networked: Set<string>,
): void {
  const templates: CustomTemplate[] = customTemplates('flow', sortedCustomFlows(plan));
  if (templates.length === 0) return;
  const between = new Map<string, number>();
  connections.forEach((c, i) => {
    const key = compareStrings(c.from, c.to) <= 0 ? `${c.from}\n${c.to}` : `${c.to}\n${c.from}`;
    if (!between.has(key)) between.set(key, i);
  });
  for (const t of templates) {
    const from = t.def.from as string;
    const to = t.def.to as string;
    if (!nodes.has(from) || !nodes.has(to) || from === to) continue;
    const key = compareStrings(from, to) <= 0 ? `${from}\n${to}` : `${to}\n${from}`;
    const index = between.get(key);
    if (index !== undefined) coverage[index]!++;
    out.push(customFlow(t, index === undefined ? null : connections[index]!.id, from, to));
    networked.add(from);
    networked.add(to);
  }
}

/**
 * Every flow the plan's connections need, the flows left out by a condition, and validation
 * warnings. Order: network flows by connection id, then source node id, then catalog rule
 * order; local flows after them by node id, then rule order. Independent of the order of
 * the plan's arrays and of the direction connections were drawn in.
 */
export function computeFlows(
  plan: Plan,
  catalog: Catalog,
  options: ComputeOptions = {},
): FlowResult {
  const { flows, absent, context } = computeFlowsOnly(plan, catalog, options);
  return { flows, absent, warnings: acknowledge(validatePlan(context), plan.acknowledgedWarnings) };
}
