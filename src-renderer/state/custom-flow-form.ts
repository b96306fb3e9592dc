// The custom-flow form: its fields as typed, inline validation per field, and the flow it saves.
import { parsePorts } from '../../src-core/flows/ports';
import { isIsoDate } from '../../src-core/plan/schema';
import type { CustomFlow, Plan } from '../../src-core/plan/types';
import { isSafeId } from '../../src-core/util/ids';
import { findForbiddenCharacter } from '../../src-core/util/text';

/** The form's fields, as the user typed them. */
export interface CustomFlowDraft {
  id: string;
  from: string;
  to: string;
  protocol: 'tcp' | 'udp';
  ports: string;
  purpose: string;
  justification: string;
  owner: string;
  expires: string;
}

/** Field → message for each field that is not valid (absent: valid). */
export type DraftErrors = Partial<Record<keyof CustomFlowDraft, string>>;

/** A draft from an existing custom flow (for editing). */
export function draftOf(flow: CustomFlow): CustomFlowDraft {
  return {
    id: flow.id,
    from: flow.from,
    to: flow.to,
    protocol: flow.protocol,
    ports: flow.ports,
    purpose: flow.purpose,
    justification: flow.justification,
    owner: flow.owner ?? '',
    expires: flow.expires ?? '',
  };
}

function text(value: string, label: string, required: boolean, max: number): string | undefined {
  const v = value.trim();
  if (required && v === '') return `${label} is required.`;
  if (v.length > max) return `${label} is at most ${max} characters.`;
  if (findForbiddenCharacter(v)) return `${label} contains a control or direction character.`;
  return undefined;
}

/**
 * Problems of a draft, per field, in the words the plan schema would use. `editing` is the id
 * of the custom flow being edited (its own id is not a duplicate).
 */
export function validateDraft(draft: CustomFlowDraft, plan: Plan, editing?: string): DraftErrors {
  const errors: DraftErrors = {};
  const nodes = new Set(plan.nodes.map((n) => n.id));
  const taken = new Set(
    [...(plan.customFlows ?? []), ...(plan.customRules ?? [])]
      .map((f) => f.id)
      .filter((id) => id !== editing),
  );
  if (!isSafeId(draft.id)) errors.id = 'Letters, digits, "-" and "_" only (1 to 64).';
  else if (taken.has(draft.id)) errors.id = `Another custom flow or rule is called "${draft.id}".`;
  if (!nodes.has(draft.from)) errors.from = 'Choose the source node.';
  if (!nodes.has(draft.to)) errors.to = 'Choose the destination node.';
  else if (draft.to === draft.from) errors.to = 'The destination must be another node.';
  if (parsePorts(draft.ports.trim()) === null) {
    errors.ports = 'A port or range: "N" or "N-M", 1-65535, first ≤ last.';
  }
  const purpose = text(draft.purpose, 'Purpose', true, 200);
  if (purpose) errors.purpose = purpose;
  const justification = text(draft.justification, 'Justification', true, 2000);
  if (justification) errors.justification = justification;
  const owner = text(draft.owner, 'Owner', false, 200);
  if (owner) errors.owner = owner;
  if (draft.expires.trim() !== '' && !isIsoDate(draft.expires.trim())) {
    errors.expires = 'A date written YYYY-MM-DD.';
  }
  return errors;
}

/** The custom flow a valid draft saves (trimmed; empty optional fields left out). */
export function flowOf(draft: CustomFlowDraft): CustomFlow {
  const owner = draft.owner.trim();
  const expires = draft.expires.trim();
  return {
    id: draft.id,
    from: draft.from,
    to: draft.to,
    protocol: draft.protocol,
    ports: draft.ports.trim(),
    purpose: draft.purpose.trim(),
    justification: draft.justification.trim(),
    ...(owner ? { owner } : {}),
    ...(expires ? { expires } : {}),
  };
}
