// Custom flows and rules: what the catalog does not know, turned into flows traced as `custom:<id>`.
import type { SourceRef } from '../catalog/types';
import type { CustomFlow, CustomRequirement, CustomRule, Plan } from '../plan/types';
import { compareStrings } from '../util/compare';
import { parsePorts } from './ports';
import type { CustomOrigin, Flow } from './types';

/** `SourceRef.document` of every custom flow: no published table, the plan itself. */
export const CUSTOM_DOCUMENT = 'custom';

/** The `rule` of a flow from custom flow or rule `id`. */
export function customRuleId(id: string): string {
  return `custom:${id}`;
}

/** True for a flow the plan's custom flows or rules yield. */
export function isCustomFlow(flow: Pick<Flow, 'rule'>): boolean {
  return flow.rule.startsWith('custom:');
}

function byId<T extends { readonly id: string }>(items: readonly T[] | undefined): T[] {
  return [...(items ?? [])].sort((a, b) => compareStrings(a.id, b.id));
}

/** The plan's custom flows, by id (engine order does not depend on the array's order). */
export function sortedCustomFlows(plan: Plan): CustomFlow[] {
  return byId(plan.customFlows);
}

/** The plan's custom rules, by id. */
export function sortedCustomRules(plan: Plan): CustomRule[] {
  return byId(plan.customRules);
}

/** A custom flow or rule ready to emit: its origin, source reference and parsed ports. */
export interface CustomTemplate {
  readonly def: CustomRequirement;
  readonly origin: CustomOrigin;
  readonly source: SourceRef;
  readonly rule: string;
}

/** Templates for a sorted list; entries whose ports or protocol do not parse are skipped. */
export function customTemplates(
  kind: 'flow' | 'rule',
  defs: readonly CustomRequirement[],
): CustomTemplate[] {
  const out: CustomTemplate[] = [];
  defs.forEach((def, i) => {
    if (parsePorts(def.ports) === null || (def.protocol !== 'tcp' && def.protocol !== 'udp')) {
      return;
    }
    const origin: CustomOrigin = {
      kind,
      id: def.id,
      justification: def.justification,
      ...(def.owner ? { owner: def.owner } : {}),
      ...(def.expires ? { expires: def.expires } : {}),
    };
    out.push({
      def,
      origin,
      source: {
        document: CUSTOM_DOCUMENT,
        table: kind === 'flow' ? 'Custom flows' : 'Custom rules',
        row: i + 1,
      },
      rule: customRuleId(def.id),
    });
  });
  return out;
}

/** The flow a template yields between two nodes. */
export function customFlow(
  t: CustomTemplate,
  connection: string | null,
  from: string,
  to: string,
): Flow {
  return {
    id: `${connection ?? 'custom'}:${from}>${to}:${t.rule}`,
    connection,
    from,
    to,
    protocol: t.def.protocol,
    ports: parsePorts(t.def.ports)!,
    rule: t.rule,
    purpose: t.def.purpose,
    source: t.source,
    local: false,
    conditions: [],
    custom: t.origin,
  };
}

/** "custom flow web-dns" / "custom rule win-ntp", for messages. */
export function describeCustom(origin: Pick<CustomOrigin, 'kind' | 'id'>): string {
  return `custom ${origin.kind} ${origin.id}`;
}

/** One line naming where a custom flow comes from: justification, owner, expiry. */
export function customText(origin: CustomOrigin): string {
  let text = `custom ${origin.kind} ${origin.id}; justification: ${origin.justification}`;
  if (origin.owner) text += `; owner: ${origin.owner}`;
  if (origin.expires) text += `; expires ${origin.expires}`;
  return text;
}
