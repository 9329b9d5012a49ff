// Bundles the Electron shell with esbuild (no Electron binary needed):
//   electron/main.ts    -> dist/electron/main.cjs     our code in one file, every npm package external
//   electron/preload.ts -> dist/electron/preload.cjs  one self-contained file; only 'electron' external
//                                                    (a sandboxed preload can require nothing else)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

// The services are ES modules that use import.meta.url (createRequire, resource lookup);
// in a CommonJS bundle that is the bundle's own file URL.
const importMetaUrl = {
  banner: { js: "const __kilnImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__kilnImportMetaUrl' },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    ...importMetaUrl,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.cjs',
    packages: 'external',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    platform: 'browser',
    external: ['electron'],
  }),
]);
if (!process.env.KILN_QUIET_BUILD)
  console.error(`[build] dist/electron/main.cjs, preload.cjs in ${Date.now() - started} ms`);
