// Vite config for the Node-side bundles: Electron main process and the `portolan` CLI (CommonJS).
import { rmSync } from 'node:fs';
import { defineConfig } from 'vite';

/** The folders this build writes, emptied first: chunk names carry hashes, so old ones pile up. */
const OWN_FOLDERS = ['dist/main', 'dist/cli', 'dist/shared'];

export default defineConfig({
  publicDir: false,
  plugins: [
    {
      name: 'empty-node-bundle-folders',
      buildStart() {
        for (const folder of OWN_FOLDERS) rmSync(folder, { recursive: true, force: true });
      },
    },
  ],
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
