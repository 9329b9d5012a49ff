// Where Kiln keeps its data (KILN_HOME) and where its shipped resources are.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The platform's usual per-user data folder; KILN_HOME overrides it. */
export function kilnHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['KILN_HOME']) return path.resolve(env['KILN_HOME']);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Kiln');
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Kiln');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'kiln');
}

let resourcesCache: string | undefined;

/** The resources/ folder: next to the package (dev, CLI) or KILN_RESOURCES (packaged app). */
export function resourcesDir(): string {
  if (resourcesCache) return resourcesCache;
  const fromEnv = process.env['KILN_RESOURCES'];
  if (fromEnv) return (resourcesCache = path.resolve(fromEnv));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources');
    if (existsSync(path.join(candidate, 'runtime', 'kiln_runtime.py'))) return (resourcesCache = candidate);
    dir = path.dirname(dir);
  }
  throw new Error('Kiln resources folder not found (set KILN_RESOURCES)');
}
