// Acknowledged warnings: findings the user accepted with a reason, matched by a stable key.
import type { AcknowledgedWarning } from '../plan/types';
import type { PlanWarning } from './types';

/** The parts of a warning its key is made of. */
export type WarningKeyParts = Pick<PlanWarning, 'code' | 'nodes' | 'connections'>;

/**
 * Stable key of a warning: its code, node ids and connection ids. It stays the same while the
 * finding does (messages change with names; keys do not), so an acknowledgement survives renames.
 */
export function warningKey(w: WarningKeyParts): string {
  return JSON.stringify([w.code, [...w.nodes], [...(w.connections ?? [])]]);
}

/** The warnings with `acknowledged` set (to the reason) where the plan acknowledges them. */
export function acknowledge(
  warnings: readonly PlanWarning[],
  acks: readonly AcknowledgedWarning[] | undefined,
): PlanWarning[] {
  if (!acks || acks.length === 0) return [...warnings];
  const reasons = new Map<string, string>();
  for (const a of acks) if (!reasons.has(warningKey(a))) reasons.set(warningKey(a), a.reason);
  return warnings.map((w) => {
    const reason = reasons.get(warningKey(w));
    return reason === undefined ? w : { ...w, acknowledged: reason };
  });
}

/** Warnings still open (not acknowledged): what counts and badges show. */
export function openWarnings(warnings: readonly PlanWarning[]): PlanWarning[] {
  return warnings.filter((w) => w.acknowledged === undefined);
}

/** Acknowledgements with the one for `w` added (reason replaced if present). */
export function withAcknowledged(
  acks: readonly AcknowledgedWarning[] | undefined,
  w: WarningKeyParts,
  reason: string,
): AcknowledgedWarning[] {
  const key = warningKey(w);
  const entry: AcknowledgedWarning = {
    code: w.code,
    nodes: [...w.nodes],
    ...(w.connections && w.connections.length > 0 ? { connections: [...w.connections] } : {}),
    reason,
  };
  const rest = (acks ?? []).filter((a) => warningKey(a) !== key);
  return [...rest, entry];
}

/** Acknowledgements without the one for `w`. */
export function withoutAcknowledged(
  acks: readonly AcknowledgedWarning[] | undefined,
  w: WarningKeyParts,
): AcknowledgedWarning[] {
  const key = warningKey(w);
  return (acks ?? []).filter((a) => warningKey(a) !== key);
}
