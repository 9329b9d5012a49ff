#!/usr/bin/env node
// Build bench: (a) first build and the no-op rebuild of a folder with a slow dependency layer,
// (b) a code-only change rebuilt by Kiln against the same change built by a naive Dockerfile.
// See bench/README.md for how to read the figures.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BASE_IMAGE,
  benchResult,
  ensureCli,
  ensureEngine,
  exec,
  fmtMs,
  fmtS,
  imagesWithLabel,
  kiln,
  list,
  log,
  main,
  median,
  mustExec,
  nonce,
  removeImages,
  round,
  summary,
  tail,
} from './lib.mjs';

// Real Debian packages: python3 + SciPy (NumPy, OpenBLAS, gfortran runtime...), about 30 s of
// apt here. KILN_BENCH_APT replaces the list (space-separated) on a machine where that is faster.
const APT = (process.env.KILN_BENCH_APT ?? 'python3 python3-scipy').split(/\s+/).filter(Boolean);
const NOOP_REPS = 5;
const ROUNDS = 3;

const PREDICT = (edit) => `"""Bench entry: a small SciPy call (the code layer of the build bench)."""
import json
import os

EDIT = ${edit}


class Predictor:
    def setup(self):
        from scipy import special
        self.gamma = special.gamma

    def predict(self, request):
        out = os.path.join(request["work_path"], "out")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "result.json"), "w") as f:
            json.dump({"edit": EDIT, "gamma5": float(self.gamma(5))}, f)
        return {"error_code": 0, "error_msg": "success",
                "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}
`;

const MANIFEST = (name, base) => `name: ${name}
description: Build bench algorithm (slow dependency layer, small code layer).
base: ${base}
system_packages: [${APT.join(', ')}]
entry:
  python: predict.py:Predictor
outputs:
  result: {type: json}
timeout: 30
`;

// What many people write first: the code is copied before the dependencies are installed.
const NAIVE_DOCKERFILE = (base) => `FROM ${base}
ENV DEBIAN_FRONTEND=noninteractive
COPY . /app
RUN apt-get update -q && apt-get install -y -q --no-install-recommends ${APT.join(' ')} && rm -rf /var/lib/apt/lists/*
WORKDIR /app
CMD ["python3", "-c", "import predict; p = predict.Predictor(); p.setup()"]
`;

/** Image tag events for kiln/<name> between two instants (ms): a build that produced an image tags it. */
async function tagEvents(name, sinceMs, untilMs) {
  const r = await mustExec('docker', [
    'events',
    '--since',
    (sinceMs / 1000).toFixed(3),
    '--until',
    (untilMs / 1000).toFixed(3),
    '--filter',
    'type=image',
    '--filter',
    'event=tag',
    '--format',
    '{{json .}}',
  ]);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => String(e.Actor?.Attributes?.name ?? '').startsWith(`kiln/${name}:`))
    .filter((e) => Number(BigInt(e.timeNano) / 1_000_000n) >= sinceMs);
}

async function naiveBuild(dir, tag, iidFile) {
  const r = await mustExec('docker', ['build', '--iidfile', iidFile, '-t', tag, '.'], {
    cwd: dir,
    env: { DOCKER_BUILDKIT: '0' },
  });
  const iid = (await readFile(iidFile, 'utf8')).trim();
  // The apt step is step 4 of 6; "Using cache" right after it would mean the layer was not rebuilt.
  const aptStep = r.stdout.split(/\nStep /).find((s) => s.startsWith('4/'));
  return { wallMs: r.wallMs, iid, aptRebuilt: !!aptStep && !/Using cache/.test(aptStep) };
}

await main(async (cleanup) => {
  await ensureCli();
  const engine = await ensureEngine();
  const id = nonce();
  const name = `bench-build-${id}`;
  const home = await cleanup.tempDir('kiln-bench-home-');
  const work = await cleanup.tempDir('kiln-bench-build-');
  const dir = path.join(work, name);
  const naiveTag = `kiln-bench-naive/${name}:latest`;
  const naiveIds = new Set();

  // A base of our own for this run (debian:bookworm-slim plus one label): the engine's layer cache
  // cannot hold this run's dependency layer from an earlier run, so the first build is a real one.
  // Removed at the end (after everything built on it); debian:bookworm-slim itself stays.
  const base = `kiln-bench/base:${id}`;
  await mustExec('docker', ['build', '-t', base, '-'], {
    env: { DOCKER_BUILDKIT: '0' },
    input: `FROM ${BASE_IMAGE}\nLABEL kiln.bench.base="${id}"\n`,
  });
  cleanup.add(`remove ${base}`, () => removeImages([base]));
  cleanup.add('remove naive images', () => removeImages([...naiveIds]));
  cleanup.kilnImages(name);

  await mustExec('mkdir', ['-p', dir]);
  await writeFile(path.join(dir, 'kiln.yaml'), MANIFEST(name, base));
  await writeFile(path.join(dir, 'predict.py'), PREDICT(0));
  await writeFile(path.join(dir, 'Dockerfile'), NAIVE_DOCKERFILE(base));
  log(`engine ${engine}; folder ${dir}; apt: ${APT.join(' ')}`);

  // ---- (a) first build --------------------------------------------------------------------
  log('(a) first build with Kiln (installs the apt packages)...');
  const firstSince = Date.now();
  const first = await kiln(['build', dir], { home });
  const firstUntil = Date.now();
  if (first.json.reused) throw new Error('the first build was reused: the bench needs a fresh image');
  const stepTimes = Object.entries(first.json.timings ?? {}).filter(([k]) => /^main\.step\d+$/.test(k));
  const depLayerMs = Math.max(0, ...stepTimes.map(([, v]) => v));
  log(`    ${fmtS(first.wallMs)} wall (Kiln says ${fmtS(first.json.durationMs)}; slowest step ${fmtS(depLayerMs)})`);
  if (depLayerMs < 20_000)
    log(`    note: the dependency layer took ${fmtS(depLayerMs)}, under the 20 s this bench is meant to have`);

  // ---- (a) no-op rebuild ------------------------------------------------------------------
  log(`(a) no-op rebuild x${NOOP_REPS}, against \`node -e 0\` x${NOOP_REPS} (interleaved, one warm-up each)...`);
  await exec(process.execPath, ['-e', '0']);
  await kiln(['build', dir], { home });
  const imagesBefore = await imagesWithLabel(`kiln.name=${name}`);
  const since = Date.now();
  const noop = [];
  const floor = [];
  const noopDocs = [];
  for (let i = 0; i < NOOP_REPS; i++) {
    floor.push((await exec(process.execPath, ['-e', '0'])).wallMs);
    const r = await kiln(['build', dir], { home });
    noop.push(r.wallMs);
    noopDocs.push(r.json);
  }
  const until = Date.now();
  await new Promise((r) => setTimeout(r, 200)); // let --until lie in the past so `docker events` returns
  const imagesAfter = await imagesWithLabel(`kiln.name=${name}`);
  const events = await tagEvents(name, since, until);
  // The same detector over the first build's window must see its tag: proof that it can see a build.
  const firstEvents = await tagEvents(name, firstSince, firstUntil);
  const allReused = noopDocs.every((d) => d.reused === true && d.buildId === null && d.version === first.json.version);
  const noEngineBuild = allReused && events.length === 0 && imagesAfter.length === imagesBefore.length;
  const noopMed = median(noop);
  const floorMed = median(floor);
  log(`    kiln build ${list(noop)} ms, node -e 0 ${list(floor)} ms`);
  log(
    `    reused+buildId null in all: ${allReused}; images of ${name}: ${imagesBefore.length} -> ${imagesAfter.length}; tag events: ${events.length} (first build's window: ${firstEvents.length})`,
  );
  if (!firstEvents.length)
    throw new Error('docker events showed no tag event for the first build: the no-op check would prove nothing');
  if (!noEngineBuild) throw new Error('a no-op rebuild reached the engine (see the line above)');

  // ---- (b) code-only change: Kiln vs naive Dockerfile -------------------------------------
  log('(b) warming the naive Dockerfile build once (its first build, apt included)...');
  const naiveFirst = await naiveBuild(dir, naiveTag, path.join(work, 'iid-0'));
  naiveIds.add(naiveFirst.iid);
  log(`    ${fmtS(naiveFirst.wallMs)}`);

  const kilnRebuild = [];
  const kilnRebuildSelf = [];
  let lastTag = first.json.tag;
  let lastTimings = {};
  const naiveRebuild = [];
  let naiveAlwaysRebuiltApt = true;
  for (let round_ = 1; round_ <= ROUNDS; round_++) {
    await writeFile(path.join(dir, 'predict.py'), PREDICT(round_));
    const order = round_ % 2 ? ['kiln', 'naive'] : ['naive', 'kiln'];
    for (const who of order) {
      if (who === 'kiln') {
        const r = await kiln(['build', dir], { home });
        if (r.json.reused) throw new Error('Kiln reused an image after the code changed');
        kilnRebuild.push(r.wallMs);
        kilnRebuildSelf.push(r.json.durationMs);
        lastTag = r.json.tag;
        lastTimings = r.json.timings ?? {};
      } else {
        const r = await naiveBuild(dir, naiveTag, path.join(work, `iid-${round_}`));
        naiveIds.add(r.iid);
        naiveRebuild.push(r.wallMs);
        naiveAlwaysRebuiltApt &&= r.aptRebuilt;
      }
    }
    log(
      `    round ${round_} (${order.join(' then ')}): kiln ${fmtMs(kilnRebuild.at(-1))}, naive ${fmtS(naiveRebuild.at(-1))}`,
    );
  }
  // The last Kiln image must hold the last edit: run its code once through docker (no Kiln involved).
  const check = await exec('docker', [
    'run',
    '--rm',
    lastTag,
    'python3',
    '-c',
    'import sys; sys.path.insert(0, "/kiln/app"); import predict; print(predict.EDIT)',
  ]);
  const shipsLastEdit = check.stdout.trim() === String(ROUNDS);

  const kilnMed = median(kilnRebuild);
  const naiveMed = median(naiveRebuild);
  const ratio = kilnMed / naiveMed;
  summary('build bench', [
    ['engine', `Docker ${engine}, legacy builder; apt packages: ${APT.join(' ')}`],
    [
      '(a) first build (kiln)',
      `${fmtS(first.wallMs)} wall; Kiln's durationMs ${fmtS(first.json.durationMs)}; dependency layer ${fmtS(depLayerMs)}`,
    ],
    ['(a) no-op rebuild', `median ${fmtMs(noopMed)} wall of the CLI process ${list(noop)} (target < 300 ms)`],
    ['    baseline node -e 0', `median ${fmtMs(floorMed)} ${list(floor)}`],
    [
      '    ratio no-op / node',
      `${round(noopMed / floorMed, 2)}x (${fmtMs(noopMed - floorMed)} above the start-up floor)`,
    ],
    [
      '    no engine build',
      `${noEngineBuild} (reused:true, buildId:null x${NOOP_REPS}; ${events.length} tag events vs ${firstEvents.length} in the first build; ${imagesAfter.length} image(s) before and after)`,
    ],
    ['(b) naive first build', `${fmtS(naiveFirst.wallMs)} (warm-up, not in the ratio)`],
    [
      '(b) code change, kiln',
      `median ${fmtMs(kilnMed)} wall ${list(kilnRebuild)} (Kiln's durationMs ${list(kilnRebuildSelf)})`,
    ],
    [
      '    kiln steps rebuilt (last)',
      Object.entries(lastTimings)
        .filter(([k]) => /^main\.step\d+$/.test(k))
        .map(([k, v]) => `${k.slice(5)} ${v} ms`)
        .join(', ') || '(none reported)',
    ],
    ['    kiln prepare (last)', `${lastTimings.prepare ?? '?'} ms (manifest, folder scan, hash)`],
    [
      '(b) code change, naive',
      `median ${fmtS(naiveMed)} wall ${list(naiveRebuild)}; apt rerun each time: ${naiveAlwaysRebuiltApt}`,
    ],
    ['(b) ratio kiln / naive', `${round(ratio, 3)} (target <= 0.2; ${round(naiveMed / kilnMed, 1)}x faster)`],
    ['    last image has last edit', String(shipsLastEdit)],
  ]);
  benchResult({
    bench: 'build',
    engine,
    apt: APT,
    firstBuildMs: round(first.wallMs, 0),
    firstBuildKilnMs: first.json.durationMs,
    dependencyLayerMs: depLayerMs,
    noopMs: noop.map((x) => round(x, 1)),
    noopMedianMs: round(noopMed, 1),
    nodeFloorMs: floor.map((x) => round(x, 1)),
    nodeFloorMedianMs: round(floorMed, 1),
    noopOverFloor: round(noopMed / floorMed, 3),
    noopTargetMs: 300,
    noEngineBuild,
    naiveFirstBuildMs: round(naiveFirst.wallMs, 0),
    kilnRebuildMs: kilnRebuild.map((x) => round(x, 0)),
    naiveRebuildMs: naiveRebuild.map((x) => round(x, 0)),
    kilnRebuildMedianMs: round(kilnMed, 0),
    kilnRebuildSelfMs: kilnRebuildSelf,
    kilnLastRebuildTimings: lastTimings,
    naiveRebuildMedianMs: round(naiveMed, 0),
    ratioKilnOverNaive: round(ratio, 4),
    ratioTarget: 0.2,
    naiveAptRebuiltEachTime: naiveAlwaysRebuiltApt,
    lastImageHasLastEdit: shipsLastEdit,
  });
  if (!shipsLastEdit)
    log(`warning: the last Kiln image did not print EDIT=${ROUNDS}: ${tail(check.stdout + check.stderr, 5)}`);
});
