// "Keep warm" over the bridge, against the real engine: serve.start serves a version as
// `kiln serve` does, runs of that version reuse it (warm, setup once), serve.stop removes it,
// and the served container goes with `kiln ui` (SIGINT), or with the next start after kill -9.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEventEnvelope, RunJobResult, ServedInfo, ServeJobResult } from '../../shared/api.js';
import { startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { docker } from '../support/docker.js';
import { writeSolidPng } from '../support/images.js';
import { tempHome } from '../support/kiln-cli.js';
import { copyExample, nonce, removeImagesOf } from '../e2e/pages/fixtures.js';

const NAME = `warm-${nonce()}`;

let home: ReturnType<typeof tempHome>;
let work: string;
let folder: string;
let photo: string;

/** This algorithm's served containers on the engine: id and state. */
async function servedContainers(): Promise<Array<{ id: string; state: string }>> {
  const out = await docker([
    'ps',
    '-a',
    '--no-trunc',
    '--filter',
    `label=kiln.name=${NAME}`,
    '--filter',
    'label=kiln.role=serve',
    '--format',
    '{{.ID}} {{.State}}',
  ]);
  return out
    ? out.split('\n').map((l) => {
        const [id, state] = l.split(' ');
        return { id: id!, state: state! };
      })
    : [];
}

async function endOf(c: WsClient, jobId: string): Promise<JobEventEnvelope['event']> {
  await c.subscribe(jobId, 0);
  const end = await c.waitForEvent((e) => e.jobId === jobId && e.event.type.startsWith('job.'), 600_000);
  return end.event;
}

async function serve(c: WsClient, version?: string): Promise<ServedInfo> {
  const { jobId } = await c.call('serve.start', { name: NAME, ...(version ? { version } : {}) });
  const end = await endOf(c, jobId);
  if (end.type !== 'job.done') throw new Error(`serve.start ended with ${JSON.stringify(end)}`);
  return (end.result as ServeJobResult).served;
}

async function runWith(c: WsClient, version: string, brightness: number): Promise<RunJobResult['run']> {
  const { jobId } = await c.call('run.start', { name: NAME, version, inputs: { image: photo }, args: { brightness } });
  const end = await endOf(c, jobId);
  if (end.type !== 'job.done') throw new Error(`run ended with ${JSON.stringify(end)}`);
  return (end.result as RunJobResult).run;
}

beforeAll(() => {
  home = tempHome('kiln-warm-');
  work = mkdtempSync(path.join(os.tmpdir(), 'kiln-warm-work-'));
  folder = copyExample('image-enhance', work, 'enhance', NAME);
  photo = path.join(work, 'grey.png');
  writeSolidPng(photo, 8, 6, [100, 100, 100]);
});

afterAll(async () => {
  for (const c of await servedContainers()) await docker(['rm', '-f', c.id]).catch(() => undefined);
  await removeImagesOf(NAME);
  home?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('keep warm (serve.start / serve.stop / serve.status)', () => {
  let ui: RunningUi;

  it('serves the version once; runs reuse it; serve.stop removes it; SIGINT removes it', async () => {
    ui = await startUi(home.home);
    const c = await WsClient.connect(ui);
    try {
      await c.call('algorithms.open', { path: folder });
      expect(await c.call('serve.status', { name: NAME })).toEqual({ served: null });

      // No version named: the folder builds (as `kiln serve <folder>`), then one container serves it.
      const served = await serve(c);
      expect(served.algorithm).toBe(NAME);
      expect(await servedContainers()).toEqual([{ id: served.containerId, state: 'running' }]);
      expect((await c.call('serve.status', { name: NAME })).served).toMatchObject({
        containerId: served.containerId,
        version: served.version,
      });
      // Asked again for the same version: the same container, no second setup.
      expect((await serve(c, served.version)).containerId).toBe(served.containerId);

      const first = await runWith(c, served.version, 2);
      const second = await runWith(c, served.version, 0.5);
      for (const r of [first, second]) {
        expect(r).toMatchObject({ status: 'succeeded', warm: true, containerId: served.containerId });
        expect(r.timings?.['setup']).toBeUndefined(); // a cold run records its setup; a warm one has none
      }
      // The served container answered both calls and ran setup once (one "ready" in its log).
      const metrics = await fetch(`${served.url}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/^kiln_calls_total 2$/m);
      const readyLines = readFileSync(served.logPath, 'utf8')
        .split('\n')
        .filter((l) => /"msg": "ready"/.test(l));
      expect(readyLines).toHaveLength(1);

      // Another version asked for: the old container is stopped and removed, the new one serves.
      appendFileSync(path.join(folder, 'predict.py'), '\n# a code change: a new version\n');
      const build = await c.call('build.start', { name: NAME });
      const built = await endOf(c, build.jobId);
      if (built.type !== 'job.done' || built.result.kind !== 'build') throw new Error(JSON.stringify(built));
      const v2 = built.result.version.version;
      expect(v2).not.toBe(served.version);
      const moved = await serve(c, v2);
      expect(moved).toMatchObject({ version: v2 });
      expect(await servedContainers()).toEqual([{ id: moved.containerId, state: 'running' }]);
      expect((await runWith(c, v2, 1)).containerId).toBe(moved.containerId);

      expect(await c.call('serve.stop', { name: NAME })).toEqual({ stopped: true });
      expect(await servedContainers()).toEqual([]);
      expect(await c.call('serve.stop', { name: NAME })).toEqual({ stopped: false });
      expect(await c.call('serve.status', { name: NAME })).toEqual({ served: null });

      // On again, then the server is stopped with Ctrl-C: the container goes with it.
      const again = await serve(c, served.version);
      expect(await servedContainers()).toEqual([{ id: again.containerId, state: 'running' }]);
    } finally {
      c.close();
    }
    expect(await ui.stop()).toBe(0);
    expect(await servedContainers()).toEqual([]);
  }, 900_000);

  it('after kill -9 of `kiln ui`, the next start removes the orphaned served container; remove takes it too', async () => {
    const killed = await startUi(home.home);
    const c = await WsClient.connect(killed);
    let orphan: ServedInfo;
    try {
      orphan = await serve(c);
    } finally {
      c.close();
    }
    const exited = new Promise((resolve) => killed.child.once('close', resolve));
    killed.child.kill('SIGKILL');
    await exited;
    expect(await servedContainers()).toEqual([{ id: orphan.containerId, state: 'running' }]);

    ui = await startUi(home.home);
    const next = await WsClient.connect(ui);
    try {
      const fresh = await serve(next, orphan.version);
      expect(fresh.containerId).not.toBe(orphan.containerId);
      expect(await servedContainers()).toEqual([{ id: fresh.containerId, state: 'running' }]);
      // Removing the algorithm from Kiln takes its warm container with it.
      await next.call('algorithms.remove', { name: NAME });
      expect(await servedContainers()).toEqual([]);
    } finally {
      next.close();
    }
    expect(await ui.stop()).toBe(0);
  }, 900_000);
});
