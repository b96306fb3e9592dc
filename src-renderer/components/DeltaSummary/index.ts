// What a plan version adds and removes, as a list (history comparison, changes bar).
export { default as DeltaSummary } from './DeltaSummary.svelte';
