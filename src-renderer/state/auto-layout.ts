// Auto-layout in the app: src-core's elk layout, with elk running in a Web Worker so a large plan
// lays out without freezing the window. Node sizes are the shared diagram geometry's.
import type { ElkEngine } from '../../src-core/layout/elk-layout';
import { layoutPlan as coreLayout, type PlanLayout } from '../../src-core/layout/elk-layout';
import type { Plan } from '../../src-core/plan/types';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

export { NODE_HEIGHT, NODE_WIDTH } from '../../src-core/layout/geometry';

let engine: Promise<ElkEngine> | null = null;

/** elk's API with its worker script served by the app itself (the CSP allows same-origin workers). */
function workerElk(): Promise<ElkEngine> {
  engine ??= import('elkjs/lib/elk-api.js').then(({ default: ELK }) => {
    const Api = ELK as unknown as new (options: { workerUrl: string }) => ElkEngine;
    return new Api({ workerUrl: elkWorkerUrl });
  });
  return engine;
}

/** New positions for every node of the plan and bend points for its connections. */
export function layoutPlan(plan: Plan): Promise<PlanLayout> {
  return coreLayout(plan, typeof Worker === 'undefined' ? undefined : workerElk);
}
