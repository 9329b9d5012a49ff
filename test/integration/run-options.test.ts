// What reaches the container from kiln.yaml and the command line: `resources` and `env` (read
// back with docker inspect, and from inside), and the GPU flag and need on a host without GPUs
// (a clear error and exit code, no container). One algorithm is built once and shared.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker.js';
import { pythonAlgorithm } from '../support/fixtures.js';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let dir: string;
let requiredDir: string;

const ENV_PREDICT = `os.makedirs(os.path.join(work, "out"), exist_ok=True)
with open(os.path.join(work, "out", "result.json"), "w", encoding="utf-8") as f:
    json.dump({k: os.environ.get(k) for k in ("GREETING", "THREADS", "VERBOSE")}, f, ensure_ascii=False)
return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}`;

beforeAll(async () => {
  home = tempHome();
  // These are the no-GPU paths: say so plainly if this engine can hand out a GPU after all.
  const info = JSON.parse(await docker(['info', '--format', '{{json .}}'])) as { Runtimes?: Record<string, unknown> };
  expect(Object.keys(info.Runtimes ?? {}), 'this file tests a host without GPUs').not.toContain('nvidia');

  dir = pythonAlgorithm('options', ENV_PREDICT, {
    // gpu: optional: a CPU run when there is none, an error when a GPU is asked for by flag.
    // (With gpu: none a --gpu flag is ignored by design: the run says so and stays on the CPU.)
    extra: `gpu: optional
resources: {cpus: 1.5, memory: 256Mi, shm_size: 64Mi}
env: {GREETING: "你好 world", THREADS: 2, VERBOSE: true}
`,
  });
  requiredDir = pythonAlgorithm('needsgpu', ENV_PREDICT, { extra: 'gpu: required\n' });
  const built = await kiln(['build', dir, '--json'], { home: home.home });
  expect(built.code, built.stderr).toBe(0);
});
afterAll(() => {
  home.cleanup();
  rmSync(dir, { recursive: true, force: true });
  rmSync(requiredDir, { recursive: true, force: true });
});

describe('resources and env', () => {
  it('reach the container: NanoCpus, Memory, ShmSize and Env as docker inspect shows them', async () => {
    const serve = startKiln(['serve', 'options', '--json'], { home: home.home });
    let stdout = '';
    let stderr = '';
    serve.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    serve.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number>((resolve) => serve.on('close', (code) => resolve(code ?? -1)));
    let container = '';
    try {
      const deadline = Date.now() + 120_000;
      while (!stdout.includes('"url"') && Date.now() < deadline) {
        if (serve.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      container = (JSON.parse(stdout) as { container: string }).container;
      const inspect = JSON.parse(await docker(['inspect', container]))[0] as {
        HostConfig: { NanoCpus: number; Memory: number; ShmSize: number };
        Config: { Env: string[] };
      };
      expect(inspect.HostConfig).toMatchObject({
        NanoCpus: 1_500_000_000,
        Memory: 256 * 1024 * 1024,
        ShmSize: 64 * 1024 * 1024,
      });
      expect(inspect.Config.Env).toEqual(expect.arrayContaining(['GREETING=你好 world', 'THREADS=2', 'VERBOSE=true']));

      // And the algorithm sees them (this run reuses the served container).
      const out = path.join(dir, 'out');
      const r = await kiln(['run', 'options', '--out', out, '--json'], { home: home.home });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.warm).toBe(true);
      expect(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'))).toEqual({
        GREETING: '你好 world',
        THREADS: '2',
        VERBOSE: 'true',
      });
    } finally {
      serve.kill('SIGINT');
      expect(await exited).toBe(0);
    }
    expect(await docker(['ps', '-aq', '--filter', `id=${container}`])).toBe('');
  });
});

describe('GPUs on a host without any', () => {
  /** The run containers an algorithm has on the engine (there should be none after a refusal). */
  const containersOf = (name: string): Promise<string> =>
    docker(['ps', '-aq', '--filter', 'label=kiln.role=run', '--filter', `label=kiln.name=${name}`]);

  it.each([
    ['all', /^--gpu all, but no GPU can be given to the container: ./],
    ['0', /^--gpu 0, but no GPU can be given to the container: ./],
  ])('--gpu %s fails with GPU_UNAVAILABLE, exit 3, before any container starts', async (flag, message) => {
    const r = await kiln(['run', 'options', '--gpu', flag, '--json'], { home: home.home });
    expect(r.code).toBe(3);
    expect(r.json.error).toMatchObject({ code: 'GPU_UNAVAILABLE', message: expect.stringMatching(message) });
    expect(r.json.error.hint).toMatch(/--gpu none/);
    expect(await containersOf('options')).toBe('');

    const text = await kiln(['run', 'options', '--gpu', flag], { home: home.home });
    expect(text.code).toBe(3);
    expect(text.stderr).toMatch(
      new RegExp(`^error: --gpu ${flag}, but no GPU can be given to the container: .+$`, 'm'),
    );
    expect(text.stderr).toMatch(/^hint: .+$/m);
    expect(text.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a malformed --gpu as bad input (exit 2)', async () => {
    const r = await kiln(['run', 'options', '--gpu', 'two', '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({
      code: 'BAD_GPU_FLAG',
      hint: expect.stringContaining('--gpu auto, none, all'),
    });
  });

  it('gpu: required fails with GPU_REQUIRED (exit 3) for run and serve, and with --gpu none', async () => {
    const run = await kiln(['run', requiredDir, '--json'], { home: home.home });
    expect(run.code, run.stderr).toBe(3);
    expect(run.json.error).toMatchObject({
      code: 'GPU_REQUIRED',
      message: expect.stringMatching(/^kiln\.yaml says gpu: required, but no GPU can be given to the container: ./),
    });
    const serve = await kiln(['serve', 'needsgpu', '--json'], { home: home.home, timeoutMs: 60_000 });
    expect(serve.code).toBe(3);
    expect(serve.json.error).toMatchObject({ code: 'GPU_REQUIRED' });
    const cpu = await kiln(['run', 'needsgpu', '--gpu', 'none', '--json'], { home: home.home });
    expect(cpu.code).toBe(3);
    expect(cpu.json.error).toMatchObject({
      code: 'GPU_REQUIRED',
      message: 'kiln.yaml says gpu: required, but --gpu none asks for a CPU run',
    });
    expect(await containersOf('needsgpu')).toBe('');
  });
});
