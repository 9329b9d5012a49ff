#!/usr/bin/env node
// Cold run bench: `kiln run` of an already built version, end to end (a fresh container per run),
// split into container start / runtime start / setup / call / the rest, against `docker run --rm
// <same image> true`. See bench/README.md.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  benchResult,
  ensureCli,
  ensureEngine,
  exec,
  fmtMs,
  fmtS,
  kiln,
  list,
  log,
  main,
  median,
  nonce,
  round,
  summary,
  tail,
} from './lib.mjs';

const REPS = 5;

const PREDICT = `"""Bench entry: a tiny setup and a call that writes one JSON output."""
import json
import os


class Echo:
    def setup(self):
        self.greeting = "hello"

    def predict(self, request):
        out = os.path.join(request["work_path"], "out")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "result.json"), "w") as f:
            json.dump({"greeting": self.greeting, "n": request["arg_map"]["n"]}, f)
        return {"error_code": 0, "error_msg": "success",
                "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}
`;

const MANIFEST = (name) => `name: ${name}
description: Cold run bench algorithm (tiny setup, one JSON output).
base: debian:bookworm-slim
system_packages: [python3]
entry:
  python: predict.py:Echo
outputs:
  result: {type: json}
args:
  n: {type: integer, default: 0}
timeout: 30
`;

await main(async (cleanup) => {
  await ensureCli();
  const engine = await ensureEngine();
  const name = `bench-cold-${nonce()}`;
  const home = await cleanup.tempDir('kiln-bench-home-');
  const work = await cleanup.tempDir('kiln-bench-cold-');
  const dir = path.join(work, name);
  await exec('mkdir', ['-p', dir]);
  await writeFile(path.join(dir, 'kiln.yaml'), MANIFEST(name));
  await writeFile(path.join(dir, 'predict.py'), PREDICT);
  cleanup.kilnImages(name);
  // Containers a failed run might leave behind (Kiln removes them itself on success and failure).
  cleanup.add('remove leftover containers', async () => {
    const r = await exec('docker', ['ps', '-aq', '--filter', `label=kiln.name=${name}`]);
    const ids = r.stdout.split('\n').filter(Boolean);
    if (ids.length) await exec('docker', ['rm', '-f', ...ids]);
  });

  log(`engine ${engine}; building ${dir}...`);
  const built = await kiln(['build', dir], { home });
  const image = built.json.tag;
  const ref = `${name}:${built.json.version}`;
  log(`    ${image} in ${fmtS(built.wallMs)}; runs use ${ref} (the catalog, no folder scan)`);

  log(`kiln run x${REPS} interleaved with docker run --rm <image> true x${REPS} (one warm-up each)...`);
  await exec('docker', ['run', '--rm', image, 'true']);
  await kiln(['run', ref, '--arg', 'n=-1', '--out', path.join(work, 'out-warmup')], { home });
  const runs = [];
  const dockerTrue = [];
  const nodeFloor = [];
  const windows = [];
  for (let i = 0; i < REPS; i++) {
    nodeFloor.push((await exec(process.execPath, ['-e', '0'])).wallMs);
    const outDir = path.join(work, `out-${i}`);
    const spawnAt = Date.now();
    const r = await kiln(['run', ref, '--arg', `n=${i}`, '--out', outDir], { home });
    windows.push({ spawnAt, endAt: Date.now() });
    if (r.json.status !== 'succeeded' || r.json.warm !== false)
      throw new Error(`unexpected run: ${JSON.stringify(r.json)}`);
    const result = JSON.parse(await readFile(path.join(outDir, 'result.json'), 'utf8'));
    if (result.greeting !== 'hello' || result.n !== i) throw new Error(`wrong output: ${JSON.stringify(result)}`);
    const t = r.json.timings;
    const setup = t.setup ?? 0;
    runs.push({
      wall: r.wallMs,
      total: t.total,
      resolve: t.resolve ?? 0,
      containerStart: t.containerStart,
      runtimeStart: t.ready - setup, // python start + runtime import + readiness polling
      setup,
      call: t.call,
      collect: t.collect ?? 0,
      // Inside the CLI's total but in none of its timings: inputs, args, GPU decision, catalog rows.
      otherInside: t.total - (t.resolve ?? 0) - t.containerStart - t.ready - t.call - (t.collect ?? 0),
      // Outside total: Node and CLI start-up, container removal, exit.
      outside: r.wallMs - t.total,
    });
    const d = await exec('docker', ['run', '--rm', image, 'true']);
    if (d.code !== 0) throw new Error(`docker run true failed: ${tail(d.stderr)}`);
    dockerTrue.push(d.wallMs);
    log(
      `    run ${i + 1}: ${fmtMs(r.wallMs)} (CLI total ${t.total} ms: ${JSON.stringify(t)}); docker run true ${fmtMs(d.wallMs)}`,
    );
  }

  // The engine's own clock for each run's container: created, killed (Kiln removes it with
  // force), destroyed. Splits "the rest" into before the container exists and the tear-down.
  await new Promise((r) => setTimeout(r, 200));
  const ev = await exec('docker', [
    'events',
    '--since',
    (windows[0].spawnAt / 1000 - 1).toFixed(3),
    '--until',
    (Date.now() / 1000).toFixed(3),
    '--filter',
    'type=container',
    '--filter',
    `label=kiln.name=${name}`,
    '--format',
    '{{json .}}',
  ]);
  const byId = new Map();
  for (const line of ev.stdout.split('\n').filter(Boolean)) {
    const e = JSON.parse(line);
    const at = Number(BigInt(e.timeNano) / 1000n) / 1000; // ms, sub-ms precision
    const rec = byId.get(e.id) ?? {};
    rec[e.status ?? e.Action] ??= at;
    byId.set(e.id, rec);
  }
  runs.forEach((run, i) => {
    const { spawnAt, endAt } = windows[i];
    const c = [...byId.values()].find((x) => x.create >= spawnAt && x.create <= endAt);
    run.beforeCreate = c ? c.create - spawnAt : NaN;
    const killAt = c ? (c.kill ?? c.die) : undefined;
    run.teardown = killAt !== undefined ? endAt - killAt : NaN;
    run.removeMs = c && killAt !== undefined && c.destroy !== undefined ? c.destroy - killAt : NaN;
  });

  const med = (k) => median(runs.map((r) => r[k]));
  const wall = med('wall');
  const trueMed = median(dockerTrue);
  const parts = {
    containerStart: med('containerStart'),
    runtimeStart: med('runtimeStart'),
    setup: med('setup'),
    call: med('call'),
  };
  const rest = {
    resolve: med('resolve'),
    collect: med('collect'),
    otherInside: med('otherInside'),
    outside: med('outside'),
  };
  const restTotal = median(runs.map((r) => r.wall - r.containerStart - r.runtimeStart - r.setup - r.call));
  const beforeCreate = med('beforeCreate');
  const teardown = med('teardown');
  const removeMs = med('removeMs');
  const floorMed = median(nodeFloor);
  const pct = (x) => `${round((100 * x) / wall, 1)}%`;
  summary('cold run bench', [
    ['engine', `Docker ${engine}`],
    [
      `kiln run end to end (${REPS})`,
      `median ${fmtS(wall)} wall of the CLI process ${list(runs.map((r) => r.wall))} ms`,
    ],
    [
      '  container start',
      `${fmtMs(parts.containerStart)}  ${pct(parts.containerStart)}  (create + start + port lookup)`,
    ],
    [
      '  runtime start',
      `${fmtMs(parts.runtimeStart)}  ${pct(parts.runtimeStart)}  (ready - setup: python + runtime up, readiness polling)`,
    ],
    ['  setup', `${fmtMs(parts.setup)}  ${pct(parts.setup)}  (the algorithm's setup(), as the runtime measured it)`],
    ['  call', `${fmtMs(parts.call)}  ${pct(parts.call)}  (POST /invoke round trip)`],
    ['  the rest', `${fmtMs(restTotal)}  ${pct(restTotal)}  (median of wall - the four above, per run)`],
    [
      '    before the container exists',
      `${fmtMs(beforeCreate)}  ${pct(beforeCreate)}  (process start -> engine "create" event: node, CLI, catalog, engine connection)`,
    ],
    ['      of which node -e 0', `${fmtMs(floorMed)}  (the start-up floor, measured alongside)`],
    [
      '    tear-down',
      `${fmtMs(teardown)}  ${pct(teardown)}  (engine "kill" event -> process exit; kill -> destroy ${fmtMs(removeMs)})`,
    ],
    ['    collect (CLI timing)', `${fmtMs(rest.collect)}`],
    [
      '    CLI total vs wall',
      `total ${fmtMs(med('total'))}; ${fmtMs(rest.outside)} of the wall is outside it (start-up, tear-down)`,
    ],
    [`baseline docker run --rm true (${REPS})`, `median ${fmtMs(trueMed)} ${list(dockerTrue)} ms`],
    ['ratio kiln run / docker run true', `${round(wall / trueMed, 2)}x`],
  ]);
  benchResult({
    bench: 'cold',
    engine,
    reps: REPS,
    wallMs: runs.map((r) => round(r.wall, 0)),
    medianWallMs: round(wall, 0),
    medianMs: {
      ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v, 1)])),
      rest: round(restTotal, 1),
    },
    restMs: {
      ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, round(v, 1)])),
      beforeContainerCreate: round(beforeCreate, 1),
      teardown: round(teardown, 1),
      killToDestroy: round(removeMs, 1),
    },
    nodeFloorMedianMs: round(floorMed, 1),
    share: {
      containerStart: round(parts.containerStart / wall, 3),
      runtimeStart: round(parts.runtimeStart / wall, 3),
      setup: round(parts.setup / wall, 3),
      call: round(parts.call / wall, 3),
      rest: round(restTotal / wall, 3),
    },
    cliTimings: runs.map((r) => ({
      total: r.total,
      resolve: r.resolve,
      containerStart: r.containerStart,
      runtimeStart: r.runtimeStart,
      setup: r.setup,
      call: r.call,
      collect: r.collect,
    })),
    dockerRunTrueMs: dockerTrue.map((x) => round(x, 0)),
    dockerRunTrueMedianMs: round(trueMed, 0),
    ratioKilnRunOverDockerTrue: round(wall / trueMed, 3),
  });
});
