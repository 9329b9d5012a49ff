// Vite config for the renderer. Build from the repo root:
//   npx vite build --config renderer/vite.config.ts   -> dist/renderer/index.html + hashed assets
// Monaco is bundled locally (no CDN: the app works offline) and loaded lazily from the
// manifest editor, so it lands in its own chunk and the first screen stays small.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Monaco's chunk is large by nature; it is loaded only when the editor opens.
    chunkSizeWarningLimit: 4096,
    // No manualChunks for Monaco: a manual chunk absorbs shared helpers (Vite's preload
    // helper) and the first chunk would then import it eagerly. The lazy import of the editor
    // already puts Monaco in its own chunk (manifest-editor-*.js).
  },
  server: {
    // The renderer imports ../shared (the API contract, the manifest parser).
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
