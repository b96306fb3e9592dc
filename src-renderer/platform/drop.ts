// Dropping a plan file onto the window opens it (both hosts); the page never navigates to it.
import { MAX_PLAN_FILE_BYTES, type ExternalFile } from './platform';

/** Read a File chosen by the user, refusing one over the size limit before reading a byte. */
export async function readPlanFile(file: File): Promise<ExternalFile> {
  if (file.size > MAX_PLAN_FILE_BYTES) {
    return {
      ok: false,
      name: file.name,
      error: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; plan files over 50 MB are refused.`,
    };
  }
  try {
    return { ok: true, file: { name: file.name, text: await file.text() } };
  } catch (error) {
    return {
      ok: false,
      name: file.name,
      error: `${file.name} could not be read: ${(error as Error).message}`,
    };
  }
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Listen for files dropped anywhere on the window. Drags of nodes inside the page (palette →
 * canvas) carry no files and are left alone.
 */
export function listenForDroppedFiles(
  target: Window,
  deliver: (file: ExternalFile) => void,
): () => void {
  const over = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const drop = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file) void readPlanFile(file).then(deliver);
  };
  target.addEventListener('dragover', over);
  target.addEventListener('drop', drop);
  return () => {
    target.removeEventListener('dragover', over);
    target.removeEventListener('drop', drop);
  };
}
