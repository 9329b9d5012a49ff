// Bad input and failing algorithms: each gives a clear message, the right exit code,
// a failed record with logs in the catalog, and leaves no container or temp dir behind.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiln, tempHome, type CliResult } from '../support/kiln-cli.js';
import { kilnContainers } from '../support/docker.js';
import { OK_PREDICT, makeAlgorithm, pythonAlgorithm } from '../support/fixtures.js';

let home: ReturnType<typeof tempHome>;
const dirs: string[] = [];
beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function algo(...args: Parameters<typeof pythonAlgorithm>): string {
  const d = pythonAlgorithm(...args);
  dirs.push(d);
  return d;
}

async function expectNothingLeft(): Promise<void> {
  expect(await kilnContainers()).toEqual([]);
  const work = path.join(home.home, 'work');
  expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
}

async function lastRun(name: string): Promise<CliResult['json']> {
  const r = await kiln(['runs', name, '--json'], { home: home.home });
  expect(r.code).toBe(0);
  return r.json.runs[0];
}

describe('bad manifests', () => {
  it('a misspelled key names file, line, column and suggests the right key (exit 2)', async () => {
    const dir = algo('typo', OK_PREDICT);
    const file = path.join(dir, 'kiln.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('timeout:', 'timout:'));
    const r = await kiln(['build', dir], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${file}:10:1 timout: unknown key "timout" (did you mean "timeout"?)`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('malformed YAML is reported with its line (exit 2, --json envelope)', async () => {
    const dir = makeAlgorithm('broken', { 'kiln.yaml': 'name: broken\nentry: {python: "p.py:A"\noutputs: [\n' });
    dirs.push(dir);
    const r = await kiln(['build', dir, '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('MANIFEST_INVALID');
    expect(r.json.error.message).toMatch(new RegExp(`^${path.join(dir, 'kiln.yaml')}:\\d+:\\d+ YAML syntax`));
    expect(r.json.error.problems[0].line).toBeGreaterThan(1);
  });

  it('a missing entry file is named (exit 2)', async () => {
    const dir = algo('noentry', OK_PREDICT);
    rmSync(path.join(dir, 'predict.py'));
    const r = await kiln(['build', dir, '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error.message).toContain('entry.python: entry file predict.py does not exist');
  });

  it('a folder without kiln.yaml says how to create one', async () => {
    const dir = makeAlgorithm('empty', { 'README.md': 'x' });
    dirs.push(dir);
    const r = await kiln(['build', dir, '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'MANIFEST_NOT_FOUND' });
    expect(r.json.error.hint).toContain('kiln init');
  });
});

describe('bad run arguments', () => {
  let dir: string;
  beforeAll(() => {
    dir = algo('args-check', OK_PREDICT);
  });

  it('an unknown arg gets a suggestion, an out-of-range value is refused (exit 2)', async () => {
    const unknown = await kiln(['run', dir, '--arg', 'levl=3', '--json'], { home: home.home });
    expect(unknown.code).toBe(2);
    expect(unknown.json.error.message).toContain('unknown arg "levl" (did you mean "level"?)');
    const range = await kiln(['run', dir, '--arg', 'level=11', '--json'], { home: home.home });
    expect(range.code).toBe(2);
    expect(range.json.error.message).toBe('level=11 is above the maximum 10');
    await expectNothingLeft();
  });

  it('an input file that does not exist is named (exit 2)', async () => {
    const r = await kiln(['run', dir, '--input', 'data=/nonexistent/in.txt', '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error.message).toBe('input data: /nonexistent/in.txt does not exist');
  });

  it('runs fine with good arguments (the fixture itself works)', async () => {
    const out = path.join(dir, 'out');
    const r = await kiln(['run', dir, '--arg', 'level=7', '--out', out, '--json'], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8'))).toEqual({ level: 7 });
    await expectNothingLeft();
  });
});

describe('failing algorithms', () => {
  it('a crash records error 1006, the traceback tail and logs (exit 1)', async () => {
    const dir = algo('crash', 'raise ValueError("bad pixel at 3,4")');
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('ALGORITHM_FAILED');
    expect(r.json.error.errorCode).toBe(1006);
    expect(r.json.error.message).toContain('ValueError: bad pixel at 3,4');
    const run = await lastRun('crash');
    expect(run.status).toBe('failed');
    expect(run.errorCode).toBe(1006);
    expect(run.stderrTail).toContain('ValueError');
    expect(readFileSync(run.logPath, 'utf8')).toContain('bad pixel at 3,4');
    await expectNothingLeft();
  });

  it('an algorithm code (>= 2000) passes through', async () => {
    const dir = algo('algo-error', 'return {"error_code": 3002, "error_msg": "Run ffmpeg errors! bad codec"}');
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.errorCode).toBe(3002);
    expect(r.json.error.message).toContain('Run ffmpeg errors! bad codec');
  });

  it('a hang past the timeout is error 1003', async () => {
    const dir = algo('hang', 'time.sleep(60)', { timeout: 1 });
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.errorCode).toBe(1003);
    expect((await lastRun('hang')).status).toBe('failed');
    await expectNothingLeft();
  });

  it('exiting 0 without a response is error 1005', async () => {
    const dir = algo('exit0', 'os._exit(0)');
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.errorCode).toBe(1005);
    expect(r.json.error.message).toContain('exited with status 0 without a response');
    await expectNothingLeft();
  });

  it('a response that is not a JSON object is error 1005', async () => {
    const dir = algo('notjson', 'return "all good"');
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.errorCode).toBe(1005);
  });

  it('an output outside the work dir is error 1004', async () => {
    const dir = algo(
      'escape',
      'return {"error_code": 0, "error_msg": "success", "output_files": [{"key": "result", "form": "LocalPath", "body": "../../../etc/passwd"}]}',
    );
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.errorCode).toBe(1004);
    await expectNothingLeft();
  });

  it('a setup that fails stops the run before any call', async () => {
    const dir = algo('badsetup', OK_PREDICT, { setup: 'raise RuntimeError("weights missing")' });
    const r = await kiln(['run', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.message).toContain('before it was ready');
    expect(r.json.error.stderrTail).toContain('weights missing');
    await expectNothingLeft();
  });
});

describe('environment failures', () => {
  it('a build step that fails names the step and its output, and records a failed build (exit 1)', async () => {
    const dir = algo('badpkg', OK_PREDICT, { extra: 'system_packages: [kiln-no-such-package]\n' });
    const r = await kiln(['build', dir, '--json'], { home: home.home });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('BUILD_FAILED');
    // Named in kiln.yaml's terms; the step number stays in the document for scripts.
    expect(r.json.error.message).toMatch(
      /^installing system_packages \(kiln-no-such-package\) failed with exit code 100\n/,
    );
    expect(r.json.error.step).toBe(3);
    expect(r.json.error.message).toContain('Unable to locate package kiln-no-such-package');
    const log = readFileSync(r.json.error.logPath, 'utf8');
    expect(log).toContain('build.failed');
    const { Catalog } = await import('../../electron/services/catalog/catalog.js');
    const catalog = Catalog.open(home.home);
    try {
      expect(catalog.getBuild(r.json.error.buildId)).toMatchObject({ status: 'failed', errorCode: 'BUILD_FAILED' });
    } finally {
      catalog.close();
    }
  });

  it('an engine that does not answer says which socket was tried and what to do (exit 3)', async () => {
    const dir = algo('noengine', OK_PREDICT);
    const r = await kiln(['build', dir, '--json'], {
      home: home.home,
      env: { DOCKER_HOST: 'unix:///tmp/kiln-no-engine.sock' },
    });
    expect(r.code).toBe(3);
    expect(r.json.error.code).toBe('ENGINE_UNAVAILABLE');
    expect(r.json.error.message).toContain('/tmp/kiln-no-engine.sock');
    expect(r.json.error.hint).toMatch(/DOCKER_HOST|dockerd|Docker/);
    const human = await kiln(['build', dir], {
      home: home.home,
      env: { DOCKER_HOST: 'unix:///tmp/kiln-no-engine.sock' },
    });
    expect(human.code).toBe(3);
    expect(human.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  });
});
