// Runs preview builds in a Web Worker, one at a time: a newer build or a cancel ends the older.
import {
  buildPreview,
  type PreviewProgress,
  type PreviewRequest,
  type PreviewResult,
  type WorkerReply,
} from './report-build';

/** How a build ended. */
export type BuildOutcome =
  | { readonly kind: 'done'; readonly result: PreviewResult }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'error'; readonly message: string };

/** Creates the worker; null where workers cannot run (the build then runs on the main thread). */
export type WorkerFactory = () => Worker | null;

const defaultFactory: WorkerFactory = () => {
  try {
    return new Worker(new URL('./report-worker.ts', import.meta.url), {
      type: 'module',
      name: 'report-preview',
    });
  } catch {
    return null;
  }
};

interface Pending {
  readonly id: number;
  readonly request: PreviewRequest;
  readonly progress: (p: PreviewProgress) => void;
  readonly settle: (outcome: BuildOutcome) => void;
}

/**
 * One worker, reused while idle. A build that is still running when another starts, or when
 * `cancel` is called, cannot be interrupted inside the worker (the build is one synchronous
 * call), so the worker is terminated and the next build starts a fresh one.
 */
export class PreviewBuilder {
  #worker: Worker | null = null;
  /** True once the current worker has answered: an error before that means it cannot start. */
  #answered = false;
  /** Set when a worker could not start here (a policy or a file:// page): build inline after. */
  #inline = false;
  #pending: Pending | null = null;
  #next = 1;
  readonly #factory: WorkerFactory;

  constructor(factory: WorkerFactory = defaultFactory) {
    this.#factory = factory;
  }

  /** True while a build runs. */
  get busy(): boolean {
    return this.#pending !== null;
  }

  /** Builds a preview; resolves when it is done, fails, or is cancelled or superseded. */
  build(request: PreviewRequest, progress: (p: PreviewProgress) => void): Promise<BuildOutcome> {
    this.cancel();
    const worker = this.#ensureWorker();
    if (!worker) return Promise.resolve(buildInline(request, progress));
    const id = this.#next++;
    return new Promise<BuildOutcome>((resolve) => {
      this.#pending = { id, request, progress, settle: resolve };
      try {
        worker.postMessage({ id, request });
      } catch (error) {
        // Data the structured clone refuses: build here rather than not at all.
        this.#pending = null;
        resolve(buildInline(request, progress, error));
      }
    });
  }

  /** Stops the running build, if any (its promise resolves as cancelled). */
  cancel(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    this.#worker?.terminate();
    this.#worker = null;
    pending.settle({ kind: 'cancelled' });
  }

  /** Cancels any build and ends the worker (the dialog closed). */
  dispose(): void {
    this.cancel();
    this.#worker?.terminate();
    this.#worker = null;
  }

  #ensureWorker(): Worker | null {
    if (this.#inline) return null;
    if (this.#worker) return this.#worker;
    const worker = this.#factory();
    if (!worker) {
      this.#inline = true;
      return null;
    }
    this.#answered = false;
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      this.#answered = true;
      this.#reply(event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const pending = this.#pending;
      const started = this.#answered;
      this.#pending = null;
      this.#worker?.terminate();
      this.#worker = null;
      if (!pending) return;
      if (!started) {
        // The worker never ran: build on the main thread, now and from now on.
        this.#inline = true;
        pending.settle(buildInline(pending.request, pending.progress));
        return;
      }
      pending.settle({
        kind: 'error',
        message: `the preview worker failed: ${event.message || 'unknown error'}`,
      });
    };
    this.#worker = worker;
    return worker;
  }

  #reply(reply: WorkerReply): void {
    const pending = this.#pending;
    // A late message of a build already cancelled or superseded is dropped.
    if (!pending || reply.id !== pending.id) return;
    if (reply.kind === 'progress') {
      pending.progress(reply.progress);
      return;
    }
    this.#pending = null;
    pending.settle(
      reply.kind === 'done'
        ? { kind: 'done', result: reply.result }
        : { kind: 'error', message: reply.message },
    );
  }
}

function buildInline(
  request: PreviewRequest,
  progress: (p: PreviewProgress) => void,
  cause?: unknown,
): BuildOutcome {
  try {
    return { kind: 'done', result: buildPreview(request, progress) };
  } catch (error) {
    const why = (error as Error).message ?? String(error);
    return { kind: 'error', message: cause ? `${why} (${String(cause)})` : why };
  }
}
