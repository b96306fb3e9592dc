// Vite config for the renderer bundle, loaded by Electron (file://) and by `npm run web`.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { withIndexHtmlPolicy } from './src-main/security';

/**
 * index.html's Content-Security-Policy comes from main's policy (src-main/security.ts), so the
 * page and the response header cannot drift apart; only the dev server adds its WebSocket.
 */
function contentSecurityPolicy(): Plugin {
  let mode: 'build' | 'serve' = 'build';
  return {
    name: 'portolan-csp',
    configResolved(config) {
      mode = config.command;
    },
    transformIndexHtml: (html) => withIndexHtmlPolicy(html, mode),
  };
}

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
});
