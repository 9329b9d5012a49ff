// Dev helper: bundle a TypeScript file with esbuild and run it (node scripts/run-ts.mjs file.ts args...).
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error('usage: node scripts/run-ts.mjs file.ts [args]');
const out = path.resolve('node_modules/.cache', `kiln-run-${process.pid}.mjs`);
await build({
  entryPoints: [file],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  target: 'node20',
  logLevel: 'error',
  absWorkingDir: process.cwd(),
  nodePaths: [path.resolve('node_modules')],
});
process.argv = [process.argv[0], file, ...rest];
await import(pathToFileURL(out).href);
