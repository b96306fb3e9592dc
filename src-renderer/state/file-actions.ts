// Default File menu actions (new, open, save, save as) on top of the platform adapter.
// The storage engineer may replace `editor.files` with Dexie-aware versions.
import { getCatalog, parsePlanText, serializePlan, formatPlanError } from '../../src-core/index';
import type { Plan } from '../../src-core/plan/types';
import { safeFileName } from '../../src-core/util/file-name';
import type { ExternalFile, OpenedFile, Platform } from '../platform/platform';
import type { Editor, FileActions } from './editor.svelte';

/** An empty plan of a catalog edition. */
export function emptyPlan(edition: string, name = 'Untitled plan'): Plan {
  getCatalog(edition); // throws for an unknown edition, before the UI shows a broken plan
  return {
    format: 'portolan-plan',
    version: 1,
    name,
    catalog: edition,
    options: {},
    zones: [],
    nodes: [],
    connections: [],
  };
}

/** Suggested file name for a plan: its name, made safe (main's check accepts it), plus the extension. */
export function planFileName(plan: Plan): string {
  return safeFileName(plan.name, '.portolan.json');
}

/** File actions using `platform`; messages go to the editor's toasts. */
export function createFileActions(editor: Editor, platform: Platform): FileActions {
  const store = editor.store;
  const confirmDiscard = () =>
    !store.unsavedFileChanges || confirm('The plan has unsaved changes. Discard them?');

  async function writeTo(path: string | undefined): Promise<void> {
    const saved = await platform.savePlanFile(serializePlan(store.plan), {
      ...(path ? { path } : {}),
      suggestedName: planFileName(store.plan),
    });
    if (!saved) return;
    store.origin = { planId: store.origin.planId, filePath: saved.path ?? null };
    store.fileRevision = store.revision;
    editor.toasts.show(`Saved ${saved.name}.`);
  }

  function loadFile(file: OpenedFile): void {
    const r = parsePlanText(file.text);
    if (!r.ok) {
      const first = r.errors[0];
      editor.toasts.show(
        `${file.name} cannot be opened: ${first ? formatPlanError(first) : 'invalid plan'}` +
          (r.errors.length > 1 ? ` (and ${r.errors.length - 1} more)` : ''),
        'error',
      );
      return;
    }
    store.load(r.plan, { planId: null, filePath: file.path ?? null });
    editor.select([]);
    editor.toasts.show(`Opened ${file.name}.`);
    editor.fitSoon();
  }

  return {
    openExternal(external: ExternalFile) {
      if (!external.ok) {
        editor.toasts.show(external.error, 'error');
        return;
      }
      if (!confirmDiscard()) return;
      loadFile(external.file);
    },
    newPlan() {
      if (!confirmDiscard()) return;
      store.load(emptyPlan(store.plan.catalog), { planId: null, filePath: null });
      editor.select([]);
    },
    async open() {
      if (!confirmDiscard()) return;
      const file = await platform.openPlanFile();
      if (file) loadFile(file);
    },
    save: () => writeTo(store.origin.filePath ?? undefined),
    saveAs: () => writeTo(undefined),
  };
}
