// Change-request dialog: details form and print preview; PDF, HTML and Markdown export.
export { default as ReportPreview } from './ReportPreview.svelte';
export { reportFileName } from './report-file-name';
