// Import layering, checked on every `npm test` (after VS Code's code-layering rule):
//   - only electron/main.ts, electron/preload.ts and electron/ipc.ts may import 'electron';
//   - shared/ imports only shared/ and its few schema/parse packages, no Node built-in;
//   - renderer/src imports no Node built-in and nothing from electron/;
//   - electron/services, electron/cli and electron/bridge never import renderer/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_SHELL = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts']);
const SHARED_PACKAGES = new Set(['zod', 'yaml']);
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* files(dir) {
  let entries;
  try {
    entries = readdirSync(path.join(root, dir));
  } catch {
    return;
  }
  for (const name of entries) {
    const rel = `${dir}/${name}`;
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path.join(root, rel)).isDirectory()) yield* files(rel);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) yield rel;
  }
}

export function violations(rel, source) {
  const out = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    const target = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)) : null;
    const pkg = target ? null : spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (pkg === 'electron' && !ELECTRON_SHELL.has(rel))
      out.push(`${rel}: imports 'electron' (only ${[...ELECTRON_SHELL].join(', ')} may)`);
    if (rel.startsWith('shared/')) {
      if (target && !target.startsWith('shared/')) out.push(`${rel}: shared/ imports ${spec} outside shared/`);
      if (pkg && builtins.has(spec)) out.push(`${rel}: shared/ imports the Node built-in ${spec}`);
      else if (pkg && !SHARED_PACKAGES.has(pkg))
        out.push(`${rel}: shared/ imports the package ${pkg} (allowed: ${[...SHARED_PACKAGES].join(', ')})`);
    }
    // renderer/src runs in the page; renderer/*.config.ts are build scripts run by Node.
    if (rel.startsWith('renderer/src/')) {
      if (pkg && builtins.has(spec)) out.push(`${rel}: renderer/ imports the Node built-in ${spec}`);
      if (target && target.startsWith('electron/')) out.push(`${rel}: renderer/ imports ${spec} from electron/`);
    }
    if (rel.startsWith('electron/') && target && target.startsWith('renderer/'))
      out.push(`${rel}: electron/ imports ${spec} from renderer/`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = [];
  let count = 0;
  for (const dir of ['electron', 'shared', 'renderer']) {
    for (const rel of files(dir)) {
      count++;
      problems.push(...violations(rel, readFileSync(path.join(root, rel), 'utf8')));
    }
  }
  if (problems.length) {
    console.error(`[layers] ${problems.length} import rule violation(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.error(`[layers] ${count} files follow the import rules`);
}
