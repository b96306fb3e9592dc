// Pure edits of a plan's change-request details (the form commits them through PlanStore.apply).
import type { ChangeRequest, Plan } from '../../../src-core/plan/types';

/** Text fields of the change request edited as plain strings. */
export type TextField =
  | 'number'
  | 'title'
  | 'requester'
  | 'implementer'
  | 'windowStart'
  | 'windowEnd'
  | 'expires'
  | 'justification'
  | 'impactIfNotDone'
  | 'rollbackPlan'
  | 'verificationPlan';

/** Choice fields; '' removes the choice (the document then uses its default or suggestion). */
export type ChoiceField = 'category' | 'priority' | 'risk' | 'permanence';

/**
 * The plan with one change-request field set. Empty text (or text equal to `defaultText`, the
 * prefilled suggestion) removes the field, so the document keeps computing its default from
 * the current flows. Returns the same plan object when nothing changes (no undo step).
 */
export function setChangeRequestField(
  plan: Plan,
  field: TextField | ChoiceField | 'approvers',
  value: string,
  defaultText?: string,
): Plan {
  const current: ChangeRequest = plan.changeRequest ?? {};
  let next: unknown;
  if (field === 'approvers') {
    const list = value
      .split(/[\n,;]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    next = list.length ? list : undefined;
    const before = current.approvers ?? [];
    if (list.length === before.length && list.every((a, i) => a === before[i])) return plan;
  } else {
    const trimmed =
      field === 'justification' || field.endsWith('Plan') || field === 'impactIfNotDone'
        ? value.replace(/\s+$/, '')
        : value.trim();
    next =
      trimmed === '' || (defaultText !== undefined && trimmed === defaultText.trim())
        ? undefined
        : trimmed;
    if ((current[field] ?? undefined) === next) return plan;
  }
  const { [field]: _old, ...rest } = current;
  const changeRequest: ChangeRequest = next === undefined ? rest : { ...rest, [field]: next };
  if (Object.keys(changeRequest).length === 0) {
    const { changeRequest: _cr, ...withoutCr } = plan;
    return withoutCr as Plan;
  }
  return { ...plan, changeRequest };
}

/** `datetime-local` input value of a stored window time ("2026-12-01T22:00"), or ''. */
export function toLocalInput(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value);
  return m ? `${m[1]}T${m[2]}` : '';
}
