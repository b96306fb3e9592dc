// The canvas banner of the changes view ("Changes since approved", history comparison).
export { default as ChangesBar } from './ChangesBar.svelte';
