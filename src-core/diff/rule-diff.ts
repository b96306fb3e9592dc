// Rule-level delta: the permit rows a new plan version adds or removes at each enforcement point.
import { formatPorts } from '../flows/ports';
import { policyIndex } from '../policy/lookup';
import type {
  AddressGroup,
  EnforcementPoint,
  Policy,
  PolicyRule,
  ServiceGroup,
} from '../policy/types';
import { compareStrings } from '../util/compare';
import { formatRun } from '../policy/addresses';

/** One permit row of one enforcement point, with the groups it names resolved. */
export interface RuleRef {
  readonly point: EnforcementPoint;
  readonly rule: PolicyRule;
  readonly source: AddressGroup;
  readonly destination: AddressGroup;
  readonly service: ServiceGroup;
}

/** Rule rows added and removed, sorted by enforcement point then key. */
export interface RuleDiff {
  readonly added: readonly RuleRef[];
  readonly removed: readonly RuleRef[];
}

const runsText = (g: AddressGroup) => g.runs.map(formatRun).join(',');

/**
 * Key of a rule row: its enforcement point and what it permits (source addresses × destination
 * addresses × protocol and ports), never the group names, which are derived and may be renumbered
 * when other groups change. A row whose members or ports change is one removed and one added.
 */
export function ruleKey(ref: RuleRef): string {
  return [
    ref.point.id,
    `v${ref.rule.family}`,
    runsText(ref.source),
    runsText(ref.destination),
    `${ref.service.protocol}/${ref.service.ports.map(formatPorts).join(',')}`,
  ].join(' | ');
}

/** Every rule row of a policy with its groups resolved (rows naming an unknown group are skipped). */
export function ruleRefs(policy: Policy): RuleRef[] {
  const index = policyIndex(policy);
  const out: RuleRef[] = [];
  for (const set of policy.ruleSets) {
    for (const rule of set.rules) {
      const source = index.addressGroups.get(rule.source);
      const destination = index.addressGroups.get(rule.destination);
      const service = index.serviceGroups.get(rule.service);
      if (source && destination && service) {
        out.push({ point: set.point, rule, source, destination, service });
      }
    }
  }
  return out;
}

/** Rule rows of `next` not in `old` (added) and of `old` not in `next` (removed), by ruleKey. */
export function diffRules(old: Policy, next: Policy): RuleDiff {
  const index = (refs: readonly RuleRef[]) => {
    const map = new Map<string, RuleRef>();
    for (const r of refs) {
      const k = ruleKey(r);
      if (!map.has(k)) map.set(k, r);
    }
    return map;
  };
  const before = index(ruleRefs(old));
  const after = index(ruleRefs(next));
  const pick = (from: Map<string, RuleRef>, other: Map<string, RuleRef>) =>
    [...from]
      .filter(([k]) => !other.has(k))
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([, r]) => r);
  return { added: pick(after, before), removed: pick(before, after) };
}
