// Flow engine output: flows, absent (conditional) flows, merged views and validation warnings.
import type { PortRange, Protocol, SourceRef } from '../catalog/types';

/** A port override applied to a flow. */
export interface PortOverride {
  readonly service: string;
  /** Ports as published by the catalog rule. */
  readonly catalogPorts: PortRange;
  /** Id of the node whose option changed it (the destination). */
  readonly node: string;
}

/** Where a custom flow comes from: the plan's own custom flow or custom rule, not the catalog. */
export interface CustomOrigin {
  /** "flow": a custom flow between two nodes; "rule": a custom rule between two roles. */
  readonly kind: 'flow' | 'rule';
  /** The custom flow's or rule's id (the flow's `rule` is `custom:<id>`). */
  readonly id: string;
  /** Why the site needs it: the source reference documents and scripts show. */
  readonly justification: string;
  readonly owner?: string;
  /** ISO date (YYYY-MM-DD). */
  readonly expires?: string;
}

/** One computed network requirement. */
export interface Flow {
  /** Stable id: `${connection ?? 'local'}:${from}>${to}:${rule}`. */
  readonly id: string;
  /** Connection that yields it; null for local flows (two roles of one node). */
  readonly connection: string | null;
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly ports: PortRange;
  readonly rule: string;
  readonly purpose: string;
  readonly source: SourceRef;
  /** True when source and destination are the same node; never exported to network firewalls. */
  readonly local: boolean;
  /** Descriptions of the conditions that held (empty when unconditional). */
  readonly conditions: readonly string[];
  readonly override?: PortOverride;
  /** Set on flows from the plan's custom flows and rules; absent on catalog flows. */
  readonly custom?: CustomOrigin;
}

/** A flow a rule would yield, left out because a condition does not hold. */
export interface AbsentFlow {
  readonly connection: string | null;
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly ports: PortRange;
  readonly rule: string;
  readonly purpose: string;
  readonly source: SourceRef;
  /** Why it is absent, e.g. "Windows firewall at default settings on GIP01". */
  readonly reason: string;
}

/** Flows of one (source node, destination node, protocol), ports coalesced, for exporters. */
export interface MergedFlow {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  /** Sorted, non-overlapping, non-adjacent ranges. */
  readonly ports: readonly PortRange[];
  /** The flows merged, in engine order. */
  readonly flows: readonly Flow[];
}

export type WarningCode =
  | 'worker-without-pve'
  | 'worker-without-backup-server'
  | 'worker-without-repository'
  | 'windows-guest-without-proxy'
  | 'connection-not-covered'
  | 'missing-address'
  | 'duplicate-address'
  | 'address-is-network'
  | 'outside-zone'
  | 'unknown-zone'
  | 'invalid-port-override'
  | 'invalid-option'
  | 'custom-expired'
  | 'custom-duplicates-catalog'
  | 'custom-rule-unused';

/** A validation finding; never blocks saving. */
export interface PlanWarning {
  readonly code: WarningCode | (string & {});
  readonly message: string;
  /** Node ids concerned. */
  readonly nodes: readonly string[];
  /** Connection ids concerned, when any. */
  readonly connections?: readonly string[];
  /** The reason, when the plan acknowledges this warning (it then leaves the counts). */
  readonly acknowledged?: string;
}

/** Everything the engine computes for a plan. */
export interface FlowResult {
  /** Sorted by connection order then rule order; deterministic. */
  readonly flows: readonly Flow[];
  readonly absent: readonly AbsentFlow[];
  readonly warnings: readonly PlanWarning[];
}
