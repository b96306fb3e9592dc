// Vite config for the Node-side bundles: Electron main process and the `portolan` CLI (CommonJS).
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    ssr: true,
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        'main/main': 'src-main/main.ts',
        'cli/portolan': 'src-main/cli.ts',
      },
      external: ['electron', 'playwright-core', /^node:/],
      output: {
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'shared/[name]-[hash].cjs',
      },
    },
  },
  ssr: { noExternal: true, external: ['electron', 'playwright-core'] },
});
