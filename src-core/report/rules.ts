// The change request written in rules: the policy's rule sets per enforcement point, host firewalls of one shape together, objects listed once.
import type { SourceRef } from '../catalog/types';
import type { Plan, PlanNode } from '../plan/types';
import { formatPorts } from '../flows/ports';
import { formatRun } from '../policy/addresses';
import type { Policy, PolicyRule, RuleSet } from '../policy/types';
import { compareStrings } from '../util/compare';

/** A service of a rule row. */
export interface RuleService {
  /** Service group name (see the objects section). */
  readonly name: string;
  /** "TCP" or "UDP". */
  readonly protocol: string;
  /** "443" or "2500-3300". */
  readonly ports: string;
}

/**
 * One rule row of the document, numbered R1, R2… in reading order: the policy's rows of one
 * (source, destination, family) with their services together, as firewalls write one rule with
 * several services. Still least privilege: every service is needed from every source to every
 * destination.
 */
export interface RuleRow {
  readonly ref: string;
  /** Address group names (see the objects section). */
  readonly source: string;
  /** Destination group; "" in a host-firewall table, where it is each listed host itself. */
  readonly destination: string;
  /** In the policy's order (protocol, then first port). */
  readonly services: readonly RuleService[];
  readonly family: 4 | 6;
  readonly purposes: readonly string[];
  /** Published rows, compact: "Workers, rows 1, 3; Backup Server, row 4". */
  readonly tables: string;
  /** References (F1…) of the flows it implements, in number order. */
  readonly flowRefs: readonly string[];
  /** Number of flows it implements (over every host of a host-firewall table). */
  readonly flows: number;
  /**
   * Host-firewall rows only: the network rules (refs) with the same source and services whose
   * destination holds every host of the table, so the document points there instead of
   * repeating purposes and published rows.
   */
  readonly sameAs: readonly string[];
}

/** The rules of one network firewall, in the direction of the traffic. */
export interface NetworkRuleSet {
  /** Policy enforcement point id, `net:<from>><to>`. */
  readonly id: string;
  /** "Management → Virtualisation". */
  readonly title: string;
  readonly fromZone: string;
  readonly toZone: string;
  readonly rules: readonly RuleRow[];
  /** The same rows in blocks of one service set and purpose (printed once per block). */
  readonly blocks: readonly (readonly RuleRow[])[];
  readonly flows: number;
}

/** A host the host-firewall table applies to. */
export interface RuleHost {
  readonly id: string;
  readonly name: string;
  readonly addresses: readonly string[];
}

/** Host firewalls that need the same rows (same sources, services and catalog rules). */
export interface HostRuleGroup {
  /** Ids of the policy's host points, `host:<id>`, in host order. */
  readonly points: readonly string[];
  readonly hosts: readonly RuleHost[];
  readonly rules: readonly RuleRow[];
  readonly flows: number;
}

/** An address group as the objects section lists it. */
export interface AddressObject {
  readonly name: string;
  readonly family: 4 | 6;
  readonly description: string;
  /** Member host names, in id order. */
  readonly members: readonly string[];
  /** Compact runs: host, CIDR or range. */
  readonly addresses: readonly string[];
}

/** A service group as the objects section lists it. */
export interface ServiceObject {
  readonly name: string;
  readonly protocol: string;
  readonly ports: string;
  readonly description: string;
}

/** A flow no rule carries (an end without a usable address), so the reader sees it is missing. */
export interface UnresolvedRow {
  readonly ref: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** Everything the "rules to implement" and "objects" sections show. */
export interface RulesSection {
  readonly network: readonly NetworkRuleSet[];
  readonly hosts: readonly HostRuleGroup[];
  readonly addresses: readonly AddressObject[];
  readonly services: readonly ServiceObject[];
  readonly unresolved: readonly UnresolvedRow[];
  /** Rows in the document (network rows plus host-table rows). */
  readonly ruleCount: number;
  /** Flow id → refs of the rows that implement it (network rules first), for the appendix. */
  readonly rulesOfFlow: ReadonlyMap<string, readonly string[]>;
  /** Host firewall rows before tables of one shape were merged (what the hosts apply in total). */
  readonly hostRuleCount: number;
}

/** At most this many flow references per rule row; the rest is a count (the appendix has all). */
export const FLOW_REFS_SHOWN = 6;

/** "Workers, rows 1, 3; Backup Server, row 4", tables in order of first appearance. */
export function tablesText(sources: readonly SourceRef[]): string {
  const rows = new Map<string, number[]>();
  for (const s of sources) {
    const list = rows.get(s.table);
    if (list) list.push(s.row);
    else rows.set(s.table, [s.row]);
  }
  return [...rows]
    .map(([table, list]) => {
      const sorted = [...new Set(list)].sort((a, b) => a - b);
      return `${table}, row${sorted.length === 1 ? '' : 's'} ${sorted.join(', ')}`;
    })
    .join('; ');
}

/** Consecutive policy rules of one (family, source, destination): one document row each. */
function runsOf(rules: readonly PolicyRule[]): PolicyRule[][] {
  const out: PolicyRule[][] = [];
  for (const r of rules) {
    const last = out[out.length - 1]?.[0];
    if (
      last &&
      last.family === r.family &&
      last.source === r.source &&
      last.destination === r.destination
    ) {
      out[out.length - 1]!.push(r);
    } else {
      out.push([r]);
    }
  }
  return out;
}

/** Builds the rules section from a policy; `refOf` numbers flows as the document does. */
export function buildRulesSection(
  plan: Plan,
  policy: Policy,
  refOf: ReadonlyMap<string, string>,
  zoneName: (zone: string) => string,
): RulesSection {
  const nodes = new Map<string, PlanNode>();
  for (const n of plan.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  let next = 0;
  const rulesOfFlow = new Map<string, string[]>();
  const refNumber = (id: string) => Number((refOf.get(id) ?? 'F0').slice(1));
  const row = (rs: readonly PolicyRule[], destination: string, ids: readonly string[]): RuleRow => {
    const refs = ids.filter((id) => refOf.has(id)).sort((a, b) => refNumber(a) - refNumber(b));
    const first = rs[0]!;
    const ref = `R${++next}`;
    for (const id of ids) {
      const list = rulesOfFlow.get(id);
      if (list) list.push(ref);
      else rulesOfFlow.set(id, [ref]);
    }
    return {
      ref,
      source: first.source,
      destination,
      services: rs.map((r) => ({
        name: r.service,
        protocol: r.protocol.toUpperCase(),
        ports: r.ports.map(formatPorts).join(', '),
      })),
      family: first.family,
      purposes: [...new Set(rs.flatMap((r) => r.purposes))].sort(compareStrings),
      tables: tablesText(rs.flatMap((r) => r.sources)),
      flowRefs: refs.map((id) => refOf.get(id)!),
      flows: ids.length,
      sameAs: [],
    };
  };
  // Network rows by (source, services): host rows that repeat one of them point to it.
  const groupNodes = new Map(policy.addressGroups.map((g) => [g.name, new Set(g.nodes)]));
  const networkRows = new Map<string, RuleRow[]>();
  const rowKey = (source: string, family: number, services: readonly RuleService[]) =>
    `${family}|${source}|${services.map((x) => x.name).join(',')}`;

  const used = new Set<string>();
  const services = new Set<string>();
  const network: NetworkRuleSet[] = [];
  const hostSets: RuleSet[] = [];
  for (const set of policy.ruleSets) {
    if (set.point.kind !== 'network') {
      hostSets.push(set);
      continue;
    }
    const { fromZone, toZone } = set.point;
    let flows = 0;
    // Rows of the same services from the same catalog rules form one block, printed with their
    // purpose once; blocks in order of first appearance, rows numbered in that order.
    const byBlock = new Map<string, PolicyRule[][]>();
    for (const rs of runsOf(set.rules)) {
      const key = `${rs[0]!.family}|${rs.map((r) => r.service).join(',')}|${[
        ...new Set(rs.flatMap((r) => r.rules)),
      ]
        .sort(compareStrings)
        .join(',')}`;
      const block = byBlock.get(key);
      if (block) block.push(rs);
      else byBlock.set(key, [rs]);
    }
    const made = (rs: readonly PolicyRule[]): RuleRow => {
      const ids: string[] = [];
      for (const r of rs) {
        used.add(r.source);
        used.add(r.destination);
        services.add(r.service);
        for (const id of r.flows) ids.push(id);
      }
      flows += ids.length;
      const made = row(rs, rs[0]!.destination, ids);
      const key = rowKey(made.source, made.family, made.services);
      const list = networkRows.get(key);
      if (list) list.push(made);
      else networkRows.set(key, [made]);
      return made;
    };
    const blocks = [...byBlock.values()].map((block) => block.map(made));
    network.push({
      id: set.point.id,
      title: `${zoneName(fromZone)} → ${zoneName(toZone)}`,
      fromZone,
      toZone,
      rules: blocks.flat(),
      blocks,
      flows,
    });
  }

  // Host firewalls whose rows match in everything but the host itself share one table.
  const shapes = new Map<string, RuleSet[]>();
  let hostRuleCount = 0;
  for (const set of hostSets) {
    hostRuleCount += set.rules.length;
    const key = set.rules
      .map((r) => `${r.family}|${r.source}|${r.service}|${r.rules.join(',')}`)
      .join('\n');
    const same = shapes.get(key);
    if (same) same.push(set);
    else shapes.set(key, [set]);
  }
  const hosts: HostRuleGroup[] = [];
  for (const sets of shapes.values()) {
    const first = sets[0]!;
    // Same shape: rule i of every host has the same source, service and catalog rules.
    let offset = 0;
    const rules = runsOf(first.rules).map((rs) => {
      const ids: string[] = [];
      for (const r of rs) {
        used.add(r.source);
        services.add(r.service);
      }
      for (const s of sets) {
        for (let k = offset; k < offset + rs.length; k++) {
          for (const id of s.rules[k]!.flows) ids.push(id);
        }
      }
      offset += rs.length;
      const made = row(rs, '', ids);
      const sameAs = (networkRows.get(rowKey(made.source, made.family, made.services)) ?? [])
        .filter((n) => {
          const members = groupNodes.get(n.destination);
          return sets.every((s) => s.point.kind === 'host' && members?.has(s.point.node));
        })
        .map((n) => n.ref);
      return sameAs.length ? { ...made, sameAs } : made;
    });
    hosts.push({
      points: sets.map((s) => s.point.id),
      hosts: sets.map((s) => {
        const id = s.point.kind === 'host' ? s.point.node : '';
        const node = nodes.get(id);
        return { id, name: node?.name || id, addresses: node?.addresses ?? [] };
      }),
      rules,
      flows: rules.reduce((n, r) => n + r.flows, 0),
    });
  }

  const addresses: AddressObject[] = policy.addressGroups
    .filter((g) => used.has(g.name))
    .map((g) => ({
      name: g.name,
      family: g.family,
      description: g.description,
      members: g.nodes.map((id) => nodes.get(id)?.name || id),
      addresses: g.runs.map(formatRun),
    }));
  const serviceObjects: ServiceObject[] = policy.serviceGroups
    .filter((s) => services.has(s.name))
    .map((s) => ({
      name: s.name,
      protocol: s.protocol.toUpperCase(),
      ports: s.ports.map(formatPorts).join(', '),
      description: s.description,
    }));
  const unresolved: UnresolvedRow[] = policy.unresolved
    .map((u) => ({
      ref: refOf.get(u.flow) ?? '',
      from: nodes.get(u.from)?.name || u.from,
      to: nodes.get(u.to)?.name || u.to,
      reason: u.reason,
    }))
    .sort(
      (a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)) || compareStrings(a.ref, b.ref),
    );

  return {
    network,
    hosts,
    addresses,
    services: serviceObjects,
    unresolved,
    rulesOfFlow,
    ruleCount:
      network.reduce((n, s) => n + s.rules.length, 0) +
      hosts.reduce((n, g) => n + g.rules.length, 0),
    hostRuleCount,
  };
}
