// Direct looks at the engine for assertions (what containers/images are left), via the docker CLI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function docker(args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** Containers Kiln started that still exist (running or not). */
export async function kilnContainers(): Promise<string[]> {
  const out = await docker([
    'ps',
    '-a',
    '--filter',
    'label=kiln.managed=true',
    '--format',
    '{{.ID}} {{.Label "kiln.role"}} {{.Status}}',
  ]);
  return out ? out.split('\n') : [];
}
