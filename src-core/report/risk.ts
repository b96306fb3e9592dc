// Suggested risk of a change request, computed from the flows it asks for, with the reasons shown.
import type { Catalog } from '../catalog/types';
import { componentType } from '../catalog/roles';
import { formatPorts } from '../flows/ports';
import type { Flow, FlowResult } from '../flows/types';
import type { Plan, PlanNode } from '../plan/types';

/** Risk levels of a change request, lowest first. */
export type RiskLevel = 'low' | 'medium' | 'high';

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

/** One finding that raises (or sets) the suggested risk. */
export interface RiskReason {
  /** Stable code, e.g. "wide-range-cross-zone". */
  readonly code: string;
  /** The level this finding alone justifies. */
  readonly level: RiskLevel;
  /** A sentence for the document, naming hosts and ports. */
  readonly message: string;
}

export interface RiskAssessment {
  /** Highest level among the reasons (low when there are none but the baseline). */
  readonly suggested: RiskLevel;
  /** Findings, highest level first, then in a stable order. */
  readonly reasons: readonly RiskReason[];
}

/** A port range at least this wide is "wide" (e.g. dynamic RPC 49152-65535). */
export const WIDE_RANGE_PORTS = 1000;
/** A range at least this wide but below WIDE_RANGE_PORTS is a "port range" worth naming. */
export const RANGE_PORTS = 100;
/** Above this many cross-zone flows the network change is large (medium)… */
export const MANY_CROSS_ZONE_FLOWS = 20;
/** …and above this many it is very large (high). */
export const VERY_MANY_CROSS_ZONE_FLOWS = 100;

const LEVEL_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/** The higher of two levels. */
export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

function width(f: { readonly ports: { readonly start: number; readonly end: number } }): number {
  return f.ports.end - f.ports.start + 1;
}

/** Zone key of a node: its zone id, or '' for nodes in no zone (one shared segment). */
export function zoneKey(plan: Plan, node: PlanNode | undefined): string {
  const zone = node?.zone ?? '';
  return plan.zones.some((z) => z.id === zone) ? zone : '';
}

/**
 * `zoneKey` for many nodes of one plan: the zone ids are read once, so a loop over the nodes stays
 * linear however many zones the plan has.
 */
export function zoneKeys(plan: Plan): (node: PlanNode | undefined) => string {
  const ids = new Set(plan.zones.map((z) => z.id));
  return (node) => {
    const zone = node?.zone ?? '';
    return ids.has(zone) ? zone : '';
  };
}

function names(ids: Iterable<string>, byId: ReadonlyMap<string, PlanNode>, limit = 4): string {
  const all = [...new Set(ids)].map((id) => byId.get(id)?.name ?? id);
  const shown = all.slice(0, limit).join(', ');
  return all.length > limit ? `${shown} and ${all.length - limit} more` : shown;
}

function portList(flows: readonly Flow[]): string {
  return [...new Set(flows.map((f) => `${f.protocol.toUpperCase()} ${formatPorts(f.ports)}`))]
    .sort()
    .join(', ');
}

/**
 * Suggests a risk level for the change from what the flows open. The rules are deliberately
 * simple and explained one by one, so a reviewer can see why and override the level.
 */
export function assessRisk(plan: Plan, catalog: Catalog, result: FlowResult): RiskAssessment {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const network = result.flows.filter((f) => !f.local);
  const keyOf = zoneKeys(plan);
  const crosses = (f: Flow): boolean => keyOf(byId.get(f.from)) !== keyOf(byId.get(f.to));
  const os = (id: string): string | undefined => {
    const node = byId.get(id);
    return node ? componentType(catalog, node.type)?.defaultOs : undefined;
  };
  const reasons: RiskReason[] = [];

  const wide = network.filter((f) => width(f) >= WIDE_RANGE_PORTS);
  const wideCross = wide.filter(crosses);
  if (wideCross.length > 0) {
    reasons.push({
      code: 'wide-range-cross-zone',
      level: 'high',
      message: `Wide port range${wideCross.length > 1 ? 's' : ''} (${portList(wideCross)}) through a network firewall, into ${names(
        wideCross.map((f) => f.to),
        byId,
      )}.`,
    });
  } else if (wide.length > 0) {
    reasons.push({
      code: 'wide-range',
      level: 'medium',
      message: `Wide port range${wide.length > 1 ? 's' : ''} (${portList(wide)}) opened in host firewalls of ${names(
        wide.map((f) => f.to),
        byId,
      )}.`,
    });
  }

  const ranges = network.filter((f) => width(f) >= RANGE_PORTS && width(f) < WIDE_RANGE_PORTS);
  if (ranges.length > 0) {
    reasons.push({
      code: 'port-range',
      level: 'medium',
      message: `Port range${ranges.length > 1 ? 's' : ''} of ${RANGE_PORTS} ports or more (${portList(ranges)}) into ${names(
        ranges.map((f) => f.to),
        byId,
      )}.`,
    });
  }

  const ssh = network.filter(
    (f) => f.protocol === 'tcp' && (f.override?.service === 'ssh' || f.ports.start === 22),
  );
  if (ssh.length > 0) {
    const cross = ssh.some(crosses);
    reasons.push({
      code: 'ssh',
      level: 'medium',
      message: `SSH (administrative shell access) to ${names(
        ssh.map((f) => f.to),
        byId,
      )}${cross ? ', across zones' : ''}.`,
    });
  }

  const internet = network.filter((f) => os(f.to) === 'internet');
  if (internet.length > 0) {
    const unaddressed = internet.some((f) => (byId.get(f.to)?.addresses.length ?? 0) === 0);
    reasons.push({
      code: 'internet-egress',
      level: 'medium',
      message: `Internet egress (${portList(internet)}) from ${names(
        internet.map((f) => f.from),
        byId,
      )} to ${names(
        internet.map((f) => f.to),
        byId,
      )}${unaddressed ? '; the destination has no fixed addresses, so the rule needs a name- or category-based object' : ''}.`,
    });
  }

  const smb = network.filter(
    (f) => f.protocol === 'tcp' && f.ports.start <= 445 && 445 <= f.ports.end,
  );
  if (smb.some(crosses)) {
    reasons.push({
      code: 'smb-cross-zone',
      level: 'medium',
      message: `SMB (TCP 445) through a network firewall, into ${names(
        smb.filter(crosses).map((f) => f.to),
        byId,
      )}.`,
    });
  }

  const crossCount = network.filter(crosses).length;
  if (crossCount > VERY_MANY_CROSS_ZONE_FLOWS) {
    reasons.push({
      code: 'many-cross-zone-flows',
      level: 'high',
      message: `${crossCount} flows cross network firewalls (more than ${VERY_MANY_CROSS_ZONE_FLOWS}).`,
    });
  } else if (crossCount > MANY_CROSS_ZONE_FLOWS) {
    reasons.push({
      code: 'many-cross-zone-flows',
      level: 'medium',
      message: `${crossCount} flows cross network firewalls (more than ${MANY_CROSS_ZONE_FLOWS}).`,
    });
  }

  const endpoints = new Set(network.flatMap((f) => [f.from, f.to]));
  const noAddress = [...endpoints].filter(
    (id) => os(id) !== 'internet' && (byId.get(id)?.addresses.length ?? 0) === 0,
  );
  if (noAddress.length > 0) {
    reasons.push({
      code: 'missing-address',
      level: 'medium',
      message: `No address for ${names(noAddress, byId)}: rules for these hosts cannot be scoped until addresses are known.`,
    });
  }

  if (result.warnings.length > 0) {
    reasons.push({
      code: 'plan-warnings',
      level: 'medium',
      message: `The plan has ${result.warnings.length} open validation finding${result.warnings.length > 1 ? 's' : ''} (listed in the document).`,
    });
  }

  if (reasons.length === 0) {
    reasons.push({
      code: 'baseline',
      level: 'low',
      message:
        'Only specific ports between named hosts are opened; no wide range, SSH, SMB or internet egress.',
    });
  }

  const ordered = reasons
    .map((r, i) => ({ r, i }))
    .sort((a, b) => LEVEL_RANK[b.r.level] - LEVEL_RANK[a.r.level] || a.i - b.i)
    .map((x) => x.r);
  const suggested = ordered.reduce<RiskLevel>((acc, r) => maxRisk(acc, r.level), 'low');
  return { suggested, reasons: ordered };
}
