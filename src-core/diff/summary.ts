// One line of counts for a plan diff, shared by `portolan diff`, the app and the delta report.
import { isEmptyDiff } from './plan-diff';
import type { PlanDiff } from './types';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line of counts, e.g. "1 node added, 2 changed; 1 connection added; 9 flows added". */
export function diffSummary(diff: PlanDiff): string {
  if (isEmptyDiff(diff)) return 'no changes';
  const part = (word: string, counts: readonly [number, string][]) => {
    const shown = counts.filter(([n]) => n > 0);
    return shown.length === 0
      ? null
      : shown
          .map(([n, what], i) => (i === 0 ? `${plural(n, word)} ${what}` : `${n} ${what}`))
          .join(', ');
  };
  return [
    part('node', [
      [diff.nodes.added.length, 'added'],
      [diff.nodes.removed.length, 'removed'],
      [diff.nodes.changed.length, 'changed'],
    ]),
    part('connection', [
      [diff.connections.added.length, 'added'],
      [diff.connections.removed.length, 'removed'],
    ]),
    part('zone', [
      [diff.zones.added.length, 'added'],
      [diff.zones.removed.length, 'removed'],
      [diff.zones.changed.length, 'changed'],
    ]),
    diff.options.length > 0 ? `${plural(diff.options.length, 'plan option')} changed` : null,
    part('flow', [
      [diff.flows.added.length, 'added'],
      [diff.flows.removed.length, 'removed'],
    ]),
  ]
    .filter((p) => p !== null)
    .join('; ');
}
