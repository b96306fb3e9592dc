// Export dialog: formats + scope, highlighted preview, copy, save all.
export { default as ExportDialog } from './ExportDialog.svelte';
export { renderExports, suggestedExportName, toExportScope } from './export-files';
export type { ExportPreview, PreviewFile, ScopeChoice } from './export-files';
