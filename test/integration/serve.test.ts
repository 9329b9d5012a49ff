// `kiln serve` keeps a warm container; `kiln run` reuses it; Ctrl-C stops and removes it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';
import { docker, kilnContainers } from '../support/docker.js';
import { OK_PREDICT, pythonAlgorithm } from '../support/fixtures.js';

let home: ReturnType<typeof tempHome>;
let dir: string;
beforeAll(() => {
  home = tempHome();
  // setup() counts how often it ran, so the test can tell a warm container from a fresh one.
  dir = pythonAlgorithm(
    'warm',
    `self.calls += 1
os.makedirs(os.path.join(work, "out"), exist_ok=True)
with open(os.path.join(work, "out", "result.json"), "w") as f:
    json.dump({"pid": os.getpid(), "calls": self.calls, "setups": self.setups}, f)
return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}`,
    { setup: 'self.calls = 0\nself.setups = 1\ntime.sleep(0.3)' },
  );
});
afterAll(() => {
  home.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

// A failed assertion must not leave a `kiln serve` (and its container) behind for later tests.
const servers: ChildProcess[] = [];
afterEach(async () => {
  for (const p of servers.splice(0)) {
    if (p.exitCode !== null || p.signalCode !== null) continue;
    const gone = new Promise((resolve) => p.once('close', resolve));
    p.kill('SIGINT');
    await gone;
  }
});

describe('kiln serve', () => {
  it('serves a warm container that runs reuse, and Ctrl-C removes it', async () => {
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);

    const serve = startKiln(['serve', 'warm', '--json'], { home: home.home });
    servers.push(serve);
    let stdout = '';
    let stderr = '';
    serve.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    serve.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number>((resolve) => serve.on('close', (code) => resolve(code ?? -1)));
    const deadline = Date.now() + 120_000;
    while (!stdout.includes('"url"') && Date.now() < deadline) {
      if (serve.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const served = JSON.parse(stdout) as { url: string; container: string };
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${served.url}/readyz`);
    expect(ready.status).toBe(200);

    const outA = path.join(dir, 'out-a');
    const outB = path.join(dir, 'out-b');
    const a = await kiln(['run', 'warm', '--out', outA, '--json'], { home: home.home });
    const b = await kiln(['run', 'warm', '--out', outB, '--json'], { home: home.home });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.json.warm).toBe(true);
    const ra = JSON.parse(readFileSync(path.join(outA, 'result.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(path.join(outB, 'result.json'), 'utf8'));
    // Same process, setup ran once, state kept between calls: the model stayed loaded.
    expect(rb.pid).toBe(ra.pid);
    expect([ra.calls, rb.calls]).toEqual([1, 2]);
    expect(await kilnContainers()).toHaveLength(1);

    const metrics = await (await fetch(`${served.url}/metrics`)).text();
    expect(metrics).toMatch(/^kiln_calls_total 2$/m);

    serve.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await kilnContainers()).toEqual([]);
    // A run after the server stopped starts its own container again.
    const c = await kiln(['run', 'warm', '--out', outA, '--json'], { home: home.home });
    expect(c.code, c.stderr).toBe(0);
    expect(c.json.warm).toBe(false);
  });

  it('answers 429 to a second call while concurrency 1 is taken, and `kiln run` waits its turn', async () => {
    const busy = pythonAlgorithm('busy', `time.sleep(4)\n${OK_PREDICT}`, { extra: 'concurrency: 1\n' });
    try {
      const built = await kiln(['build', busy, '--json'], { home: home.home });
      expect(built.code, built.stderr).toBe(0);
      const serve = startKiln(['serve', 'busy', '--json'], { home: home.home });
      servers.push(serve);
      let stdout = '';
      let stderr = '';
      serve.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
      serve.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number>((resolve) => serve.on('close', (code) => resolve(code ?? -1)));
      let url = '';
      let container = '';
      try {
        const deadline = Date.now() + 120_000;
        while (!stdout.includes('"url"') && Date.now() < deadline) {
          if (serve.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        ({ url, container } = JSON.parse(stdout) as { url: string; container: string });
        const invoke = (): Promise<Response> => fetch(`${url}/invoke`, { method: 'POST', body: '{}' });
        const metric = async (name: string): Promise<number> => {
          const text = await (await fetch(`${url}/metrics`)).text();
          const line = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
          if (!line) throw new Error(`no ${name} line in /metrics:\n${text}`);
          return Number(line[1]);
        };

        const first = invoke();
        // The first call holds the one slot before the second is sent.
        const holdDeadline = Date.now() + 10_000;
        while ((await metric('kiln_calls_in_flight')) !== 1 && Date.now() < holdDeadline)
          await new Promise((r) => setTimeout(r, 50));
        expect(await metric('kiln_calls_in_flight')).toBe(1);

        const second = await invoke();
        expect(second.status).toBe(429);
        const refused = (await second.json()) as { error_code: number; error_msg: string };
        expect(refused.error_code).toBe(1002);
        expect(refused.error_msg).toMatch(/^busy: concurrency limit 1 reached, 1 call\(s\) in flight/);
        expect(await metric('kiln_calls_rejected_total')).toBe(1);

        // The CLI's call meets the same busy container, waits for the slot, and succeeds warm.
        const queued = kiln(['run', 'busy', '--json'], { home: home.home });
        const answered = await first;
        expect(answered.status).toBe(200);
        expect(((await answered.json()) as { error_code: number }).error_code).toBe(0);
        const r = await queued;
        expect(r.code, r.stderr).toBe(0);
        expect(r.json.warm).toBe(true);
        expect(await metric('kiln_calls_total')).toBe(2);
      } finally {
        serve.kill('SIGINT');
        expect(await exited).toBe(0);
      }
      // Its warm container is gone (other tests on this engine may have their own).
      expect(container).not.toBe('');
      expect(await docker(['ps', '-aq', '--filter', `id=${container}`])).toBe('');
    } finally {
      rmSync(busy, { recursive: true, force: true });
    }
  });

  it('Ctrl-C during a run removes the container it started', async () => {
    const slow = pythonAlgorithm('slowcall', 'time.sleep(30)\nreturn {"error_code": 0, "error_msg": "success"}', {
      timeout: 60,
    });
    try {
      const child = startKiln(['run', slow], { home: home.home });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      const deadline = Date.now() + 120_000;
      while (!stderr.includes('Ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain('Ready');
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(await kilnContainers()).toEqual([]);
      const runs = await kiln(['runs', 'slowcall', '--json'], { home: home.home });
      expect(runs.json.runs[0].status).toBe('cancelled');
    } finally {
      rmSync(slow, { recursive: true, force: true });
    }
  });
});
