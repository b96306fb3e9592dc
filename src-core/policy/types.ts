// Rule-layer model: flows turned into rule sets over named address and service groups, per enforcement point.
// Extended by the implementation (build.ts): `Policy.unresolved` (flows no address can carry),
// `PolicyRule.protocol`/`ports` (the service's, copied for renderers), and `PolicyScope`.
import type { PortRange, Protocol, SourceRef } from '../catalog/types';

/** IP family of an address run; IPv4 and IPv6 never share a rule row. */
export type IpFamily = 4 | 6;

/**
 * One contiguous run of addresses, inclusive, as canonical text (`192.0.2.10`, `192.0.2.10`…
 * `192.0.2.20`). A single host has `first === last`. CIDRs and ranges become runs; renderers
 * print a run as a host, a CIDR when it is one, or a range.
 */
export interface AddressRun {
  readonly family: IpFamily;
  readonly first: string;
  readonly last: string;
}

/** A named set of addresses: one or more nodes of one role (or role signature) in one zone. */
export interface AddressGroup {
  /** Deterministic, readable name, unique in the policy and valid on every target (see export/README.md). */
  readonly name: string;
  readonly family: IpFamily;
  /** Node ids whose addresses make up the group, sorted. */
  readonly nodes: readonly string[];
  /** Sorted, non-overlapping, non-adjacent runs of the members' addresses of this family. */
  readonly runs: readonly AddressRun[];
  /** Zone id of the members ('' when in no zone). */
  readonly zone: string;
  /** Human description, e.g. "Workers in zone pve". */
  readonly description: string;
}

/** A named set of ports of one protocol, e.g. the data-mover range or SSH. */
export interface ServiceGroup {
  /** Deterministic, readable name, unique in the policy and valid on every target. */
  readonly name: string;
  readonly protocol: Protocol;
  /** Sorted, non-overlapping, non-adjacent port ranges. */
  readonly ports: readonly PortRange[];
  readonly description: string;
}

/** Where flows are allowed: a network firewall between two zones, or one host's own firewall. */
export type EnforcementPoint =
  | {
      readonly kind: 'network';
      /** Stable id, e.g. `net:mgmt>pve` (direction of the traffic: from zone → to zone). */
      readonly id: string;
      readonly fromZone: string;
      readonly toZone: string;
    }
  | {
      readonly kind: 'host';
      /** Stable id, `host:<node id>`. */
      readonly id: string;
      readonly node: string;
    };

/** One permit row: every source member × every destination member × every service port is needed. */
export interface PolicyRule {
  /** Stable id within its enforcement point. */
  readonly id: string;
  readonly source: string; // AddressGroup name
  readonly destination: string; // AddressGroup name
  readonly service: string; // ServiceGroup name
  readonly family: IpFamily;
  /** Protocol of the service group (copied so renderers need no look-up). */
  readonly protocol: Protocol;
  /** Ports of the service group (copied, same order). */
  readonly ports: readonly PortRange[];
  /** Purposes of the flows it implements, deduplicated, sorted. */
  readonly purposes: readonly string[];
  /** Flow ids it implements (engine ids, including `custom:` rules), sorted. */
  readonly flows: readonly string[];
  /** Catalog rule ids it implements, sorted. */
  readonly rules: readonly string[];
  /** Source table rows of those rules, deduplicated. */
  readonly sources: readonly SourceRef[];
}

/** The rule set of one enforcement point. */
export interface RuleSet {
  readonly point: EnforcementPoint;
  readonly rules: readonly PolicyRule[];
}

/** Rule sets of a whole plan with the groups they reference (each group defined once). */
export interface Policy {
  readonly addressGroups: readonly AddressGroup[];
  readonly serviceGroups: readonly ServiceGroup[];
  /** Network enforcement points first (sorted by id), then hosts (sorted by id). */
  readonly ruleSets: readonly RuleSet[];
  /**
   * Non-local flows that no rule carries because one end has no usable address, or the two ends
   * share no IP family; sorted by flow id. Renderers list them so nothing is silently dropped.
   */
  readonly unresolved: readonly UnresolvedFlow[];
}

/** A flow left out of every rule set, and why. */
export interface UnresolvedFlow {
  /** Engine flow id. */
  readonly flow: string;
  readonly from: string;
  readonly to: string;
  /** E.g. "UPD01 (upd) has no IP address (host name only)". */
  readonly reason: string;
}

/**
 * Which enforcement points a policy keeps. Rule sets are never cut: a scope selects whole rule
 * sets, so names and rows are those of the whole plan's policy. `zone`: network points from or
 * to the zone plus host points of its nodes; `nodes`: host points of those nodes plus network
 * points with a row naming one of them; `points`: the listed enforcement point ids.
 * Structurally a superset of the exporters' `ExportScope`.
 */
export type PolicyScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'zone'; readonly zone: string }
  | { readonly kind: 'nodes'; readonly nodes: readonly string[] }
  | { readonly kind: 'points'; readonly points: readonly string[] };

/** Options of `buildPolicy`. */
export interface PolicyOptions {
  readonly scope?: PolicyScope;
}
