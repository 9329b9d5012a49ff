// The warm path from the CLI: `kiln run` against a served container finds it over plain HTTP and
// never opens the full engine connection (dockerode's /_ping + /version handshake); a container of
// a dead owner on the engine sends it down the full path, which removes that container first.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker.js';
import { startEngineProxy, type EngineProxy } from '../support/engine-proxy.js';
import { OK_PREDICT, pythonAlgorithm } from '../support/fixtures.js';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let proxy: EngineProxy;
let serve: ChildProcess | undefined;
const dirs: string[] = [];
beforeAll(async () => {
  home = tempHome();
  proxy = await startEngineProxy(path.join(home.home, 'engine.sock'));
});
afterAll(async () => {
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve!.on('close', resolve));
    serve.kill('SIGINT');
    await exited;
  }
  await proxy.stop();
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function containersNamed(name: string): Promise<string[]> {
  const out = await docker(['ps', '-a', '--filter', `name=^/${name}$`, '--format', '{{.Names}}']);
  return out ? out.split('\n') : [];
}

describe('kiln run against a served container', () => {
  it('finds it without the full engine connection, and takes the full path when a dead owner left a container', async () => {
    const dir = pythonAlgorithm('warm-quick', OK_PREDICT);
    dirs.push(dir);
    const env = { DOCKER_HOST: proxy.dockerHost };
    const built = await kiln(['build', dir, '--json'], { home: home.home, env });
    expect(built.code, built.stderr).toBe(0);

    serve = startKiln(['serve', 'warm-quick'], { home: home.home });
    let stdout = '';
    serve.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    const deadline = Date.now() + 120_000;
    while (!stdout.includes('Serving')) {
      if (serve.exitCode !== null || Date.now() > deadline) throw new Error(`kiln serve did not start: ${stdout}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const before = proxy.requests.length;
    const warm = await kiln(['run', 'warm-quick', '--arg', 'level=2', '--out', path.join(dir, 'out-1'), '--json'], {
      home: home.home,
      env,
    });
    expect(warm.code, warm.stderr).toBe(0);
    expect(warm.json.warm).toBe(true);
    const asked = proxy.requests.slice(before).map((r) => r.replace(/\?.*$/, ''));
    // One container list (the managed ones, the served one among them) and nothing else: no ping,
    // nothing of dockerode's handshake.
    expect(asked).toEqual(['GET /containers/json']);

    // A container of this host whose owner is gone: the warm call must not skip the sweep.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stray = `kiln-stray-warm-${Date.now()}`;
    await docker([
      'create',
      '--name',
      stray,
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
    try {
      const swept = await kiln(['run', 'warm-quick', '--arg', 'level=2', '--out', path.join(dir, 'out-2'), '--json'], {
        home: home.home,
        env,
      });
      expect(swept.code, swept.stderr).toBe(0);
      expect(swept.json.warm).toBe(true);
      expect(await containersNamed(stray)).toEqual([]);
    } finally {
      await docker(['rm', '-f', stray]).catch(() => undefined);
    }
  });
});
