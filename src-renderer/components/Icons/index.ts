// Icon set entry point.
export { default as Icon } from './Icon.svelte';
export * from './icons';
