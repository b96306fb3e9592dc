// The preview builder: worker replies, superseded and cancelled builds, fallback to the main thread.
import { describe, expect, it } from 'vitest';
import sample from '../../../resources/samples/distributed.portolan.json';
import { computeFlows, getCatalog, restorePlan } from '../../../src-core/index';
import { type BuildOutcome, PreviewBuilder } from './preview-builder';
import {
  buildPreview,
  trimForPreview,
  type PreviewRequest,
  type WorkerReply,
  type WorkerRequest,
} from './report-build';

function request(): PreviewRequest {
  const parsed = restorePlan(sample);
  if (!parsed.ok) throw new Error('sample does not load');
  const catalog = getCatalog(parsed.plan.catalog);
  return {
    plan: parsed.plan,
    catalog,
    result: computeFlows(parsed.plan, catalog),
    paper: 'a4',
  };
}

/**
 * A stand-in for a module worker: answers asynchronously as report-worker.ts does (structured
 * clone included), or never starts (`broken`), or holds its answer until `release`.
 */
class FakeWorker {
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  held: (() => void)[] = [];
  constructor(
    readonly mode: 'answer' | 'hold' | 'broken' = 'answer',
    readonly log: FakeWorker[] = [],
  ) {
    log.push(this);
  }
  postMessage(data: WorkerRequest): void {
    const { id, request } = structuredClone(data);
    const reply = (r: WorkerReply) => {
      if (!this.terminated) this.onmessage?.({ data: r } as MessageEvent<WorkerReply>);
    };
    const run = () => {
      if (this.mode === 'broken') {
        this.onerror?.({ message: 'blocked', preventDefault() {} } as ErrorEvent);
        return;
      }
      const result = buildPreview(request, (progress) => reply({ id, kind: 'progress', progress }));
      reply({ id, kind: 'done', result });
    };
    if (this.mode === 'hold') this.held.push(run);
    else setTimeout(run, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('PreviewBuilder', () => {
  it('builds in the worker, reports each step, and reuses the idle worker', async () => {
    const log: FakeWorker[] = [];
    const builder = new PreviewBuilder(() => new FakeWorker('answer', log) as unknown as Worker);
    const steps: number[] = [];
    const outcome = await builder.build(request(), (p) => steps.push(p.step));
    expect(outcome.kind).toBe('done');
    const { html, doc } = (outcome as Extract<BuildOutcome, { kind: 'done' }>).result;
    expect(html).toBe(buildPreview(request()).html);
    // Hosts are counted with a group node's members, as the document counts them.
    expect(doc.summary).toEqual(buildPreview(request()).doc.summary);
    expect(doc.summary.hosts).toBeGreaterThanOrEqual(request().plan.nodes.length);
    expect(steps).toEqual([0, 1]);
    expect(builder.busy).toBe(false);
    await builder.build(request(), () => undefined);
    expect(log).toHaveLength(1);
  });

  it('a cancel ends the running build: the worker is terminated, the build resolves cancelled', async () => {
    const log: FakeWorker[] = [];
    const builder = new PreviewBuilder(() => new FakeWorker('hold', log) as unknown as Worker);
    const pending = builder.build(request(), () => undefined);
    expect(builder.busy).toBe(true);
    builder.cancel();
    expect(await pending).toEqual({ kind: 'cancelled' });
    expect(log[0]!.terminated).toBe(true);
    // A late answer of the cancelled build changes nothing; the next build gets a new worker.
    log[0]!.held.forEach((run) => run());
    const next = builder.build(request(), () => undefined);
    expect(log).toHaveLength(2);
    log[1]!.held.forEach((run) => run());
    expect((await next).kind).toBe('done');
  });

  it('a newer build supersedes a running one', async () => {
    const log: FakeWorker[] = [];
    const builder = new PreviewBuilder(() => new FakeWorker('hold', log) as unknown as Worker);
    const first = builder.build(request(), () => undefined);
    const second = builder.build({ ...request(), paper: 'letter' }, () => undefined);
    expect(await first).toEqual({ kind: 'cancelled' });
    log[1]!.held.forEach((run) => run());
    const outcome = await second;
    expect(outcome.kind === 'done' && outcome.result.html).toContain('size: letter');
  });

  it('builds on the main thread where no worker can start', async () => {
    const none = new PreviewBuilder(() => null);
    expect((await none.build(request(), () => undefined)).kind).toBe('done');
    const log: FakeWorker[] = [];
    const blocked = new PreviewBuilder(() => new FakeWorker('broken', log) as unknown as Worker);
    expect((await blocked.build(request(), () => undefined)).kind).toBe('done');
    // Once a worker failed to start, later builds do not try again.
    expect((await blocked.build(request(), () => undefined)).kind).toBe('done');
    expect(log).toHaveLength(1);
  });
});

describe('trimForPreview', () => {
  it('leaves a small document whole, and cuts every long section of a large one', () => {
    const { doc } = buildPreview(request());
    expect(trimForPreview(doc)).toEqual({ doc, trimmed: false });
    const rows = 5;
    const cut = trimForPreview(doc, rows);
    expect(cut.trimmed).toBe(true);
    expect(cut.doc.hosts).toEqual(doc.hosts.slice(0, rows));
    expect(cut.doc.flows).toEqual(doc.flows.slice(0, rows));
    const pointRows = cut.doc.enforcementPoints.reduce((n, p) => n + p.flows.length, 0);
    expect(pointRows).toBe(rows);
    expect(cut.doc.enforcementPoints[0]).toEqual(
      doc.enforcementPoints[0]!.flows.length <= rows
        ? doc.enforcementPoints[0]
        : { ...doc.enforcementPoints[0], flows: doc.enforcementPoints[0]!.flows.slice(0, rows) },
    );
    expect(cut.doc.verification.reduce((n, g) => n + g.checks.length, 0)).toBe(rows);
    // The summary still counts the whole document.
    expect(cut.doc.summary).toEqual(doc.summary);
  });
});
