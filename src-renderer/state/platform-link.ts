// The host platform for the editor (Electron bridge or browser fallbacks), from platform/index.ts.
export { platform } from '../platform/index';
