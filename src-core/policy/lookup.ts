// Look-ups over a policy by name, so renderers never search its lists in a loop.
import type { AddressGroup, Policy, RuleSet, ServiceGroup } from './types';

/** A policy's groups and rule sets by name and id. */
export interface PolicyIndex {
  readonly addressGroups: ReadonlyMap<string, AddressGroup>;
  readonly serviceGroups: ReadonlyMap<string, ServiceGroup>;
  /** Rule sets by enforcement point id. */
  readonly ruleSets: ReadonlyMap<string, RuleSet>;
}

const indexes = new WeakMap<Policy, PolicyIndex>();

/** Maps of the policy's groups and rule sets, built once per policy object. */
export function policyIndex(policy: Policy): PolicyIndex {
  let index = indexes.get(policy);
  if (!index) {
    index = {
      addressGroups: new Map(policy.addressGroups.map((g) => [g.name, g])),
      serviceGroups: new Map(policy.serviceGroups.map((g) => [g.name, g])),
      ruleSets: new Map(policy.ruleSets.map((s) => [s.point.id, s])),
    };
    indexes.set(policy, index);
  }
  return index;
}
