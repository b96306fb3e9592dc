// The preview's worker: builds the change-request document off the main thread, so the window
// stays responsive while a large plan's report is built (cancel = the page terminates it).
import { buildPreview, type WorkerReply, type WorkerRequest } from './report-build';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
};

scope.onmessage = (event) => {
  const { id, request } = event.data;
  try {
    const result = buildPreview(request, (progress) =>
      scope.postMessage({ id, kind: 'progress', progress }),
    );
    scope.postMessage({ id, kind: 'done', result });
  } catch (error) {
    scope.postMessage({ id, kind: 'error', message: (error as Error).message ?? String(error) });
  }
};
