// The in-container runtime (resources/runtime/kiln_runtime.py), run with the host's
// python3 against fixture algorithm folders, spoken to over real HTTP.
// KILN_TEST_PYTHON=/path/to/python3.8 runs the same tests on another interpreter.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PYTHON,
  parseMetrics,
  shellQuote,
  startRuntime,
  writeTree,
  type InvokeResponse,
  type RuntimeOptions,
  type RuntimeProcess,
} from '../support/runtime-harness.js';

const tmpRoot = realpathSync(mkdtempSync(path.join(tmpdir(), 'kiln-runtime-test-')));
const started: RuntimeProcess[] = [];
const pythonPath = execFileSync(PYTHON, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

afterAll(async () => {
  await Promise.all(started.map((rt) => rt.stop(2_000)));
  rmSync(tmpRoot, { recursive: true, force: true });
});

let fixtureCount = 0;
/** A fresh folder with app/ (the algorithm) and work/ (KILN_WORK_ROOT). */
function fixture(files: Record<string, string>): { root: string; appDir: string; workRoot: string } {
  const root = path.join(tmpRoot, `f${++fixtureCount}`);
  const appDir = path.join(root, 'app');
  mkdirSync(appDir, { recursive: true });
  writeTree(appDir, files);
  return { root, appDir, workRoot: path.join(root, 'work') };
}

function launch(options: RuntimeOptions): RuntimeProcess {
  const rt = startRuntime(options);
  started.push(rt);
  return rt;
}

/** A work folder for one call, with its input files written; returns its real path. */
function workFolder(workRoot: string, name: string, files: Record<string, string> = {}): string {
  const dir = path.join(workRoot, name);
  writeTree(dir, files);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A zombie still answers kill(0) until something reaps it; it no longer runs.
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------- python entry

const PREDICT_PY = String.raw`
import json
import os
import sys
import time

from .helpers import greeting


class Predictor:
    def setup(self):
        time.sleep(0.5)
        count = int(open("setup_count.txt").read()) if os.path.exists("setup_count.txt") else 0
        with open("setup_count.txt", "w") as handle:  # relative: cwd is the app dir
            handle.write(str(count + 1))
        self.setups = count + 1

    def predict(self, request):
        work = request["work_path"]
        mode = request["arg_map"]["mode"]
        out = os.path.join(work, "out")
        os.makedirs(out, exist_ok=True)

        def answer(body):
            return {"error_code": 0, "error_msg": "success",
                    "output_files": [{"key": "report", "form": "LocalPath", "body": body}]}

        if mode == "raise":
            raise ValueError("bad pixel at 3,4")
        if mode == "nondict":
            return ["not", "a", "dict"]
        if mode == "code3002":
            return {"error_code": 3002, "error_msg": "Run ffmpeg errors! exit status 1"}
        if mode == "string_code":
            return {"error_code": "0", "error_msg": "success", "output_files": []}
        if mode == "no_output":
            return {"error_code": 0, "error_msg": "success", "output_files": []}
        if mode == "ghost":
            return answer("out/ghost.json")
        if mode == "escape":
            with open(os.path.join(work, "..", "escaped.json"), "w") as handle:
                handle.write("{}")
            return answer("../escaped.json")
        if mode == "symlink":
            os.symlink(os.path.abspath("secret.txt"), os.path.join(out, "link.json"))
            return answer("out/link.json")
        if mode == "absolute_outside":
            return answer(os.path.abspath("secret.txt"))
        if mode == "print":
            print("hello from predict")
            sys.stderr.write("a warning from predict\n")
        item = request["input_files"][0]
        with open(item["local_path"], "rb") as handle:
            data = handle.read().decode("utf-8")
        report = {"input_text": data, "input_path": item["local_path"], "args": request["arg_map"],
                  "greeting": greeting(), "cwd": os.getcwd(), "setups": self.setups}
        with open(os.path.join(out, "report.json"), "w") as handle:
            json.dump(report, handle)
        response = answer(os.path.join(out, "report.json") if mode == "absolute" else "out/report.json")
        response["arg_map"] = {"mode_seen": mode}
        return response
`;

const PYTHON_MANIFEST = {
  name: 'fixture-python',
  entry: { kind: 'python', module: 'algo/predict.py', class: 'Predictor' },
  inputs: [{ key: 'image', type: 'image', required: true }],
  outputs: [{ key: 'report', type: 'json' }],
  args: {
    mode: { type: 'string', default: 'ok' },
    strength: { type: 'number', default: 0.5, minimum: 0, maximum: 1 },
    label: { type: 'string', default: 'plain' },
  },
  concurrency: 4,
  timeout: 20,
};

describe('runtime: python entry', () => {
  let rt: RuntimeProcess;
  let appDir: string;
  let workRoot: string;
  let readyzBeforeSetup: { status: number; json: Record<string, unknown> };
  let calls = 0;

  /** A call with the image input written into a fresh work folder. */
  async function call(argMap: Record<string, unknown>, text = 'pixels-123') {
    const work = workFolder(workRoot, `call-${++calls}`, { 'in/a.txt': text });
    const res = await rt.invoke({
      work_path: work,
      input_files: [{ key: 'image', local_path: 'in/a.txt', remote_url: '' }],
      arg_map: argMap,
    });
    return { ...res, work };
  }

  beforeAll(async () => {
    const f = fixture({
      'algo/__init__.py': '',
      'algo/helpers.py': 'def greeting():\n    return "hello from a relative import"\n',
      'algo/predict.py': PREDICT_PY,
      'secret.txt': 'outside the work path',
    });
    ({ appDir, workRoot } = f);
    rt = launch({ ...f, manifest: PYTHON_MANIFEST });
    await rt.started();
    readyzBeforeSetup = await rt.getJson('/readyz'); // setup sleeps 0.5 s: this lands during it
    await rt.ready();
  });

  it('answers /readyz 503 while setup runs, then 200 with setup_ms', async () => {
    expect(readyzBeforeSetup.status).toBe(503);
    expect(readyzBeforeSetup.json.ready).toBe(false);
    const after = await rt.getJson('/readyz');
    expect(after.status).toBe(200);
    expect(after.json.ready).toBe(true);
    expect(after.json.setup_ms).toBeGreaterThanOrEqual(500);
    expect(await rt.getJson('/healthz')).toEqual({ status: 200, json: { status: 'ok' } });
  });

  it('runs predict and returns an output file with the right content', async () => {
    const { status, json, work } = await call({ strength: 0.7, mode: 'ok' });
    expect(status).toBe(200);
    expect(json.error_code).toBe(0);
    expect(json.error_msg).toBe('success');
    expect(json.output_files).toEqual([{ key: 'report', form: 'LocalPath', body: 'out/report.json' }]);
    expect(json.arg_map).toEqual({ mode_seen: 'ok' });
    expect(typeof json.elapsed_ms).toBe('number');
    const report = readJson(path.join(work, json.output_files[0]?.body ?? ''));
    expect(report).toMatchObject({
      input_text: 'pixels-123',
      input_path: path.join(work, 'in/a.txt'), // handed to predict as an absolute path
      args: { mode: 'ok', strength: 0.7, label: 'plain' },
      greeting: 'hello from a relative import',
      cwd: appDir,
      setups: 1,
    });
  });

  it('fills args the request leaves out from the manifest defaults', async () => {
    const { json, work } = await call({});
    expect(json.error_code).toBe(0);
    expect(readJson(path.join(work, 'out/report.json')).args).toEqual({ mode: 'ok', strength: 0.5, label: 'plain' });
  });

  it('accepts an absolute output path inside work_path and answers it relative', async () => {
    const { json } = await call({ mode: 'absolute' });
    expect(json.error_code).toBe(0);
    expect(json.output_files).toEqual([{ key: 'report', form: 'LocalPath', body: 'out/report.json' }]);
  });

  it('ran setup exactly once across all calls', async () => {
    await call({});
    await call({});
    expect(readFileSync(path.join(appDir, 'setup_count.txt'), 'utf8')).toBe('1');
  });

  it('uses X-Kiln-Call-Id and makes the work folder when work_path is left out', async () => {
    const work = workFolder(workRoot, 'given-call-id', { 'in/b.txt': 'from header' });
    const { json, headers } = await rt.invoke(
      { input_files: [{ key: 'image', local_path: path.join(work, 'in/b.txt') }] },
      { 'X-Kiln-Call-Id': 'given-call-id' },
    );
    expect(json.error_code).toBe(0);
    expect(json.call_id).toBe('given-call-id');
    expect(headers.get('x-kiln-call-id')).toBe('given-call-id');
    expect(readJson(path.join(work, 'out/report.json')).input_text).toBe('from header');
    const logged = await rt.waitForLog((l) => l.msg === 'call' && l.call_id === 'given-call-id');
    expect(logged.error_code).toBe(0);
    expect(typeof logged.elapsed_ms).toBe('number');
  });

  it('answers 1001 for a missing input file, a missing required input and bad args', async () => {
    const work = workFolder(workRoot, 'bad-input');
    const missingFile = await rt.invoke({
      work_path: work,
      input_files: [{ key: 'image', local_path: 'in/nope.png', remote_url: '' }],
    });
    expect(missingFile.status).toBe(200);
    expect(missingFile.json.error_code).toBe(1001);
    expect(missingFile.json.error_msg).toContain('in/nope.png');

    const noInput = await rt.invoke({ work_path: work, input_files: [] });
    expect(noInput.json).toMatchObject({ error_code: 1001, error_msg: "missing required input 'image'" });

    const tooStrong = await call({ strength: 2 });
    expect(tooStrong.json.error_code).toBe(1001);
    expect(tooStrong.json.error_msg).toContain('maximum');
    const unknownArg = await call({ strenght: 0.2 });
    expect(unknownArg.json.error_code).toBe(1001);
    expect(unknownArg.json.error_msg).toContain('strenght');
  });

  it('answers 1001 for a work_path outside KILN_WORK_ROOT', async () => {
    for (const workPath of [path.join(tmpRoot, 'elsewhere'), path.join(workRoot, '..', 'app'), workRoot]) {
      const { status, json } = await rt.invoke({ work_path: workPath, input_files: [] });
      expect(status).toBe(200);
      expect(json.error_code).toBe(1001);
      expect(json.error_msg).toContain('not inside KILN_WORK_ROOT');
    }
    const inputOutside = await rt.invoke({
      work_path: workFolder(workRoot, 'input-outside'),
      input_files: [{ key: 'image', local_path: path.join(appDir, 'secret.txt') }],
    });
    expect(inputOutside.json.error_code).toBe(1001);
    expect(inputOutside.json.error_msg).toContain('outside work_path');
  });

  it('answers 400 for a malformed body and 404 for an unknown path', async () => {
    const malformed = await rt.invoke('{"work_path": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error_code).toBe(1001);
    const unknown = await rt.getJson('/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error_code).toBe(1001);
  });

  it('answers 1004 for outputs that resolve outside work_path (.., absolute, symlink)', async () => {
    for (const mode of ['escape', 'absolute_outside', 'symlink']) {
      const { json } = await call({ mode });
      expect(json.error_code, mode).toBe(1004);
      expect(json.error_msg, mode).toContain('outside work_path');
      expect(json.output_files, mode).toEqual([]);
    }
  });

  it('answers 1005 for invalid responses', async () => {
    const expectations: Record<string, string> = {
      nondict: 'predict returned list, expected a dict',
      string_code: 'error_code must be an integer',
      ghost: 'does not exist',
      no_output: 'did not return declared output(s): report',
    };
    for (const [mode, message] of Object.entries(expectations)) {
      const { status, json } = await call({ mode });
      expect(status).toBe(200);
      expect(json.error_code, mode).toBe(1005);
      expect(json.error_msg, mode).toContain(message);
    }
  });

  it('answers 1006 for an exception and logs its traceback', async () => {
    const { json } = await call({ mode: 'raise' });
    expect(json.error_code).toBe(1006);
    expect(json.error_msg).toBe('ValueError: bad pixel at 3,4');
    const crash = await rt.waitForLog((l) => l.msg === 'algorithm crashed' && l.call_id === json.call_id);
    expect(crash.level).toBe('error');
    expect(String(crash.traceback)).toContain('predict.py');
    expect(String(crash.traceback)).toContain('ValueError: bad pixel at 3,4');
    // The user's frames only: the runtime's own are the same in every crash.
    expect(String(crash.traceback)).not.toContain('kiln_runtime.py');
    expect(String(crash.traceback)).toMatch(/^Traceback \(most recent call last\):\n/);
  });

  it("passes the algorithm's own error codes through", async () => {
    const { status, json } = await call({ mode: 'code3002' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ error_code: 3002, error_msg: 'Run ffmpeg errors! exit status 1', output_files: [] });
  });

  it('turns what predict prints into JSON log lines with the call id', async () => {
    const { json } = await call({ mode: 'print' });
    expect(json.error_code).toBe(0);
    const out = await rt.waitForLog((l) => l.msg === 'hello from predict');
    expect(out).toMatchObject({ level: 'info', stream: 'stdout', call_id: json.call_id });
    const err = await rt.waitForLog((l) => l.msg === 'a warning from predict');
    expect(err).toMatchObject({ level: 'error', stream: 'stderr', call_id: json.call_id });
    expect(rt.strayLines).toEqual([]);
    for (const line of rt.logs) expect(typeof line.ts).toBe('string');
  });

  it('serves several calls over one keep-alive connection, and chunked bodies', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const work = workFolder(workRoot, 'keep-alive', { 'in/a.txt': 'kept alive' });
    const body = JSON.stringify({ work_path: work, input_files: [{ key: 'image', local_path: 'in/a.txt' }] });
    const post = (chunked: boolean) =>
      new Promise<{ port: number; json: InvokeResponse }>((resolve, reject) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
        const req = http.request(
          { host: '127.0.0.1', port: rt.port, path: '/invoke', method: 'POST', agent, headers },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({ port: res.socket?.localPort ?? -1, json: JSON.parse(text) as InvokeResponse }),
            );
          },
        );
        req.on('error', reject);
        if (chunked) {
          req.write(body.slice(0, 10)); // no content-length: node sends Transfer-Encoding: chunked
          req.end(body.slice(10));
        } else {
          req.end(body);
        }
      });
    try {
      const answers = [await post(false), await post(true), await post(false)];
      expect(answers.map((a) => a.json.error_code)).toEqual([0, 0, 0]);
      expect(new Set(answers.map((a) => a.port)).size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('stops gracefully on SIGTERM with status 0', async () => {
    const exit = await rt.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(rt.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});

// ---------------------------------------------------------------- concurrency and timeouts

describe('runtime: busy and timeout', () => {
  let rt: RuntimeProcess;

  beforeAll(async () => {
    const f = fixture({
      'slow.py': String.raw`
import time

class Slow:
    def predict(self, request):
        time.sleep(request["arg_map"]["seconds"])
        return {"error_code": 0, "error_msg": "success", "output_files": []}
`,
    });
    rt = launch({
      ...f,
      manifest: {
        name: 'slow',
        entry: { kind: 'python', module: 'slow.py', class: 'Slow' },
        inputs: [],
        outputs: [],
        args: { seconds: { type: 'number', default: 0 } },
        concurrency: 1,
        timeout: 1,
      },
    });
    await rt.ready();
  });

  async function inFlight(): Promise<number> {
    return parseMetrics((await rt.get('/metrics')).text).get('kiln_calls_in_flight') ?? -1;
  }

  it('answers 429 with 1002 while the only slot is taken', async () => {
    const slow = rt.invoke({ arg_map: { seconds: 0.6 } });
    await until(async () => (await inFlight()) === 1, 5_000, 'the slow call to be in flight');
    const second = await rt.invoke({ arg_map: { seconds: 0 } });
    expect(second.status).toBe(429);
    expect(second.json.error_code).toBe(1002);
    expect(second.json.error_msg).toContain('busy');
    expect((await slow).json.error_code).toBe(0);
    expect((await rt.invoke({ arg_map: { seconds: 0 } })).json.error_code).toBe(0);
  });

  it('answers 1003 on timeout, then /healthz 503 until the stuck call returns', async () => {
    const timedOut = await rt.invoke({ arg_map: { seconds: 2.5 } });
    expect(timedOut.status).toBe(200);
    expect(timedOut.json.error_code).toBe(1003);
    expect(timedOut.json.elapsed_ms).toBeGreaterThanOrEqual(1000);
    const health = await rt.getJson('/healthz');
    expect(health.status).toBe(503);
    expect(health.json.status).toBe('unhealthy');
    // The stuck call still holds the only slot.
    expect((await rt.invoke({ arg_map: { seconds: 0 } })).status).toBe(429);
    await until(async () => (await rt.get('/healthz')).status === 200, 5_000, '/healthz to recover');
    expect((await rt.invoke({ arg_map: { seconds: 0 } })).json.error_code).toBe(0);
  });
});

// ---------------------------------------------------------------- metrics

describe('runtime: metrics', () => {
  it('counts calls, failures and durations in Prometheus text', async () => {
    const f = fixture({
      'm.py': String.raw`
import time

class M:
    def setup(self):
        time.sleep(0.05)

    def predict(self, request):
        if request["arg_map"]["fail"]:
            return {"error_code": 2003, "error_msg": "asked to fail"}
        return {"error_code": 0, "error_msg": "success", "output_files": []}
`,
    });
    const rt = launch({
      ...f,
      manifest: {
        name: 'metrics',
        entry: { kind: 'python', module: 'm.py', class: 'M' },
        args: { fail: { type: 'boolean', default: false } },
        concurrency: 2,
        timeout: 10,
      },
    });
    await rt.ready();
    for (const fail of [false, false, true, false]) {
      expect((await rt.invoke({ arg_map: { fail } })).json.error_code).toBe(fail ? 2003 : 0);
    }
    expect((await rt.invoke('not json')).status).toBe(400);

    const res = await fetch(`${rt.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('# TYPE kiln_call_duration_seconds histogram');
    const m = parseMetrics(text);
    expect(m.get('kiln_calls_total')).toBe(5);
    expect(m.get('kiln_call_failures_total')).toBe(2);
    expect(m.get('kiln_calls_in_flight')).toBe(0);
    expect(m.get('kiln_call_duration_seconds_count')).toBe(5);
    expect(m.get('kiln_call_duration_seconds_bucket{le="+Inf"}')).toBe(5);
    expect(m.get('kiln_call_duration_seconds_sum')).toBeGreaterThan(0);
    const buckets = ['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '10', '30', '60'].map(
      (le) => m.get(`kiln_call_duration_seconds_bucket{le="${le}"}`) ?? -1,
    );
    expect(buckets.every((count, i) => count >= 0 && count >= (buckets[i - 1] ?? 0))).toBe(true);
    expect(buckets[buckets.length - 1]).toBe(5);
    expect(m.get('kiln_setup_seconds')).toBeGreaterThanOrEqual(0.05);
  });
});

// ---------------------------------------------------------------- command entry

const TOOL_PY = String.raw`
import json
import os
import subprocess
import sys
import time

mode, data, label, loud, result, copy, work = sys.argv[1:8]
if mode == "fail":
    for i in range(1, 31):
        sys.stderr.write("stderr line %d\n" % i)
    sys.exit(3)
if mode == "sleep":
    child = subprocess.Popen(["sleep", "30"])
    with open(os.path.join(work, "pids.json"), "w") as handle:
        json.dump({"tool": os.getpid(), "child": child.pid}, handle)
    time.sleep(30)
with open(result, "w") as handle:
    json.dump({"argv": sys.argv[1:], "cwd": os.getcwd(), "call_id": os.environ.get("KILN_CALL_ID")}, handle)
if mode != "skip":
    with open(data, "rb") as src, open(copy, "wb") as dst:
        dst.write(src.read())
`;

describe('runtime: command entry', () => {
  let rt: RuntimeProcess;
  let appDir: string;
  let workRoot: string;
  let calls = 0;

  async function call(argMap: Record<string, unknown>) {
    const work = workFolder(workRoot, `cmd-${++calls}`, { 'in/data.bin': 'binary-ish payload' });
    const res = await rt.invoke({
      work_path: work,
      input_files: [{ key: 'data', local_path: 'in/data.bin' }],
      arg_map: argMap,
    });
    return { ...res, work };
  }

  beforeAll(async () => {
    const f = fixture({ 'tool.py': TOOL_PY, 'victim/keep.txt': 'a shell would have deleted this' });
    ({ appDir, workRoot } = f);
    const template =
      `${shellQuote(pythonPath)} tool.py {args.mode} {inputs.data} --label={args.label} ` +
      '{args.loud} {outputs.result} {outputs.copy} {work_path}';
    rt = launch({
      ...f,
      manifest: {
        name: 'tool',
        entry: { kind: 'command', template },
        inputs: [{ key: 'data', type: 'binary', required: true }],
        outputs: [
          { key: 'result', type: 'json' },
          { key: 'copy', type: 'binary', ext: '.dat' },
        ],
        args: {
          mode: { type: 'string', default: 'ok' },
          label: { type: 'string', default: 'none' },
          loud: { type: 'boolean', default: false },
        },
        concurrency: 2,
        timeout: 2,
      },
    });
    await rt.ready();
  });

  it('replaces placeholders inside argv elements, never through a shell', async () => {
    const label = 'hello world; rm -rf victim && echo "pwned" $(id)';
    const { json, work } = await call({ label, loud: true });
    expect(json.error_code).toBe(0);
    expect(json.output_files).toEqual([
      { key: 'result', form: 'LocalPath', body: 'out/result.json' },
      { key: 'copy', form: 'LocalPath', body: 'out/copy.dat' },
    ]);
    const result = readJson(path.join(work, 'out/result.json'));
    expect(result.argv).toEqual([
      'ok',
      path.join(work, 'in/data.bin'),
      `--label=${label}`,
      'true',
      path.join(work, 'out/result.json'),
      path.join(work, 'out/copy.dat'),
      work,
    ]);
    expect(result.cwd).toBe(appDir);
    expect(result.call_id).toBe(json.call_id);
    expect(readFileSync(path.join(work, 'out/copy.dat'), 'utf8')).toBe('binary-ish payload');
    expect(existsSync(path.join(appDir, 'victim/keep.txt'))).toBe(true);
  });

  it('passes defaults, with booleans as false', async () => {
    const { json, work } = await call({});
    expect(json.error_code).toBe(0);
    const argv = readJson(path.join(work, 'out/result.json')).argv as string[];
    expect(argv[2]).toBe('--label=none');
    expect(argv[3]).toBe('false');
  });

  it('answers 2001 with the last 20 lines of stderr for a non-zero exit', async () => {
    const { json } = await call({ mode: 'fail' });
    expect(json.error_code).toBe(2001);
    const prefix = 'command exited with status 3: ';
    expect(json.error_msg.startsWith(prefix)).toBe(true);
    const lines = json.error_msg.slice(prefix.length).split('\n');
    expect(lines).toEqual(Array.from({ length: 20 }, (_, i) => `stderr line ${i + 11}`));
  });

  it('answers 1005 naming a declared output the command did not write', async () => {
    const { json } = await call({ mode: 'skip' });
    expect(json.error_code).toBe(1005);
    expect(json.error_msg).toContain("'copy'");
  });

  it('answers 1003 on timeout and kills the whole process group', async () => {
    const { json, work } = await call({ mode: 'sleep' });
    expect(json.error_code).toBe(1003);
    const pids = readJson(path.join(work, 'pids.json')) as { tool: number; child: number };
    await until(async () => processGone(pids.tool) && processGone(pids.child), 3_000, 'the command processes to die');
    expect((await rt.get('/healthz')).status).toBe(200); // a killed command leaves nothing stuck
  });

  it('answers 1001 naming an unknown placeholder', async () => {
    const f = fixture({});
    const bogus = launch({
      ...f,
      manifest: {
        name: 'bogus',
        entry: { kind: 'command', template: 'cp {inputs.data} {outputs.copy} {bogus.thing}' },
        inputs: [{ key: 'data', type: 'binary' }],
        outputs: [{ key: 'copy', type: 'binary' }],
        timeout: 5,
      },
    });
    await bogus.ready();
    const work = workFolder(f.workRoot, 'c1', { 'in/x': 'x' });
    const { json } = await bogus.invoke({ work_path: work, input_files: [{ key: 'data', local_path: 'in/x' }] });
    expect(json.error_code).toBe(1001);
    expect(json.error_msg).toContain('{bogus.thing}');
  });

  it('runs a plain system command (cp)', async () => {
    const f = fixture({});
    const cp = launch({
      ...f,
      manifest: {
        name: 'cp',
        entry: { kind: 'command', template: 'cp {inputs.data} {outputs.copy}' },
        inputs: [{ key: 'data', type: 'image' }],
        outputs: [{ key: 'copy', type: 'image' }],
        timeout: 5,
      },
    });
    await cp.ready();
    const work = workFolder(f.workRoot, 'c1', { 'in/pic.png': 'not really a png' });
    const { json } = await cp.invoke({ work_path: work, input_files: [{ key: 'data', local_path: 'in/pic.png' }] });
    expect(json.error_code).toBe(0);
    expect(json.output_files).toEqual([{ key: 'copy', form: 'LocalPath', body: 'out/copy.png' }]);
    expect(readFileSync(path.join(work, 'out/copy.png'), 'utf8')).toBe('not really a png');
  });
});

// ---------------------------------------------------------------- native entry

const FILTER_C = String.raw`
#include <stdio.h>
#include <string.h>

static int calls = 0;

/* Finds "key" in the request and returns what follows the colon. */
static const char *value_of(const char *json, const char *key) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\"", key);
  const char *p = strstr(json, pattern);
  if (!p) return NULL;
  p += strlen(pattern);
  while (*p == ' ' || *p == ':') p++;
  return p;
}

static int flag(const char *json, const char *key) {
  const char *p = value_of(json, key);
  return p && strncmp(p, "true", 4) == 0;
}

int kiln_invoke(const char *request, char *buf, int size) {
  calls++;
  if (flag(request, "fail")) return -7;
  if (flag(request, "refuse"))
    return snprintf(buf, size, "{\"error_code\": 2005, \"error_msg\": \"native says no\"}");

  char work[4096];
  const char *p = value_of(request, "work_path");
  if (!p || *p != '"') return -2;
  size_t n = 0;
  for (p++; p[n] && p[n] != '"' && n + 1 < sizeof work; n++) work[n] = p[n];
  work[n] = 0;
  char file[4200];
  snprintf(file, sizeof file, "%s/native.txt", work);
  FILE *f = fopen(file, "w");
  if (!f) return -3;
  fprintf(f, "written by C on attempt %d", calls);
  fclose(f);

  char head[512];
  int head_len = snprintf(head, sizeof head,
      "{\"error_code\": 0, \"error_msg\": \"success\", \"output_files\": "
      "[{\"key\": \"text\", \"form\": \"LocalPath\", \"body\": \"native.txt\"}], "
      "\"arg_map\": {\"attempt\": %d, \"pad\": \"", calls);
  const char *tail = "\"}}";
  int pad = flag(request, "big") ? 100000 : 0;
  int needed = head_len + pad + (int)strlen(tail);
  if (needed > size - 1) return needed;
  memcpy(buf, head, head_len);
  memset(buf + head_len, 'x', pad);
  memcpy(buf + head_len + pad, tail, strlen(tail) + 1);
  return needed;
}
`;

describe('runtime: native entry', () => {
  let rt: RuntimeProcess;
  let workRoot: string;
  let calls = 0;

  async function call(argMap: Record<string, unknown>) {
    const work = workFolder(workRoot, `native-${++calls}`);
    return { ...(await rt.invoke({ work_path: work, arg_map: argMap })), work };
  }

  beforeAll(async () => {
    const f = fixture({ 'src/filter.c': FILTER_C });
    workRoot = f.workRoot;
    mkdirSync(path.join(f.appDir, 'build'));
    execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', 'build/libfilter.so', 'src/filter.c'], { cwd: f.appDir });
    rt = launch({
      ...f,
      manifest: {
        name: 'native',
        entry: { kind: 'native', library: 'build/libfilter.so', function: 'kiln_invoke' },
        outputs: [{ key: 'text', type: 'text' }],
        args: {
          big: { type: 'boolean', default: false },
          fail: { type: 'boolean', default: false },
          refuse: { type: 'boolean', default: false },
        },
        concurrency: 1,
        timeout: 10,
      },
    });
    await rt.ready();
  });

  it('calls the C function and checks its output file', async () => {
    const { json, work } = await call({});
    expect(json.error_code).toBe(0);
    expect(json.output_files).toEqual([{ key: 'text', form: 'LocalPath', body: 'native.txt' }]);
    expect(json.arg_map).toEqual({ attempt: 1, pad: '' });
    expect(readFileSync(path.join(work, 'native.txt'), 'utf8')).toBe('written by C on attempt 1');
  });

  it('calls again with a larger buffer when the response does not fit', async () => {
    const { json, work } = await call({ big: true });
    expect(json.error_code).toBe(0);
    // One call into C with the 64 KiB buffer (too small), one retry with the size it asked for.
    expect(json.arg_map.attempt).toBe(3);
    expect(json.arg_map.pad).toBe('x'.repeat(100000));
    expect(readFileSync(path.join(work, 'native.txt'), 'utf8')).toBe('written by C on attempt 3');
  });

  it('answers 1006 for a negative return and passes codes >= 2000 through', async () => {
    const failed = await call({ fail: true });
    expect(failed.json).toMatchObject({ error_code: 1006, error_msg: 'native function returned -7' });
    const refused = await call({ refuse: true });
    expect(refused.json).toMatchObject({ error_code: 2005, error_msg: 'native says no' });
  });
});

// ---------------------------------------------------------------- start-up failures

describe('runtime: start-up failures', () => {
  it('exits with status 3 when setup raises, never answering ready', async () => {
    const f = fixture({
      'broken.py':
        'class Broken:\n    def setup(self):\n        raise RuntimeError("weights missing: model.bin")\n\n    def predict(self, request):\n        return {}\n',
    });
    const rt = launch({
      ...f,
      manifest: { name: 'broken', entry: { kind: 'python', module: 'broken.py', class: 'Broken' } },
    });
    const exit = await rt.exited;
    expect(exit.code).toBe(3);
    const failure = rt.logs.find((l) => l.level === 'error' && l.msg.startsWith('setup failed'));
    expect(failure?.msg).toBe('setup failed: RuntimeError: weights missing: model.bin');
    expect(String(failure?.traceback)).toContain('broken.py');
    expect(rt.logs.some((l) => l.msg === 'ready')).toBe(false);
  });

  it('exits with status 3 when the command is not installed', async () => {
    const f = fixture({});
    const rt = launch({
      ...f,
      manifest: { name: 'missing', entry: { kind: 'command', template: 'no-such-tool-kiln {work_path}' } },
    });
    expect((await rt.exited).code).toBe(3);
  });

  it('exits with status 2 for a manifest it cannot use', async () => {
    const f = fixture({});
    const rt = launch({ ...f, manifest: { name: 'bad', entry: { kind: 'shell' } } });
    expect((await rt.exited).code).toBe(2);
    expect(rt.logs[0]?.msg).toContain('entry must be an object with kind python, command or native');
  });
});
