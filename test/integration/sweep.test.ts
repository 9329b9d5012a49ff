// Nothing left running: a kiln process killed with SIGKILL leaves a container that the next
// kiln command of any kind removes (its run then shows as aborted), while a command with
// nothing to clean makes no engine call beyond what it needs itself.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi } from '../support/bridge-client.js';
import { docker } from '../support/docker.js';
import { startEngineProxy, type EngineProxy } from '../support/engine-proxy.js';
import { OK_PREDICT, pythonAlgorithm } from '../support/fixtures.js';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let proxy: EngineProxy;
const dirs: string[] = [];
beforeAll(async () => {
  home = tempHome();
  proxy = await startEngineProxy(path.join(home.home, 'engine.sock'));
});
afterAll(async () => {
  await proxy.stop();
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SLOW = 'time.sleep(120)\nreturn {"error_code": 0, "error_msg": "success"}';

/** name -> "running" | "exited" | ... for containers whose name starts with the prefix. */
async function containersNamed(prefix: string): Promise<Array<{ name: string; state: string }>> {
  const out = await docker(['ps', '-a', '--filter', `name=^/${prefix}`, '--format', '{{.Names}} {{.State}}']);
  return out
    ? out.split('\n').map((l) => {
        const [name, state] = l.split(' ');
        return { name: name!, state: state! };
      })
    : [];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('close', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a kiln process killed with SIGKILL', () => {
  it('leaves a run that the next `kiln runs` shows as aborted, its container removed', async () => {
    const dir = pythonAlgorithm('sweep-run', SLOW, { timeout: 180 });
    dirs.push(dir);
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);

    const child = startKiln(['run', 'sweep-run'], { home: home.home });
    // The run really got going: its record says running and its container runs, under its readable name.
    const run = await until('a running run record', async () => {
      const r = await kiln(['runs', 'sweep-run', '--json'], { home: home.home });
      const first = r.json?.runs?.[0] as { id: string; status: string; containerId: string | null } | undefined;
      return first?.status === 'running' && first.containerId ? first : undefined;
    });
    const name = `kiln-sweep-run-${run.id}`;
    await until('the container running', async () =>
      (await containersNamed(name)).some((c) => c.state === 'running') ? true : undefined,
    );
    expect(existsSync(path.join(home.home, 'work', run.id))).toBe(true);

    await killHard(child);
    expect((await containersNamed(name)).map((c) => c.name)).toEqual([name]);

    const after = await kiln(['runs', 'sweep-run', '--json'], { home: home.home });
    expect(after.code, after.stderr).toBe(0);
    const record = (after.json.runs as Array<{ id: string; status: string }>).find((r) => r.id === run.id);
    expect(record?.status).toBe('aborted');
    expect(await containersNamed(name)).toEqual([]);
    expect(existsSync(path.join(home.home, 'work', run.id))).toBe(false);
  });

  it('leaves a served container that an unchanged `kiln build` removes; the build after that asks the engine one thing', async () => {
    const dir = pythonAlgorithm('sweep-serve', OK_PREDICT);
    dirs.push(dir);
    const env = { DOCKER_HOST: proxy.dockerHost };
    const built = await kiln(['build', dir, '--json'], { home: home.home, env });
    expect(built.code, built.stderr).toBe(0);

    const child = startKiln(['serve', 'sweep-serve'], { home: home.home, env });
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    await until('kiln serve ready', async () => (stdout.includes('Serving') ? true : undefined));
    const served = await containersNamed('kiln-sweep-serve-s');
    expect(served).toHaveLength(1);
    expect(served[0]!.state).toBe('running');

    await killHard(child);
    expect(await containersNamed(served[0]!.name)).toHaveLength(1);

    const before = proxy.requests.length;
    const rebuilt = await kiln(['build', dir, '--json'], { home: home.home, env });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.json.reused).toBe(true);
    expect(await containersNamed(served[0]!.name)).toEqual([]);
    const sweepCalls = proxy.requests.slice(before);
    expect(sweepCalls.some((r) => r.startsWith('DELETE ') && r.includes(`/containers/${served[0]!.name}`))).toBe(true);

    // Nothing left to clean: the no-op build's only engine request is the image check (raw HTTP, no dockerode).
    const quiet = proxy.requests.length;
    const noop = await kiln(['build', dir, '--json'], { home: home.home, env });
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.json.reused).toBe(true);
    expect(proxy.requests.slice(quiet)).toEqual([`GET /images/${encodeURIComponent(built.json.tag)}/json`]);
  });
});

describe('the app starting (kiln ui)', () => {
  it('removes a Kiln container of this host whose owner is gone, even one the catalog never heard of', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const name = `kiln-stray-${Date.now()}`;
    await docker([
      'create',
      '--name',
      name,
      '--label',
      'kiln.managed=true',
      '--label',
      'kiln.role=run',
      '--label',
      `kiln.owner-host=${hostname()}`,
      '--label',
      `kiln.owner-pid=${dead.stdout}`,
      'debian:bookworm-slim',
      'true',
    ]);
    // Another host's container with the same dead pid is not ours to judge.
    const foreign = `kiln-foreign-${Date.now()}`;
    await docker([
      'create',
      '--name',
      foreign,
      '--label',
      'kiln.managed=true',
      '--label',
      'kiln.owner-host=another-host',
      '--label',
      `kiln.owner-pid=${dead.stdout}`,
      'debian:bookworm-slim',
      'true',
    ]);
    try {
      // A plain command asks only the catalog, which has no row for it: it stays.
      const images = await kiln(['images', '--json'], { home: home.home });
      expect(images.code, images.stderr).toBe(0);
      expect(await containersNamed(name)).toHaveLength(1);

      const ui = await startUi(home.home);
      try {
        await until('the stray container removed', async () =>
          (await containersNamed(name)).length === 0 ? true : undefined,
        );
      } finally {
        await ui.stop();
      }
      expect(await containersNamed(foreign)).toHaveLength(1);
    } finally {
      await docker(['rm', '-f', name, foreign]).catch(() => undefined);
    }
  });
});
