#!/usr/bin/env node
// Invoke bench: latency of a warm call to `kiln serve` (POST /invoke, keep-alive), against the
// same no-op work done the cold way, one `docker run --rm` per call; and the user's warm path,
// `kiln run <name> --json` against the served container, interleaved with `node -e 0` and
// `docker run --rm <image> true`. See bench/README.md.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  benchResult,
  ensureCli,
  ensureEngine,
  exec,
  fmtMs,
  fmtRatio,
  fmtSpread,
  KILN,
  kiln,
  list,
  log,
  main,
  median,
  msSince,
  nonce,
  nowNs,
  pairedRatio,
  percentile,
  removeContainerSync,
  round,
  spread,
  summary,
  tail,
} from './lib.mjs';

const WARMUP = 50;
const CALLS = 1000;
const BASELINE_REPS = 15;
// Warm `kiln run` rounds (each: node -e 0, kiln run, docker run --rm true, order rotating).
const RUN_REPS = 15;

// As close to nothing as the contract allows: kiln.yaml must declare an output and the runtime
// checks that a declared output exists, so the call writes two bytes of JSON.
const PREDICT = `"""Bench entry: a no-op, so that a call measures Kiln's path and nothing else."""
import os


class Noop:
    def setup(self):
        self.calls = 0

    def predict(self, request):
        self.calls += 1
        out = os.path.join(request["work_path"], "out")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "result.json"), "w") as f:
            f.write("{}")
        return {"error_code": 0, "error_msg": "success",
                "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}
`;

const MANIFEST = (name) => `name: ${name}
description: Invoke bench algorithm (a no-op Python entry).
base: debian:bookworm-slim
system_packages: [python3]
entry:
  python: predict.py:Noop
outputs:
  result: {type: json}
concurrency: 1
timeout: 30
`;

// The baseline: what answering one request costs without a warm container. The same module,
// setup() and one predict() in a fresh container, as a per-request `docker run` would do it.
const ONE_SHOT = [
  'import sys',
  'sys.path.insert(0, "/kiln/app")',
  'import predict',
  'p = predict.Noop()',
  'p.setup()',
  'r = p.predict({"work_path": "/tmp/w", "input_files": [], "arg_map": {}})',
  'assert r["error_code"] == 0, r',
].join('; ');

/** Starts `kiln serve <name> --json`; resolves once it printed its JSON document (the container is ready). */
function startServe(name, home, cleanup) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KILN, 'serve', name, '--json'], {
      env: { ...process.env, KILN_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let doc;
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    cleanup.add('stop kiln serve', async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(t);
      }
      if (doc?.container) removeContainerSync(doc.container); // no-op when serve removed it
    });
    child.stdout.on('data', (c) => {
      out += c;
      if (doc) return;
      try {
        doc = JSON.parse(out);
      } catch {
        return; // not all of it yet
      }
      if (!doc.url) reject(new Error(`kiln serve: ${out}`));
      else resolve({ child, doc, exited, stderr: () => err });
    });
    child.stderr.on('data', (c) => (err += c));
    exited.then(({ code }) => {
      if (!doc) reject(new Error(`kiln serve exited ${code} before it was ready:\n${tail(out)}\n${tail(err)}`));
    });
  });
}

function send(method, url, body, agent) {
  const headers =
    body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** n sequential calls; returns each call's latency in ms (request written -> whole body read). */
async function calls(url, agent, n, tag) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const body = JSON.stringify({ work_path: `/kiln/work/${tag}-${i}`, input_files: [], arg_map: {} });
    const t0 = nowNs();
    const res = await send('POST', url, body, agent);
    times.push(msSince(t0));
    if (res.status !== 200 || JSON.parse(res.body).error_code !== 0) {
      throw new Error(`call ${tag}-${i}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    }
  }
  return times;
}

/** n sequential GET /healthz: the runtime's HTTP path without an invocation (no thread, no files). */
async function probes(url, agent, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = nowNs();
    const res = await send('GET', url, undefined, agent);
    times.push(msSince(t0));
    if (res.status !== 200) throw new Error(`GET /healthz: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  }
  return times;
}

function stats(xs) {
  return {
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
    max: Math.max(...xs),
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
  };
}

await main(async (cleanup) => {
  await ensureCli();
  const engine = await ensureEngine();
  const name = `bench-invoke-${nonce()}`;
  const home = await cleanup.tempDir('kiln-bench-home-');
  const dir = path.join(await cleanup.tempDir('kiln-bench-invoke-'), name);
  await exec('mkdir', ['-p', dir]);
  await writeFile(path.join(dir, 'kiln.yaml'), MANIFEST(name));
  await writeFile(path.join(dir, 'predict.py'), PREDICT);
  cleanup.kilnImages(name);

  log(`engine ${engine}; building ${dir}...`);
  const built = await kiln(['build', dir], { home });
  const image = built.json.tag;
  log(`    ${image} in ${round(built.wallMs / 1000, 1)} s`);

  log('starting kiln serve...');
  const tServe = nowNs();
  const serve = await startServe(name, home, cleanup);
  const serveMs = msSince(tServe);
  const { url, container } = serve.doc;
  log(`    ${url} (container ${String(container).slice(0, 12)}) ready after ${fmtMs(serveMs)}`);

  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const fresh = new http.Agent({ keepAlive: false, maxSockets: 1 });
  log(`keep-alive: ${WARMUP} warm-up + ${CALLS} calls...`);
  await calls(`${url}/invoke`, keepAlive, WARMUP, 'warm');
  const warm = stats(await calls(`${url}/invoke`, keepAlive, CALLS, 'ka'));
  log(`    p50 ${fmtMs(warm.p50)}, p99 ${fmtMs(warm.p99)}, max ${fmtMs(warm.max)}`);
  await probes(`${url}/healthz`, keepAlive, WARMUP);
  const health = stats(await probes(`${url}/healthz`, keepAlive, CALLS));
  log(`    GET /healthz keep-alive (HTTP floor): p50 ${fmtMs(health.p50)}, p99 ${fmtMs(health.p99)}`);
  keepAlive.destroy();
  log(`new connection per call: ${WARMUP} warm-up + ${CALLS} calls...`);
  await calls(`${url}/invoke`, fresh, WARMUP, 'fwarm');
  const perConn = stats(await calls(`${url}/invoke`, fresh, CALLS, 'nc'));
  log(`    p50 ${fmtMs(perConn.p50)}, p99 ${fmtMs(perConn.p99)}, max ${fmtMs(perConn.max)}`);

  // The user's warm path: the whole `kiln run` process (Node, the catalog, finding the served
  // container, staging, the call, collecting), interleaved with its two baselines.
  log(
    `warm kiln run x${RUN_REPS}, interleaved with \`node -e 0\` and \`docker run --rm <image> true\` (order rotating, one warm-up each)...`,
  );
  const outRoot = await cleanup.tempDir('kiln-bench-invoke-out-');
  const warmRun = [];
  const warmRunTimings = [];
  const nodeFloor = [];
  const runTrueWarm = [];
  let runN = 0;
  const runKinds = {
    node: async () => nodeFloor.push((await exec(process.execPath, ['-e', '0'])).wallMs),
    kiln: async () => {
      const r = await kiln(['run', name, '--out', path.join(outRoot, `o${runN++}`)], { home });
      if (r.json.status !== 'succeeded' || r.json.warm !== true)
        throw new Error(`kiln run did not use the warm container: ${JSON.stringify(r.json).slice(0, 400)}`);
      if (r.json.response?.error_code !== 0) throw new Error(`kiln run: ${JSON.stringify(r.json.response)}`);
      warmRun.push(r.wallMs);
      warmRunTimings.push(r.json.timings ?? {});
    },
    docker: async () => {
      const r = await exec('docker', ['run', '--rm', image, 'true']);
      if (r.code !== 0) throw new Error(`docker run --rm ${image} true: ${tail(r.stderr)}`);
      runTrueWarm.push(r.wallMs);
    },
  };
  const runOrder = Object.keys(runKinds);
  for (const k of runOrder) await runKinds[k](); // warm-up of each
  warmRun.length = 0;
  warmRunTimings.length = 0;
  nodeFloor.length = 0;
  runTrueWarm.length = 0;
  for (let i = 0; i < RUN_REPS; i++)
    for (let j = 0; j < runOrder.length; j++) await runKinds[runOrder[(i + j) % runOrder.length]]();
  const runVsNode = pairedRatio(warmRun, nodeFloor);
  const runVsDocker = pairedRatio(warmRun, runTrueWarm);
  const medTiming = (k) => median(warmRunTimings.map((t) => t[k] ?? 0));
  log(
    `    kiln run ${list(warmRun)} ms; node -e 0 ${list(nodeFloor)} ms; docker run --rm true ${list(runTrueWarm)} ms`,
  );

  log('stopping kiln serve (SIGINT)...');
  const tStop = nowNs();
  serve.child.kill('SIGINT');
  const stopped = await Promise.race([serve.exited, new Promise((r) => setTimeout(r, 30_000, null))]);
  const stopMs = msSince(tStop);
  const left = await exec('docker', ['ps', '-aq', '--filter', `id=${container}`]);
  const removed = stopped !== null && stopped.code === 0 && left.stdout.trim() === '';
  log(
    `    exit ${stopped ? stopped.code : 'none in 30 s'} after ${fmtMs(stopMs)}; container removed: ${left.stdout.trim() === ''}`,
  );

  log(
    `baseline: docker run --rm <image> python3 -c '<import, setup, predict>' x${BASELINE_REPS}, interleaved with \`docker run --rm <image> true\` (one warm-up each)...`,
  );
  await exec('docker', ['run', '--rm', image, 'true']);
  const warmup = await exec('docker', ['run', '--rm', image, 'python3', '-c', ONE_SHOT]);
  if (warmup.code !== 0) throw new Error(`the one-shot baseline failed: ${tail(warmup.stderr)}`);
  const oneShot = [];
  const runTrue = [];
  for (let i = 0; i < BASELINE_REPS; i++) {
    const a = await exec('docker', ['run', '--rm', image, 'python3', '-c', ONE_SHOT]);
    if (a.code !== 0) throw new Error(`the one-shot baseline failed: ${tail(a.stderr)}`);
    oneShot.push(a.wallMs);
    runTrue.push((await exec('docker', ['run', '--rm', image, 'true'])).wallMs);
  }
  const baseP50 = percentile(oneShot, 50);
  const trueP50 = percentile(runTrue, 50);
  const ratio = baseP50 / warm.p50;

  summary('invoke bench', [
    ['engine', `Docker ${engine}; runtime port published on 127.0.0.1`],
    ['kiln serve ready after', fmtMs(serveMs)],
    [
      `warm keep-alive (${CALLS} calls)`,
      `p50 ${fmtMs(warm.p50)}  p99 ${fmtMs(warm.p99)}  max ${fmtMs(warm.max)}  mean ${fmtMs(warm.mean)}`,
    ],
    [
      `GET /healthz keep-alive (${CALLS})`,
      `p50 ${fmtMs(health.p50)}  p99 ${fmtMs(health.p99)}  max ${fmtMs(health.max)}  (the runtime's HTTP floor)`,
    ],
    [
      `new connection per call (${CALLS})`,
      `p50 ${fmtMs(perConn.p50)}  p99 ${fmtMs(perConn.p99)}  max ${fmtMs(perConn.max)}`,
    ],
    [`baseline docker run one-shot (${BASELINE_REPS})`, `${fmtSpread(oneShot)}`],
    [`docker run --rm true (${BASELINE_REPS})`, `${fmtSpread(runTrue)}`],
    ['ratio baseline_p50 / warm_p50', `${round(ratio, 0)}x (target >= 20x)`],
    ['ratio docker-true_p50 / warm_p50', `${round(trueP50 / warm.p50, 0)}x`],
    [`warm kiln run --json (${RUN_REPS})`, `${fmtSpread(warmRun)}  (the whole CLI process)`],
    [
      '  its own timings (medians)',
      `total ${round(medTiming('total'), 0)} ms, call ${round(medTiming('call'), 0)}, collect ${round(medTiming('collect'), 0)}; the rest is Node start, loading and exit`,
    ],
    [`  node -e 0 (${RUN_REPS}, interleaved)`, fmtSpread(nodeFloor)],
    [`  docker run --rm true (${RUN_REPS}, interleaved)`, fmtSpread(runTrueWarm)],
    [
      '  ratio kiln run / node -e 0',
      `${fmtRatio(runVsNode)}; target <= 2x: ${runVsNode.ratio <= 2 ? 'met' : 'NOT met'}`,
    ],
    ['  ratio kiln run / docker run --rm true', fmtRatio(runVsDocker)],
    ['serve stopped and removed', `${removed} (${fmtMs(stopMs)} after SIGINT)`],
  ]);
  benchResult({
    bench: 'invoke',
    engine,
    calls: CALLS,
    warmup: WARMUP,
    serveReadyMs: round(serveMs, 0),
    keepAlive: { p50: round(warm.p50, 3), p99: round(warm.p99, 3), max: round(warm.max, 3), mean: round(warm.mean, 3) },
    healthzKeepAlive: { p50: round(health.p50, 3), p99: round(health.p99, 3), max: round(health.max, 3) },
    newConnection: {
      p50: round(perConn.p50, 3),
      p99: round(perConn.p99, 3),
      max: round(perConn.max, 3),
      mean: round(perConn.mean, 3),
    },
    baselineOneShotMs: oneShot.map((x) => round(x, 0)),
    baselineOneShotP50Ms: round(baseP50, 1),
    dockerRunTrueMs: runTrue.map((x) => round(x, 0)),
    dockerRunTrueP50Ms: round(trueP50, 1),
    ratioBaselineOverWarm: round(ratio, 1),
    ratioTarget: 20,
    warmKilnRunMs: warmRun.map((x) => round(x, 0)),
    warmKilnRun: spread(warmRun),
    warmKilnRunTimings: { total: medTiming('total'), call: medTiming('call'), collect: medTiming('collect') },
    nodeFloorMs: nodeFloor.map((x) => round(x, 0)),
    nodeFloor: spread(nodeFloor),
    dockerRunTrueInterleavedMs: runTrueWarm.map((x) => round(x, 0)),
    ratioWarmRunOverNode: round(runVsNode.ratio, 2),
    ratioWarmRunOverNodeTarget: 2,
    ratioWarmRunOverDockerTrue: round(runVsDocker.ratio, 2),
    serveStoppedAndRemoved: removed,
    serveStopMs: round(stopMs, 0),
  });
  if (!removed) throw new Error(`kiln serve did not stop cleanly:\n${tail(serve.stderr())}`);
});
