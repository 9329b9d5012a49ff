// Shared helpers for the benches: process timing, statistics, Docker clean-up, output.
// Plain ESM for Node 20, no dependencies beyond Node itself.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KILN = path.join(ROOT, 'dist', 'kiln.mjs');
export const BASE_IMAGE = 'debian:bookworm-slim';

export const nonce = () => randomBytes(4).toString('hex');
export const nowNs = () => process.hrtime.bigint();
export const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Runs a command to completion; returns code, stdout, stderr and the wall time of the whole process. */
export function exec(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = nowNs();
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...(opts.env ?? {}) },
      stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    if (opts.input !== undefined) child.stdin.end(opts.input);
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        wallMs: msSince(t0),
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** exec, but a non-zero exit is an error that shows the command's output. */
export async function mustExec(cmd, args, opts = {}) {
  const r = await exec(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code ?? r.signal}\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  }
  return r;
}

export function tail(text, lines = 25) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** `node dist/kiln.mjs <args> --json` as a user runs it; parses the one JSON document it prints. */
export async function kiln(args, { home, cwd } = {}) {
  const r = await exec(process.execPath, [KILN, ...args, '--json'], { env: { KILN_HOME: home }, cwd });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(
      `kiln ${args.join(' ')}: exit ${r.code}, stdout is not JSON:\n${tail(r.stdout)}\n${tail(r.stderr)}`,
    );
  }
  if (r.code !== 0 || json.error) {
    throw new Error(
      `kiln ${args.join(' ')} failed (exit ${r.code}): ${JSON.stringify(json.error ?? json, null, 2)}\n${tail(r.stderr)}`,
    );
  }
  return { ...r, json };
}

/** Builds the CLI when dist/kiln.mjs is missing (`npm run bench` builds it first anyway). */
export async function ensureCli() {
  if (!existsSync(KILN)) await mustExec(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')]);
}

export async function ensureEngine() {
  const v = await exec('docker', ['version', '--format', '{{.Server.Version}}']);
  if (v.code !== 0) throw new Error(`no Docker engine answers: ${tail(v.stderr, 3)}`);
  const base = await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE]);
  if (base.code !== 0)
    throw new Error(
      `the base image ${BASE_IMAGE} is not in the engine (pull it, or build it with debootstrap as test/support does)`,
    );
  return v.stdout.trim();
}

// ---- statistics ----------------------------------------------------------------------------

export function sorted(xs) {
  return [...xs].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100): p50 of 1000 samples is the 500th smallest. */
export function percentile(xs, p) {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

export function median(xs) {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median with its interquartile range (nearest-rank p25 and p75) and the sample count. */
export function spread(xs) {
  return { median: median(xs), p25: percentile(xs, 25), p75: percentile(xs, 75), n: xs.length };
}

/**
 * "412 ms (p25-p75 398-430, n 11)": a median printed with as many digits as its spread supports
 * (whole ms above 20 ms, one decimal below), never the four decimals of a median of three.
 */
export function fmtSpread(xs, unit = 'ms') {
  const s = spread(xs);
  const d = s.median >= 20 ? 0 : 1;
  return `${round(s.median, d)} ${unit} (p25-p75 ${round(s.p25, d)}-${round(s.p75, d)}, n ${s.n})`;
}

/** A ratio of medians, and the p25-p75 of the per-round ratios of paired (interleaved) samples. */
export function pairedRatio(a, b) {
  const per = a.map((x, i) => x / b[i]);
  return { ratio: median(a) / median(b), p25: percentile(per, 25), p75: percentile(per, 75) };
}

export const fmtRatio = (r) => `${round(r.ratio, 2)}x (per-round p25-p75 ${round(r.p25, 2)}-${round(r.p75, 2)})`;

export const round = (x, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
export const fmtMs = (x) => `${round(x, x < 10 ? 2 : 1)} ms`;
export const fmtS = (ms) => `${round(ms / 1000, 2)} s`;
export const list = (xs, f = (x) => round(x, 0)) => `[${xs.map(f).join(', ')}]`;

// ---- clean-up ------------------------------------------------------------------------------

/**
 * Clean-up actions run in reverse order once: at the end, on an error, or on Ctrl-C.
 * Each bench registers what it starts (containers, images it tagged, temp folders).
 */
export class Cleanup {
  #actions = [];
  #running;
  interrupted = false;

  constructor() {
    // A second signal (run-all forwards the one the terminal sent too) must not cut the clean-up short.
    const onSignal = (sig) => {
      if (this.interrupted) return;
      this.interrupted = true;
      process.stderr.write(`\n${sig}: cleaning up...\n`);
      this.run().finally(() => process.exit(130));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  add(label, fn) {
    this.#actions.push({ label, fn });
  }

  /** Runs the actions once; a second caller (the signal handler and main both) waits for the same run. */
  run() {
    this.#running ??= this.#runAll();
    return this.#running;
  }

  async #runAll() {
    for (const { label, fn } of [...this.#actions].reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`clean-up: ${label}: ${String(err?.message ?? err).split('\n')[0]}\n`);
      }
    }
  }

  async tempDir(prefix) {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Removes at the end every image carrying kiln.name=<name> (every version Kiln built of it). */
  kilnImages(name) {
    this.add(`remove images of ${name}`, async () => removeImages(await imagesWithLabel(`kiln.name=${name}`)));
  }
}

export async function imagesWithLabel(label) {
  const r = await exec('docker', ['image', 'ls', '-q', '--no-trunc', '--filter', `label=${label}`]);
  return [
    ...new Set(
      r.stdout
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export async function removeImages(refs) {
  if (!refs.length) return;
  const r = await exec('docker', ['image', 'rm', '-f', ...refs]);
  if (r.code !== 0 && !/No such image/.test(r.stderr)) throw new Error(tail(r.stderr, 3));
}

export function removeContainerSync(id) {
  spawnSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
}

// ---- output --------------------------------------------------------------------------------

export function log(line = '') {
  process.stdout.write(`${line}\n`);
}

export function summary(title, rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  log('');
  log(`==== ${title} ====`);
  for (const [k, v] of rows) log(`${k.padEnd(width)}  ${v}`);
  log('='.repeat(title.length + 10));
}

export function benchResult(obj) {
  log(`BENCH_RESULT ${JSON.stringify(obj)}`);
}

/** Standard main: run, always clean up, exit 1 on failure. */
export async function main(fn) {
  const cleanup = new Cleanup();
  let code = 0;
  try {
    await fn(cleanup);
  } catch (err) {
    if (!cleanup.interrupted) process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    code = 1;
  } finally {
    await cleanup.run();
  }
  process.exit(cleanup.interrupted ? 130 : code);
}
