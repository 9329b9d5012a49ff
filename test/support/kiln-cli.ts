// Runs the built `kiln` CLI (dist/kiln.mjs) as a user would, with its own KILN_HOME.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist', 'kiln.mjs');
export const EXAMPLES = path.join(ROOT, 'resources', 'examples');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when --json was passed. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

export function tempHome(prefix = 'kiln-home-'): { home: string; cleanup(): void } {
  const home = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export function startKiln(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string },
): ChildProcess {
  if (!existsSync(CLI)) throw new Error('dist/kiln.mjs is missing: run `npm run build` (npm test does it)');
  return spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, KILN_HOME: opts.home, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function kiln(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startKiln(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown;
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}
