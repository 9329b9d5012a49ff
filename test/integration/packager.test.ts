// Layer reuse, model images, concurrent builds, Python packages from a local wheel,
// and what happens to records and containers when a kiln process is killed.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';
import { docker } from '../support/docker.js';
import { OK_PREDICT, pythonAlgorithm } from '../support/fixtures.js';
import { buildWheel } from '../support/wheel.js';

let home: ReturnType<typeof tempHome>;
const dirs: string[] = [];
beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Answers {level, model: {size, sha256}} of weights/w.bin beside predict.py, as the container sees it. */
const MODEL_HASH_PREDICT = `import hashlib
model = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights", "w.bin")
with open(model, "rb") as f:
    data = f.read()
os.makedirs(os.path.join(work, "out"), exist_ok=True)
with open(os.path.join(work, "out", "result.json"), "w") as f:
    json.dump({"level": request["arg_map"]["level"], "model": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}}, f)
return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}`;

type LogEvent = { type: string; stage?: string; index?: number; instruction?: string; line?: string };
function buildEvents(logPath: string): LogEvent[] {
  return readFileSync(logPath, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LogEvent);
}

describe('layers', () => {
  it('a code-only change reuses the package and model layers and rebuilds only the code', async () => {
    // The algorithm answers with the sha256 of the model file it finds next to its code.
    const dir = pythonAlgorithm('layers', MODEL_HASH_PREDICT, { extra: 'models: ["weights/*"]\n' });
    dirs.push(dir);
    mkdirSync(path.join(dir, 'weights'));
    // Fresh weights each run, so the models image is new to this engine.
    const weights = randomBytes(1024 * 1024);
    writeFileSync(path.join(dir, 'weights', 'w.bin'), weights);
    const first = await kiln(['build', dir, '--json'], { home: home.home });
    expect(first.code, first.stderr).toBe(0);
    const firstLog = buildEvents(path.join(home.home, 'logs', 'builds', `${first.json.buildId}.log`));
    expect(firstLog.some((e) => e.type === 'build.image' && e.stage === 'models')).toBe(true);

    writeFileSync(path.join(dir, 'predict.py'), `${readFileSync(path.join(dir, 'predict.py'), 'utf8')}\n# tuned\n`);
    const second = await kiln(['build', dir, '--json'], { home: home.home });
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.reused).toBe(false);
    expect(second.json.version).not.toBe(first.json.version);
    const events = buildEvents(path.join(home.home, 'logs', 'builds', `${second.json.buildId}.log`));
    // The model image is not rebuilt, and no build step runs at all: the new image is the first one
    // with its code layer replaced (packager/code-layer-swap.ts), every other layer the very same.
    expect(events.some((e) => e.type === 'build.image' && e.stage === 'models')).toBe(false);
    expect(events.filter((e) => e.type === 'build.step')).toEqual([]);
    expect(events.some((e) => e.type === 'build.log' && /^Only the code changed: new code layer/.test(e.line!))).toBe(
      true,
    );
    const rootfs = async (tag: string): Promise<string[]> =>
      JSON.parse(await docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', tag])) as string[];
    const [firstLayers, secondLayers] = [await rootfs(first.json.tag), await rootfs(second.json.tag)];
    expect(secondLayers.slice(0, -1)).toEqual(firstLayers.slice(0, -1));
    expect(secondLayers.at(-1)).not.toBe(firstLayers.at(-1));
    // The image says which version it is, in its code layer, as a built one does.
    const versionJson = await docker(['run', '--rm', '--entrypoint', 'cat', second.json.tag, '/kiln/version.json']);
    expect(JSON.parse(versionJson)).toMatchObject({ version: second.json.version, tag: second.json.tag });

    // A change besides the code (here kiln.yaml's description) is an ordinary build: every step
    // before the manifest's label is a cache hit.
    const yaml = path.join(dir, 'kiln.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace(/^name: .*$/m, (l) => `${l}\ndescription: tuned`),
    );
    const third = await kiln(['build', dir, '--json'], { home: home.home });
    expect(third.code, third.stderr).toBe(0);
    const thirdEvents = buildEvents(path.join(home.home, 'logs', 'builds', `${third.json.buildId}.log`));
    const steps = thirdEvents.filter((e) => e.type === 'build.step');
    const cached = new Set(thirdEvents.filter((e) => e.type === 'build.cached').map((e) => e.index));
    const labelStep = steps.find((s) => s.instruction?.startsWith('LABEL '))!;
    for (const s of steps.filter((x) => x.index! < labelStep.index! && x.index! > 1)) {
      expect(cached.has(s.index), `step ${s.index} ${s.instruction} should be cached`).toBe(true);
    }
    expect(cached.has(labelStep.index)).toBe(false);
    expect(steps.some((s) => s.instruction?.startsWith('COPY --from=kiln-models/layers:'))).toBe(true);

    // Both versions are listed, newest first.
    const images = await kiln(['images', 'layers', '--json'], { home: home.home });
    expect(images.json.versions.map((v: { version: string }) => v.version)).toEqual([
      third.json.version,
      second.json.version,
      first.json.version,
    ]);
    // And the rebuilt version still runs, with its model file in place, byte for byte.
    const run = await kiln(['run', dir, '--arg', 'level=2', '--out', path.join(dir, 'out'), '--json'], {
      home: home.home,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.version).toBe(third.json.version);
    expect(JSON.parse(readFileSync(path.join(dir, 'out', 'result.json'), 'utf8'))).toEqual({
      level: 2,
      model: { size: weights.length, sha256: createHash('sha256').update(weights).digest('hex') },
    });
  });

  it('two builds of the same folder at once build only once', async () => {
    const dir = pythonAlgorithm('twice', OK_PREDICT);
    dirs.push(dir);
    writeFileSync(path.join(dir, 'nonce.txt'), String(Date.now()));
    const [a, b] = await Promise.all([
      kiln(['build', dir, '--json'], { home: home.home }),
      kiln(['build', dir, '--json'], { home: home.home }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.json.version).toBe(b.json.version);
    expect([a.json.reused, b.json.reused].sort()).toEqual([false, true]);
    const images = await kiln(['images', 'twice', '--json'], { home: home.home });
    expect(images.json.versions).toHaveLength(1);
  });
});

describe('python packages', () => {
  it('installs a wheel from a find_links folder into the venv, with Debian packages still visible', async () => {
    const predict = `import kilnhello
os.makedirs(os.path.join(work, "out"), exist_ok=True)
with open(os.path.join(work, "out", "result.json"), "w") as f:
    json.dump({"greeting": kilnhello.greet(), "prefix": sys.prefix}, f)
return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}`;
    const dir = pythonAlgorithm('wheels', predict, {
      extra: 'python_packages: {packages: [kilnhello==1.0], find_links: wheels}\n',
    });
    dirs.push(dir);
    mkdirSync(path.join(dir, 'wheels'));
    buildWheel(path.join(dir, 'wheels'), 'kilnhello', '1.0', 'def greet():\n    return "hello from a wheel"\n');
    const out = path.join(dir, 'out');
    const r = await kiln(['run', dir, '--out', out, '--json'], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'))).toEqual({
      greeting: 'hello from a wheel',
      prefix: '/opt/kiln/venv',
    });
  });
});

describe('a killed kiln process', () => {
  it('leaves an aborted record, never a running one, and its container is swept on the next start', async () => {
    const dir = pythonAlgorithm('killed', 'time.sleep(60)\nreturn {"error_code": 0, "error_msg": "success"}', {
      timeout: 120,
    });
    dirs.push(dir);
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    const child = startKiln(['run', 'killed'], { home: home.home });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes('Ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // The run really got going before the kill: its container is up and its record says running.
    expect(stderr).toContain('Ready');
    const before = await kiln(['runs', 'killed', '--json'], { home: home.home });
    expect(before.json.runs).toHaveLength(1);
    expect(before.json.runs[0].status).toBe('running');
    const runId = String(before.json.runs[0].id);
    expect(await docker(['ps', '--filter', `label=kiln.run-id=${runId}`, '--format', '{{.Status}}'])).toMatch(/^Up /);
    const containerOfRun = (): Promise<string> => docker(['ps', '-aq', '--filter', `label=kiln.run-id=${runId}`]);
    child.kill('SIGKILL');
    await exited;
    // Its container outlived it (this run's own: other tests may have containers on this engine).
    expect(await containerOfRun()).not.toBe('');

    const runs = await kiln(['runs', 'killed', '--json'], { home: home.home });
    expect(runs.json.runs[0].status).toBe('aborted');

    const next = pythonAlgorithm('next', OK_PREDICT);
    dirs.push(next);
    const r = await kiln(['run', next, '--json'], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(await containerOfRun()).toBe('');
  });
});
