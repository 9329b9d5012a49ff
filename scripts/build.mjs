// Builds the CLI into dist/kiln.mjs with esbuild: one file of our own code,
// every npm package left external (loaded lazily where it is heavy).
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: { kiln: path.join(root, 'electron/cli/main.ts') },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Code splitting keeps each command's code, and the npm packages only it imports, out of
  // start-up: `kiln build` with nothing changed never loads dockerode, tar-stream or zod.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod(path.join(root, 'dist/kiln.mjs'), 0o755);
if (!process.env.KILN_QUIET_BUILD) console.error(`[build] dist/kiln.mjs in ${Date.now() - started} ms`);
