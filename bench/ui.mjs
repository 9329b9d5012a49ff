#!/usr/bin/env node
// UI bench: `kiln ui` in Debian's chromium. (1) Time to the first usable screen with 200
// algorithms, against a blank page from the same server; (2) the renderer's JS size for that
// screen and the lazy Monaco chunk; (3) the longest frame gap while a real run streams 100,000
// log lines into the log view, against the same page idle. See bench/README.md.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { WebSocket } from 'ws';
import {
  benchResult,
  ensureCli,
  ensureEngine,
  fmtMs,
  KILN,
  list,
  log,
  main,
  median,
  percentile,
  mustExec,
  nonce,
  ROOT,
  round,
  summary,
  tail,
} from './lib.mjs';

const ALGORITHMS = 200;
const REPS = 5;
const LOG_LINES = 100_000;
// KILN_BENCH_UI_PROFILE=<dir>: a CPU profile of the page (and of `kiln ui`) over the log-view run.
const PROFILE_DIR = process.env.KILN_BENCH_UI_PROFILE ? path.resolve(process.env.KILN_BENCH_UI_PROFILE) : null;
// KILN_BENCH_UI_ONLY=log: only part (c), the log view (for profiling it).
const ONLY_LOG = process.env.KILN_BENCH_UI_ONLY === 'log';
const RENDERER = path.join(ROOT, 'dist', 'renderer');
const CHROMIUM = '/usr/bin/chromium';
// The flags test/support/browser.ts uses (DESIGN.md, "What is real in tests").
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const VIEWPORT = { width: 1400, height: 900 };
const BLANK_DATA_URL = 'data:text/html,<!doctype html><title>blank</title><p>blank</p>';

// A tiny valid kiln.yaml, after resources/examples/image-convert (a command entry). Never built.
const TINY_MANIFEST = (name, i) => `name: ${name}
description: UI bench algorithm ${i + 1} of ${ALGORITHMS} (never built).
base: debian:bookworm-slim
entry:
  command: cp {inputs.data} {outputs.result}
inputs:
  data: {type: json}
outputs:
  result: {type: json}
timeout: 30
`;

// The chatty algorithm: 100,000 lines on stdout from predict(), then a tiny output.
const CHATTY_MANIFEST = (name) => `name: ${name}
description: Prints ${LOG_LINES} lines, for the UI's log view.
base: debian:bookworm-slim
system_packages: [python3]
entry:
  python: predict.py:Chatty
outputs:
  result: {type: json}
timeout: 300
`;
const CHATTY_PREDICT = `"""UI bench entry: ${LOG_LINES} log lines, then a two-field JSON output."""
import os


class Chatty:
    def setup(self):
        pass

    def predict(self, request):
        for i in range(${LOG_LINES}):
            print(f"line {i}")
        out = os.path.join(request["work_path"], "out")
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "result.json"), "w") as f:
            f.write('{"lines": ${LOG_LINES}}')
        return {"error_code": 0, "error_msg": "success",
                "output_files": [{"key": "result", "form": "LocalPath", "body": "out/result.json"}]}
`;

async function ensureRenderer() {
  if (existsSync(path.join(RENDERER, 'index.html'))) return;
  log('dist/renderer is missing: building it (vite build)...');
  await mustExec(process.execPath, [
    path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    'renderer/vite.config.ts',
  ]);
}

/** `kiln ui --json` with its own KILN_HOME; resolves with its URL, token and a stop(). */
function startUi(home, cleanup) {
  return new Promise((resolve, reject) => {
    const prof = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
    const child = spawn(process.execPath, [...prof, KILN, 'ui', '--json'], {
      cwd: ROOT,
      env: { ...process.env, KILN_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise((r) => child.on('close', (code, signal) => r(code ?? signal)));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    };
    cleanup.add('stop kiln ui', stop);
    child.stderr.on('data', (c) => (err += c.toString()));
    child.stdout.on('data', (c) => {
      out += c.toString();
      if (!out.trim().endsWith('}')) return;
      try {
        const info = JSON.parse(out);
        const u = new URL(info.url);
        resolve({ url: info.url, origin: u.origin, token: u.searchParams.get('token'), stop, stderr: () => err });
      } catch {
        // not the whole document yet
      }
    });
    child.on('error', reject);
    exited.then((code) => reject(new Error(`kiln ui exited (${code}) before printing its URL:\n${tail(err)}`)));
  });
}

/** The bridge's session cookie is named after its token (electron/bridge/auth.ts: cookieName). */
const cookieName = (token) => `kiln_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;

/** The bridge's WebSocket API (shared/api.ts): calls only, authenticated by the cookie. */
class Api {
  #ws;
  #next = 1;
  #pending = new Map();

  static connect(ui) {
    const ws = new WebSocket(`${ui.origin.replace('http', 'ws')}/api/ws`, {
      headers: { cookie: `${cookieName(ui.token)}=${ui.token}` },
      origin: ui.origin,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Api(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  constructor(ws) {
    this.#ws = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      const p = m.id != null ? this.#pending.get(m.id) : undefined;
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.type === 'result') p.resolve(m.result);
      else if (m.type === 'error') p.reject(new Error(`${m.error.code}: ${m.error.message}`));
    });
  }

  call(method, input = {}) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(JSON.stringify({ id, type: 'call', method, input }));
    });
  }

  async waitJob(jobId, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.call('jobs.get', { jobId });
      if (job.status !== 'running') return job;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still running after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  close() {
    this.#ws.close();
  }
}

// ---- JS size ---------------------------------------------------------------------------------

const gz = (buf) => gzipSync(buf).length;

/** Static imports of a built chunk (minified: from"./x.js" / import"./x.js"), relative to it. */
function staticImports(code) {
  const out = new Set();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[^"']+\.js)["']/g)) out.add(m[1]);
  return [...out];
}

function dynamicImports(code) {
  const out = new Set();
  for (const m of code.matchAll(/\bimport\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g)) out.add(m[1]);
  return [...out];
}

/** The JS index.html loads (module script + modulepreload + their static imports), gzipped; and the lazy chunks. */
async function rendererSizes() {
  const html = await readFile(path.join(RENDERER, 'index.html'), 'utf8');
  const entries = [
    ...[...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
  ].map((p) => path.join(RENDERER, p));
  const first = new Map();
  const lazy = new Set();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift();
    if (first.has(file)) continue;
    const code = await readFile(file);
    first.set(file, { bytes: code.length, gzip: gz(code) });
    const text = code.toString();
    for (const rel of staticImports(text)) queue.push(path.join(path.dirname(file), rel));
    for (const rel of dynamicImports(text)) lazy.add(path.join(path.dirname(file), rel));
  }
  const lazyChunks = [];
  // Lazy chunks load others in turn (manifest-editor -> monaco-setup): follow them all.
  const lazyQueue = [...lazy];
  const lazySeen = new Set();
  while (lazyQueue.length) {
    const file = lazyQueue.shift();
    if (first.has(file) || lazySeen.has(file) || !existsSync(file)) continue;
    lazySeen.add(file);
    const code = await readFile(file);
    const text = code.toString();
    for (const rel of [...staticImports(text), ...dynamicImports(text)])
      lazyQueue.push(path.join(path.dirname(file), rel));
    lazyChunks.push({
      file: path.relative(RENDERER, file),
      bytes: code.length,
      gzip: gz(code),
      monaco: /MonacoEnvironment|monaco-editor|vs\/editor/.test(text),
    });
    // A worker the chunk starts (Monaco's editor.worker) is loaded with it.
    for (const m of text.matchAll(/["'`](?:\.\/|\/?assets\/)?([\w.-]+\.worker-[\w-]+\.js)["'`]/g)) {
      const w = path.join(RENDERER, 'assets', m[1]);
      if (existsSync(w) && !lazyChunks.some((c) => c.file === path.relative(RENDERER, w))) {
        const wc = await readFile(w);
        lazyChunks.push({
          file: path.relative(RENDERER, w),
          bytes: wc.length,
          gzip: gz(wc),
          monaco: true,
          worker: true,
        });
      }
    }
  }
  const firstFiles = [...first.entries()].map(([f, s]) => ({ file: path.relative(RENDERER, f), ...s }));
  return {
    firstFiles,
    firstGzip: firstFiles.reduce((n, f) => n + f.gzip, 0),
    firstBytes: firstFiles.reduce((n, f) => n + f.bytes, 0),
    lazyChunks,
  };
}

// ---- page timings ----------------------------------------------------------------------------

/** A fresh context (no cache, no storage) that already holds the bridge's cookie, as after the first visit. */
async function freshPage(browser, ui) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addCookies([
    { name: cookieName(ui.token), value: ui.token, url: ui.origin, httpOnly: true, sameSite: 'Strict' },
  ]);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Navigates and returns performance.now() (ms since this document's navigation start) at the
 * first animation frame where `ready` holds: one frame of resolution, the same for every page.
 */
async function timeTo(page, url, ready, arg) {
  const res = await page.goto(url, { waitUntil: 'commit' });
  // A data: URL has no response; an http one must be a 200 (not the 401 page).
  if (url.startsWith('http') && res?.status() !== 200) throw new Error(`GET ${url}: HTTP ${res?.status()}`);
  const handle = await page.waitForFunction(ready, arg, { polling: 'raf', timeout: 60_000 });
  return handle.jsonValue();
}

const blankReady = () => (document.readyState === 'complete' ? performance.now() : null);
const listReady = (n) =>
  document.querySelectorAll('[data-testid^="algorithm-item-"]').length === n ? performance.now() : null;

async function measureFirstScreens(browser, ui) {
  const kinds = {
    server: async (page) => timeTo(page, `${ui.origin}/favicon.svg`, blankReady),
    dataUrl: async (page) => timeTo(page, BLANK_DATA_URL, blankReady),
    firstScreen: async (page) => {
      const ms = await timeTo(page, `${ui.origin}/`, listReady, ALGORITHMS);
      const js = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\.js(\?|$)/.test(e.name))
          .map((e) => ({ path: new URL(e.name).pathname, encodedBytes: e.encodedBodySize })),
      );
      return { ms, js };
    },
  };
  const samples = { server: [], dataUrl: [], firstScreen: [] };
  let loadedJs = [];
  const order = Object.keys(kinds);
  // One warm-up of each (browser process, server's file cache), then REPS rounds, rotating the order.
  for (let rep = -1; rep < REPS; rep++) {
    const round = order.map((_, i) => order[(i + Math.max(0, rep)) % order.length]);
    for (const kind of round) {
      const { context, page } = await freshPage(browser, ui);
      try {
        const r = await kinds[kind](page);
        if (rep < 0) continue;
        if (kind === 'firstScreen') {
          samples.firstScreen.push(r.ms);
          loadedJs = r.js;
        } else samples[kind].push(r);
      } finally {
        await context.close();
      }
    }
  }
  return { samples, loadedJs };
}

// ---- the log view ----------------------------------------------------------------------------

/** Installs a requestAnimationFrame loop in the page that records the longest gap between frames. */
async function startFrameProbe(page, { lines, runStatus }) {
  await page.evaluate(
    ({ lines, runStatus }) => {
      const b = {
        gaps: [],
        frames: 0,
        maxGap: 0,
        maxGapAt: 0,
        last: 0,
        start: performance.now(),
        stopAt: null,
        reachedAt: null,
        lineCount: 0,
        running: true,
        quietSince: 0,
      };
      window.__probe = b;
      const logView = () => document.querySelector('.run-progress [data-testid="log-view"]');
      const tick = (t) => {
        if (!b.running) return;
        if (b.last) {
          const gap = t - b.last;
          b.gaps.push(gap);
          if (gap > b.maxGap) {
            b.maxGap = gap;
            b.maxGapAt = t - b.start;
          }
        }
        b.last = t;
        b.frames++;
        if (lines !== null) {
          const n = Number(logView()?.getAttribute('data-line-count') ?? 0);
          if (n !== b.lineCount) b.quietSince = t;
          b.lineCount = n;
          const state = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state');
          const ended = runStatus.includes(state ?? '');
          if (n >= lines && b.reachedAt === null) {
            b.reachedAt = performance.now() - b.start;
            b.reachedWall = Date.now();
          }
          // Stop at the line count, or once the run is over and no line came for 2 s.
          if (n >= lines || (ended && t - b.quietSince > 2000)) {
            b.running = false;
            b.stopAt = performance.now() - b.start;
            return;
          }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { lines, runStatus },
  );
}

async function idleFrameProbe(page, durationMs) {
  await startFrameProbe(page, { lines: null, runStatus: [] });
  await page.waitForTimeout(durationMs);
  return page.evaluate(() => {
    const b = window.__probe;
    b.running = false;
    return { maxGap: b.maxGap, gaps: b.gaps, frames: b.frames, ms: performance.now() - b.start };
  });
}

/**
 * When the container printed the first and the last of the lines: the runtime stamps every line it
 * logs (ms, the host's clock), and the run's log file keeps them. The baseline of "every line shown".
 */
async function containerPrintTimes(home) {
  const dir = path.join(home, 'logs', 'runs');
  const files = await readdir(dir);
  const stats = await Promise.all(files.map(async (f) => ({ f, t: (await stat(path.join(dir, f))).mtimeMs })));
  const newest = stats.sort((a, b) => b.t - a.t)[0];
  if (!newest) throw new Error(`no run log in ${dir}`);
  let first = null;
  let last = null;
  for (const line of (await readFile(path.join(dir, newest.f), 'utf8')).split('\n')) {
    if (!line.includes('"line ')) continue;
    const o = JSON.parse(line.slice(line.indexOf('{')));
    if (o.msg === 'line 0') first = Date.parse(o.ts);
    if (o.msg === `line ${LOG_LINES - 1}`) last = Date.parse(o.ts);
  }
  if (first === null || last === null) throw new Error(`the run log ${newest.f} lacks the first or the last line`);
  return { firstMs: first, lastMs: last, printMs: last - first };
}

/** A CPU profile of the page (CDP Profiler) and its Performance metrics over the streaming window. */
async function startProfile(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  const before = await cdp.send('Performance.getMetrics');
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      const after = await cdp.send('Performance.getMetrics');
      const m = (r) => Object.fromEntries(r.metrics.map((x) => [x.name, x.value]));
      const a = m(after);
      const b = m(before);
      const metrics = Object.fromEntries(
        ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount']
          .filter((k) => k in a)
          .map((k) => [k, round(a[k] - (b[k] ?? 0), 3)]),
      );
      await mkdir(PROFILE_DIR, { recursive: true });
      const file = path.join(PROFILE_DIR, `log-view-${Date.now()}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      return { file, metrics, top: topSelf(profile, 12) };
    },
  };
}

/** The functions with the most self time in a CPU profile (ms), by name and script. */
function topSelf(profile, n) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  for (let i = 0; i < profile.samples.length; i++) {
    const cf = byId.get(profile.samples[i]).callFrame;
    const k = `${cf.functionName || '(anonymous)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${round(v, 0)} ms ${k}`);
}

async function measureLogView(browser, ui, api, work, home, cleanup) {
  const name = `ui-log-${nonce()}`;
  const dir = path.join(work, name);
  await mkdir(dir);
  await writeFile(path.join(dir, 'kiln.yaml'), CHATTY_MANIFEST(name));
  await writeFile(path.join(dir, 'predict.py'), CHATTY_PREDICT);
  cleanup.kilnImages(name);
  await api.call('algorithms.open', { path: dir });
  // Built beforehand, so the timed window is the run and its lines only.
  const { jobId } = await api.call('build.start', { name });
  const built = await api.waitJob(jobId, 600_000);
  if (built.status !== 'succeeded') throw new Error(`building ${name} ${built.status}: ${built.error?.message ?? ''}`);

  const { context, page } = await freshPage(browser, ui);
  try {
    await page.goto(`${ui.origin}/`);
    await page.getByTestId(`algorithm-item-${name}`).click();
    await page.getByTestId('tab-run').click();
    const runButton = page.getByTestId('run');
    await runButton.waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="run"]')?.disabled, undefined, {
      timeout: 30_000,
    });
    // Let the tab settle (chunks loaded, stores filled) before either probe.
    await page.waitForTimeout(1000);

    const profiler = PROFILE_DIR ? await startProfile(context, page) : null;
    await startFrameProbe(page, { lines: LOG_LINES, runStatus: ['succeeded', 'failed', 'cancelled'] });
    await runButton.click();
    await page.waitForFunction(() => window.__probe && !window.__probe.running, undefined, {
      timeout: 600_000,
      polling: 250,
    });
    const streaming = await page.evaluate(() => {
      const b = window.__probe;
      return {
        maxGap: b.maxGap,
        maxGapAt: b.maxGapAt,
        gaps: b.gaps,
        frames: b.frames,
        ms: b.stopAt,
        reachedAt: b.reachedAt,
        reachedWall: b.reachedWall ?? null,
        lineCount: b.lineCount,
      };
    });
    const profile = profiler ? await profiler.stop() : null;
    // The run must have succeeded (its output is checked by the runtime, the lines by the count).
    const state = await page
      .waitForFunction(
        () => {
          const s = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state');
          return s && s !== 'running' ? s : null;
        },
        undefined,
        { timeout: 300_000 },
      )
      .then((h) => h.jsonValue());
    if (state !== 'succeeded')
      throw new Error(`the ${LOG_LINES}-line run ${state}: ${await page.getByTestId('run-status').innerText()}`);
    const finalCount = Number(
      await page.locator('.run-progress [data-testid="log-view"]').getAttribute('data-line-count'),
    );
    const dropped = await page.locator('.run-progress .log-dropped').count();
    const rendered = await page.locator('.run-progress .log-row').count();
    // The same page, idle, for the same time.
    await page.waitForTimeout(500);
    const idle = await idleFrameProbe(page, Math.max(1000, Math.round(streaming.ms)));
    const printed = await containerPrintTimes(home);
    return { name, streaming, idle, finalCount, dropped, rendered, printed, profile };
  } finally {
    await context.close();
  }
}

// ---- main ------------------------------------------------------------------------------------

main(async (cleanup) => {
  await ensureCli();
  await ensureRenderer();
  const engine = await ensureEngine();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);

  const work = await cleanup.tempDir('kiln-bench-ui-');
  const home = path.join(work, 'home');
  await mkdir(home);

  // 200 algorithm folders, registered over the WebSocket as the UI's "Open folder…" does.
  const ui = await startUi(home, cleanup);
  const api = await Api.connect(ui);
  cleanup.add('close the WebSocket', () => api.close());
  const algos = path.join(work, 'algorithms');
  await mkdir(algos);
  for (let i = 0; i < ALGORITHMS; i++) {
    const name = `algo-${String(i).padStart(3, '0')}`;
    const dir = path.join(algos, name);
    await mkdir(dir);
    await writeFile(path.join(dir, 'kiln.yaml'), TINY_MANIFEST(name, i));
    await api.call('algorithms.open', { path: dir });
  }
  const listed = await api.call('algorithms.list', {});
  if (listed.length !== ALGORITHMS)
    throw new Error(`algorithms.list has ${listed.length} algorithms, expected ${ALGORITHMS}`);
  log(`kiln ui at ${ui.origin} with ${ALGORITHMS} algorithms`);

  // The browser: Debian's chromium, playwright's own fresh profile; a fresh context per page load.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
  cleanup.add('close chromium', () => browser.close());
  const version = browser.version();

  log(
    `first screen: ${REPS} x (blank page from the same server, blank data: URL, the UI with ${ALGORITHMS} algorithms), fresh context each`,
  );
  // KILN_BENCH_UI_ONLY=log skips the first screens (their figures print as NaN).
  const { samples, loadedJs } = ONLY_LOG
    ? { samples: { server: [NaN], dataUrl: [NaN], firstScreen: [NaN] }, loadedJs: [] }
    : await measureFirstScreens(browser, ui);
  const first = median(samples.firstScreen);
  const blank = median(samples.server);
  const dataUrl = median(samples.dataUrl);

  const sizes = await rendererSizes();
  const monaco = sizes.lazyChunks.filter((c) => c.monaco && !c.worker);
  const monacoWorker = sizes.lazyChunks.filter((c) => c.worker);
  const otherLazy = sizes.lazyChunks.filter((c) => !c.monaco);
  const loadedPaths = loadedJs.map((j) => j.path.replace(/^\//, ''));
  const expected = sizes.firstFiles.map((f) => f.file);
  const loadedNotExpected = loadedPaths.filter((p) => !expected.includes(p));

  log(`log view: a real run printing ${LOG_LINES} lines, started from the Run tab`);
  const lv = await measureLogView(browser, ui, api, work, home, cleanup);
  // Every line shown (page clock) after the container printed the first (runtime's stamp, same host clock).
  const shownMs = lv.streaming.reachedWall === null ? null : lv.streaming.reachedWall - lv.printed.firstMs;
  const shownOverPrint = shownMs === null ? null : shownMs / Math.max(1, lv.printed.printMs);
  if (lv.finalCount < LOG_LINES)
    throw new Error(`the log view shows ${lv.finalCount} lines, expected at least ${LOG_LINES}`);

  const kb = (n) => `${round(n / 1024, 1)} KiB`;
  summary('ui bench', [
    ['engine / browser', `Docker ${engine} / Chromium ${version} (headless, --disable-gpu)`],
    [
      `first screen, ${ALGORITHMS} algorithms (${REPS})`,
      `median ${fmtMs(first)} ${list(samples.firstScreen)} ms  (navigation start -> frame with all ${ALGORITHMS} items)`,
    ],
    [
      `baseline: blank page, same server (${REPS})`,
      `median ${fmtMs(blank)} ${list(samples.server)} ms  (GET /favicon.svg through the bridge, to load complete)`,
    ],
    [`floor: blank data: URL (${REPS})`, `median ${fmtMs(dataUrl)} ${list(samples.dataUrl)} ms  (no server at all)`],
    ['ratio first screen / blank (same server)', `${round(first / blank, 2)}x`],
    ['ratio first screen / data: URL', `${round(first / dataUrl, 2)}x`],
    [
      'first-screen JS (gzip)',
      `${kb(sizes.firstGzip)} in ${sizes.firstFiles.length} file(s): ${sizes.firstFiles.map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')} (${kb(sizes.firstBytes)} raw)`,
    ],
    [
      '  JS the page really loaded',
      loadedPaths.join(', ') +
        (loadedNotExpected.length ? `  (beyond index.html's: ${loadedNotExpected.join(', ')})` : ''),
    ],
    [
      'lazy Monaco chunk (gzip)',
      monaco.map((c) => `${c.file} ${kb(c.gzip)} (${kb(c.bytes)} raw)`).join(', ') || 'none found',
    ],
    ['  its worker (gzip)', monacoWorker.map((c) => `${c.file} ${kb(c.gzip)}`).join(', ') || 'none found'],
    ['  other lazy chunks (gzip)', otherLazy.map((c) => `${c.file} ${kb(c.gzip)}`).join(', ') || 'none'],
    [
      `log view: ${LOG_LINES} lines streaming`,
      `longest frame gap ${fmtMs(lv.streaming.maxGap)} (at ${fmtS1(lv.streaming.maxGapAt)}), ${lv.streaming.frames} frames in ${fmtS1(lv.streaming.ms)}; ${LOG_LINES} lines ${lv.streaming.reachedAt !== null ? `shown ${fmtS1(lv.streaming.reachedAt)} after Run` : 'not reached'}`,
    ],
    [
      '  frame gaps while streaming',
      `p50 ${fmtMs(percentile(lv.streaming.gaps, 50))}, p95 ${fmtMs(percentile(lv.streaming.gaps, 95))}, p99 ${fmtMs(percentile(lv.streaming.gaps, 99))}; ${countOver(lv.streaming.gaps, 50)} gaps over 50 ms`,
    ],
    ['  final line count', `${lv.finalCount} (rows in the DOM: ${lv.rendered}${lv.dropped ? ', some dropped' : ''})`],
    [
      '  same page idle, same duration',
      `longest frame gap ${fmtMs(lv.idle.maxGap)}, ${lv.idle.frames} frames in ${fmtS1(lv.idle.ms)}`,
    ],
    [
      '  frame gaps idle',
      `p50 ${fmtMs(percentile(lv.idle.gaps, 50))}, p95 ${fmtMs(percentile(lv.idle.gaps, 95))}, p99 ${fmtMs(percentile(lv.idle.gaps, 99))}`,
    ],
    [
      '  ratio streaming / idle (longest gap)',
      `${round(lv.streaming.maxGap / lv.idle.maxGap, 1)}x; target <= 3x: ${lv.streaming.maxGap <= 3 * lv.idle.maxGap ? 'met' : 'NOT met'}`,
    ],
    [
      '  container printed the lines in',
      `${fmtS1(lv.printed.printMs)} (the runtime's stamps on line 0 and line ${LOG_LINES - 1})`,
    ],
    [
      '  all shown after the first was printed',
      shownMs === null
        ? 'never'
        : `${fmtS1(shownMs)}: ${round(shownOverPrint, 2)}x the printing time; target <= 1.5x: ${shownOverPrint <= 1.5 ? 'met' : 'NOT met'}`,
    ],
    ...(lv.profile
      ? [
          ['  page profile', `${lv.profile.file}; ${JSON.stringify(lv.profile.metrics)}`],
          ...lv.profile.top.map((t, i) => [`    self #${i + 1}`, t]),
        ]
      : []),
  ]);
  benchResult({
    bench: 'ui',
    engine,
    chromium: version,
    algorithms: ALGORITHMS,
    reps: REPS,
    firstScreenMs: samples.firstScreen.map((x) => round(x, 1)),
    firstScreenMedianMs: round(first, 1),
    blankSameServerMs: samples.server.map((x) => round(x, 1)),
    blankSameServerMedianMs: round(blank, 1),
    blankDataUrlMs: samples.dataUrl.map((x) => round(x, 1)),
    blankDataUrlMedianMs: round(dataUrl, 1),
    ratioFirstScreenOverBlank: round(first / blank, 3),
    ratioFirstScreenOverDataUrl: round(first / dataUrl, 3),
    firstScreenJsGzipBytes: sizes.firstGzip,
    firstScreenJsFiles: sizes.firstFiles.map((f) => ({ file: f.file, bytes: f.bytes, gzipBytes: f.gzip })),
    firstScreenJsLoaded: loadedPaths,
    monacoChunkGzipBytes: monaco.reduce((n, c) => n + c.gzip, 0),
    monacoChunks: monaco.map((c) => ({ file: c.file, bytes: c.bytes, gzipBytes: c.gzip })),
    monacoWorkerGzipBytes: monacoWorker.reduce((n, c) => n + c.gzip, 0),
    log: {
      lines: LOG_LINES,
      finalLineCount: lv.finalCount,
      longestFrameGapMs: round(lv.streaming.maxGap, 1),
      frames: lv.streaming.frames,
      frameGapP50Ms: round(percentile(lv.streaming.gaps, 50), 1),
      frameGapP95Ms: round(percentile(lv.streaming.gaps, 95), 1),
      frameGapP99Ms: round(percentile(lv.streaming.gaps, 99), 1),
      gapsOver50Ms: countOver(lv.streaming.gaps, 50),
      streamMs: round(lv.streaming.ms, 0),
      linesShownAfterMs: lv.streaming.reachedAt === null ? null : round(lv.streaming.reachedAt, 0),
      idleLongestFrameGapMs: round(lv.idle.maxGap, 1),
      idleMs: round(lv.idle.ms, 0),
      idleFrames: lv.idle.frames,
      idleFrameGapP95Ms: round(percentile(lv.idle.gaps, 95), 1),
      ratioStreamingOverIdle: round(lv.streaming.maxGap / lv.idle.maxGap, 2),
      containerPrintMs: lv.printed.printMs,
      allShownAfterFirstPrintedMs: shownMs === null ? null : round(shownMs, 0),
      ratioShownOverPrint: shownOverPrint === null ? null : round(shownOverPrint, 2),
      ...(lv.profile ? { pageMetrics: lv.profile.metrics } : {}),
    },
  });

  const code = await ui.stop();
  if (code !== 0) throw new Error(`kiln ui exited ${code} on SIGINT:\n${tail(ui.stderr())}`);
});

function countOver(xs, limit) {
  return xs.filter((x) => x > limit).length;
}

function fmtS1(ms) {
  return `${round(ms / 1000, 2)} s`;
}
