// Change-request details form (edits plan.changeRequest through the plan store).
export { default as ChangeRequestForm } from './ChangeRequestForm.svelte';
export { setChangeRequestField, toLocalInput } from './change-request-edit';
export type { ChoiceField, TextField } from './change-request-edit';
