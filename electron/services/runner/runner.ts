// Runs a version: starts a container (or reuses a served, warm one), sends one invocation
// with the inputs in a per-call work folder, collects outputs, records everything.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, link, mkdir, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
import { ref } from '../../../shared/messages/index.js';
import type { BuildEvent, RunEvent } from '../../../shared/events.js';
import { resolveArgs } from '../../../shared/manifest/args.js';
import { DEFAULT_EXT } from '../../../shared/manifest/constants.js';
import type { Manifest } from '../../../shared/manifest/schema.js';
import { isInvokeResponse, RUNTIME_ERRORS, type InvokeRequest, type InvokeResponse } from '../../../shared/protocol.js';
import type { RunRecord, VersionRecord } from '../../../shared/records.js';
import { nearest } from '../../../shared/text/nearest.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Packager } from '../packager/packager.js';
import { currentProcess } from '../process-identity.js';
import { containerName } from '../catalog/containers.js';
import {
  AlgorithmContainer,
  CONTAINER_WORK_ROOT,
  ORPHAN_FILTER,
  ownedByDeadProcess,
  RUNTIME_PORT,
} from './container.js';
import { sweepDeadOwners } from './orphan-sweep.js';
import { request } from './http-client.js';
import { decideGpu } from './gpu.js';

/** What the runner needs of the engine connection. */
export interface EngineHandle {
  docker: Dockerode;
  local: boolean;
  isPodman: boolean;
}

export interface RunnerDeps {
  catalog: Catalog;
  packager: Packager;
  home: string;
  engine: () => Promise<EngineHandle>;
  /** Lists containers over plain HTTP, without loading dockerode; undefined: not possible here. */
  quickLister?: () => Promise<ContainerLister | undefined>;
}

/** The one engine call the warm path needs; dockerode and the raw HTTP client both answer it. */
export interface ContainerLister {
  listContainers(opts: { all?: boolean; filters?: string }): Promise<ServedCandidate[]>;
}

/** The fields of a container list entry that finding a served container reads. */
interface ServedCandidate {
  Id: string;
  State?: string;
  Labels: Record<string, string>;
  Ports: { PrivatePort: number; PublicPort?: number }[];
}

export interface RunOptions {
  target: string;
  inputs: Record<string, string>;
  args: Record<string, unknown>;
  /** Where outputs are copied; by default KILN_HOME/outputs/<run id>, the id every front door shows. */
  outDir?: string;
  gpu?: string;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent | BuildEvent) => void;
}

export interface RunResult {
  run: RunRecord;
  response: InvokeResponse;
  outputs: Array<{ key: string; path: string; size: number; sha256: string }>;
  timings: Record<string, number>;
}

export function newId(prefix: string): string {
  const d = new Date();
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${prefix}${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${randomBytes(3).toString('hex')}`;
}

export class Runner {
  constructor(private readonly deps: RunnerDeps) {}

  /** A folder builds (no-op when unchanged); name[:version] looks up the catalog. */
  async resolveTarget(target: string, opts: Pick<RunOptions, 'signal' | 'onEvent'>): Promise<VersionRecord> {
    if (existsSync(target) && (await stat(target)).isDirectory()) {
      const built = await this.deps.packager.build({
        folder: target,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      });
      return built.version;
    }
    const [name, version] = splitRef(target);
    const found = this.deps.catalog.getVersion(name, version);
    if (found) return found;
    if (!this.deps.catalog.getAlgorithm(name)) {
      const known = this.deps.catalog.listAlgorithms().map((a) => a.name);
      const s = nearest(name, known);
      const suggestion = s ? ref('manifest.didYouMean', { suggestion: s }) : '';
      throw known.length
        ? KilnError.of('NOT_FOUND', 'run.unknownTarget', { target, suggestion, known: known.join(', ') })
        : KilnError.of('NOT_FOUND', 'run.unknownTargetNone', { target, suggestion });
    }
    throw KilnError.of('NOT_FOUND', 'run.noVersion', { name, version: String(version) });
  }

  /**
   * A served, ready container of this version, found without dockerode, when nothing needs the
   * full client: no container of a dead owner on the engine and none in the catalog's ledger (the
   * sweep that `run` does would remove them). Undefined sends the caller down the full path.
   */
  private async quickWarm(version: VersionRecord): Promise<ServedContainer | undefined> {
    const lister = await this.deps.quickLister?.();
    if (!lister) return undefined;
    try {
      // One list: every Kiln container is labelled kiln.managed, the served one included.
      const managed = await lister.listContainers({ all: true, filters: ORPHAN_FILTER });
      if (managed.some(ownedByDeadProcess) || this.deps.catalog.containers.orphans().length) return undefined;
      return await firstReady(
        managed.filter(
          (c) =>
            c.State === 'running' &&
            c.Labels['kiln.role'] === 'serve' &&
            c.Labels['kiln.name'] === version.algorithm &&
            c.Labels['kiln.version'] === version.version,
        ),
      );
    } catch {
      return undefined; // the full path connects and puts any failure into words
    }
  }

  async run(opts: RunOptions): Promise<RunResult> {
    const t0 = Date.now();
    const emit = opts.onEvent ?? ((): void => undefined);
    const timings: Record<string, number> = {};
    const version = await this.resolveTarget(opts.target, opts);
    timings['resolve'] = Date.now() - t0;
    const manifest = version.manifest;
    const inputs = await checkInputs(manifest, opts.inputs);
    const argsResult = resolveArgs(manifest.args, opts.args);
    if (!argsResult.ok) {
      throw KilnError.of('BAD_ARGUMENT', 'run.badArgs', {
        problems: argsResult.problems.map((p) => ref(p.messageId, p.params)),
        file: `${version.sourcePath}/kiln.yaml`,
      });
    }
    // The warm path from the CLI: a served container found over plain HTTP, and no dead owner's
    // container to sweep, needs no engine client (loading dockerode costs more than the call).
    const quick = await this.quickWarm(version);
    const engine = quick ? undefined : await this.deps.engine();
    const runId = newId('r');
    const outDir = opts.outDir ? path.resolve(opts.outDir) : runOutputDir(this.deps.home, runId);
    const algorithm = this.deps.catalog.getAlgorithm(version.algorithm)!;

    // Three independent engine round trips, side by side; the GPU answer only counts for a cold start.
    const [, warm, decided] = engine
      ? await Promise.all([
          sweepDeadOwners(this.deps.catalog.containers, async () => engine.docker, { full: true }),
          findServed(engine.docker, version),
          decideGpu(engine.docker, manifest.gpu, opts.gpu ?? 'auto', engine).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          ),
        ])
      : [undefined, quick, { error: undefined }];
    if (!warm && 'error' in decided) throw decided.error;
    // A warm call's output is in the serve log; a cold run writes a log of its own.
    const logPath = warm?.logPath ?? path.join(this.deps.home, 'logs', 'runs', `${runId}.log`);
    const gpu = warm || !('value' in decided) ? { deviceRequests: [], label: 'as served' } : decided.value;
    this.deps.catalog.startRun({
      id: runId,
      algorithmId: algorithm.id,
      versionId: version.id,
      args: argsResult.values,
      inputs: inputs.map((i) => ({ key: i.key, path: i.path, sha256: i.sha256 })),
      outDir,
      gpu: gpu.label,
      logPath,
      owner: currentProcess(),
    });

    let container: AlgorithmContainer | undefined;
    let workRoot: string;
    let url: string;
    let callDir: string | undefined;
    try {
      if (warm) {
        url = warm.url;
        workRoot = warm.workRoot;
        emit({ type: 'run.reusing', url });
        this.deps.catalog.setRunContainer(runId, warm.id, true);
      } else {
        emit({ type: 'run.starting', image: version.tag, gpu: gpu.label });
        const tStart = Date.now();
        workRoot = path.join(this.deps.home, 'work', runId);
        const ledger = this.deps.catalog.containers;
        const name = containerName(version.algorithm, runId);
        ledger.record({
          name,
          role: 'run',
          algorithm: version.algorithm,
          version: version.version,
          runId,
          workRoot,
          owner: currentProcess(),
        });
        container = await AlgorithmContainer.start(engine!.docker, {
          containerName: name,
          onRemoved: () => ledger.removed(name),
          image: version.tag,
          name: version.algorithm,
          version: version.version,
          manifest,
          workRoot,
          role: 'run',
          deviceRequests: gpu.deviceRequests,
          logPath,
          labels: { 'kiln.run-id': runId },
          onLog: (line) => emit({ type: 'run.log', line }),
        });
        timings['containerStart'] = Date.now() - tStart;
        this.deps.catalog.setRunContainer(runId, container.id, false);
        const tReady = Date.now();
        const ready = await container.waitReady({
          timeoutMs: Math.max(120_000, manifest.timeout * 1000),
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        timings['ready'] = Date.now() - tReady;
        if (ready.setupMs !== null) timings['setup'] = Math.round(ready.setupMs);
        url = container.url;
        emit({ type: 'run.ready', url, setupMs: ready.setupMs });
      }

      const callId = `${runId}-c1`;
      callDir = path.join(workRoot, callId);
      const req = await stageInputs(callDir, callId, inputs, argsResult.values);
      emit({ type: 'run.calling', callId });
      const tCall = Date.now();
      const response = await invoke(url, req, callId, manifest.timeout, container, opts.signal);
      timings['call'] = Date.now() - tCall;
      emit({ type: 'run.done', errorCode: response.error_code, elapsedMs: timings['call'] });
      if (response.error_code !== 0) {
        await container?.drainLogs(500);
        throw KilnError.of(
          'ALGORITHM_FAILED',
          'run.algorithmFailed',
          { code: response.error_code, detail: response.error_msg ?? '', log: logPath },
          { errorCode: response.error_code, errorMsg: response.error_msg },
        );
      }
      const tCollect = Date.now();
      const outputs = await collectOutputs(manifest, callDir, response, outDir);
      timings['collect'] = Date.now() - tCollect;
      timings['total'] = Date.now() - t0;
      this.deps.catalog.finishRun(runId, { status: 'succeeded', outputs, timings });
      return { run: this.deps.catalog.getRun(runId)!, response, outputs, timings };
    } catch (err) {
      const e = toRunError(err, opts.signal, container);
      if (container) await container.drainLogs(500);
      const stderrTail = (e.details?.['stderrTail'] as string | undefined) ?? container?.logTail() ?? '';
      timings['total'] = Date.now() - t0;
      const errorCode = typeof e.details?.['errorCode'] === 'number' ? e.details['errorCode'] : undefined;
      this.deps.catalog.finishRun(runId, {
        status: e.code === 'CANCELLED' ? 'cancelled' : 'failed',
        ...(errorCode !== undefined ? { errorCode } : {}),
        errorMessage: e.message,
        ...(e.messageId ? { errorMessageId: e.messageId } : {}),
        ...(e.params ? { errorParams: e.params } : {}),
        stderrTail,
        timings,
      });
      const wrapped = new KilnError(e.code, e.message, e.hint ?? `Run log: ${logPath}`, {
        ...e.details,
        runId,
        logPath,
        stderrTail,
      });
      // The UI's language: the same message, and the run log as the hint when the error had none.
      if (e.messageId && e.hint === undefined) {
        wrapped.messageId = 'run.withLog';
        wrapped.params = { problem: ref(e.messageId, e.params), log: logPath };
      } else {
        wrapped.messageId = e.messageId;
        wrapped.params = e.params;
      }
      throw wrapped;
    } finally {
      if (container) {
        await container.remove();
        await container.removeWorkRoot();
      } else if (callDir) {
        await rm(callDir, { recursive: true, force: true }).catch(() => undefined);
      }
    }
  }
}

/** The folder a run's outputs go to unless the caller names one: named after the run id. */
export function runOutputDir(home: string, runId: string): string {
  return path.join(home, 'outputs', runId);
}

export function splitRef(ref: string): [string, string | undefined] {
  const i = ref.indexOf(':');
  return i < 0 ? [ref, undefined] : [ref.slice(0, i), ref.slice(i + 1) || undefined];
}

interface CheckedInput {
  key: string;
  path: string;
  sha256: string;
}

async function checkInputs(manifest: Manifest, given: Record<string, string>): Promise<CheckedInput[]> {
  const declared = Object.keys(manifest.inputs);
  const out: CheckedInput[] = [];
  for (const [key, p] of Object.entries(given)) {
    if (!(key in manifest.inputs)) {
      const s = nearest(key, declared);
      const suggestion = s ? ref('manifest.didYouMean', { suggestion: s }) : '';
      throw declared.length
        ? KilnError.of('BAD_ARGUMENT', 'run.unknownInput', { key, suggestion, declared: declared.join(', ') })
        : KilnError.of('BAD_ARGUMENT', 'run.unknownInputNone', { key, suggestion });
    }
    const abs = path.resolve(p);
    const st = await stat(abs).catch(() => null);
    if (!st) throw KilnError.of('BAD_INPUT', 'run.inputMissing', { key, path: p });
    if (!st.isFile()) throw KilnError.of('BAD_INPUT', 'run.inputNotFile', { key, path: p });
    out.push({ key, path: abs, sha256: await sha256File(abs) });
  }
  for (const [key, spec] of Object.entries(manifest.inputs)) {
    if (spec.required && !(key in given)) {
      throw KilnError.of('BAD_ARGUMENT', 'run.missingInput', { key, type: spec.type });
    }
  }
  return out;
}

async function sha256File(p: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(p)) h.update(c as Buffer);
  return h.digest('hex');
}

async function stageInputs(
  callDir: string,
  callId: string,
  inputs: CheckedInput[],
  args: Record<string, unknown>,
): Promise<InvokeRequest> {
  await mkdir(path.join(callDir, 'in'), { recursive: true });
  const files = [];
  for (const input of inputs) {
    const name = `${input.key}${path.extname(input.path)}`;
    const dest = path.join(callDir, 'in', name);
    // A hard link is instant for big videos; copy when across filesystems.
    await link(input.path, dest).catch(() => copyFile(input.path, dest));
    files.push({ key: input.key, local_path: `in/${name}`, remote_url: '' });
  }
  return { work_path: `${CONTAINER_WORK_ROOT}/${callId}`, input_files: files, arg_map: args };
}

async function invoke(
  url: string,
  req: InvokeRequest,
  callId: string,
  timeoutSec: number,
  container: AlgorithmContainer | undefined,
  signal: AbortSignal | undefined,
): Promise<InvokeResponse> {
  const deadline = Date.now() + (timeoutSec + 30) * 1000;
  for (;;) {
    const call = request(`${url}/invoke`, {
      method: 'POST',
      body: JSON.stringify(req),
      headers: { 'x-kiln-call-id': callId },
      timeoutMs: (timeoutSec + 30) * 1000,
      ...(signal ? { signal } : {}),
    });
    const exited = container
      ? container.exited.then((e) => {
          throw KilnError.of(
            'ALGORITHM_FAILED',
            'run.exitedNoResponse',
            { status: e.statusCode },
            { errorCode: e.statusCode === 0 ? RUNTIME_ERRORS.INVALID_RESPONSE : RUNTIME_ERRORS.CRASHED },
          );
        })
      : new Promise<never>(() => undefined);
    let res;
    try {
      res = await Promise.race([call, exited]);
    } catch (err) {
      // The connection may drop a moment before the engine reports the exit: prefer the exit.
      if (container && !(err instanceof KilnError)) {
        const exit = await Promise.race([container.exited, new Promise((r) => setTimeout(r, 1500, undefined))]);
        if (exit) return Promise.race([exited, Promise.reject(err)]);
      }
      throw err;
    }
    if (res.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100)); // a served container busy with someone else's call
      continue;
    }
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      throw KilnError.of(
        'ALGORITHM_FAILED',
        'run.notJson',
        { status: res.status },
        { errorCode: RUNTIME_ERRORS.INVALID_RESPONSE },
      );
    }
    if (!isInvokeResponse(body)) {
      throw KilnError.of('ALGORITHM_FAILED', 'run.noErrorCode', undefined, {
        errorCode: RUNTIME_ERRORS.INVALID_RESPONSE,
      });
    }
    return body;
  }
}

async function collectOutputs(
  manifest: Manifest,
  callDir: string,
  response: InvokeResponse,
  outDir: string,
): Promise<Array<{ key: string; path: string; size: number; sha256: string }>> {
  await mkdir(outDir, { recursive: true });
  const realCall = await realpath(callDir);
  const out = [];
  for (const f of response.output_files ?? []) {
    if (f.form !== 'LocalPath') continue;
    const rel = f.body.startsWith(`${CONTAINER_WORK_ROOT}/`)
      ? path.posix.relative(`${CONTAINER_WORK_ROOT}/${path.basename(callDir)}`, f.body)
      : f.body;
    const src = await realpath(path.join(callDir, rel)).catch(() => null);
    if (!src || !(src + path.sep).startsWith(realCall + path.sep)) {
      throw KilnError.of(
        'ALGORITHM_FAILED',
        'run.outputOutside',
        { key: f.key, body: f.body },
        { errorCode: RUNTIME_ERRORS.OUTPUT_OUTSIDE_WORK_PATH },
      );
    }
    const spec = manifest.outputs[f.key];
    const ext = path.extname(src) || (spec ? (spec.ext ?? DEFAULT_EXT[spec.type]) : '');
    const dest = path.join(outDir, `${f.key}${ext}`);
    await copyFile(src, dest);
    const st = await stat(dest);
    out.push({ key: f.key, path: dest, size: st.size, sha256: await sha256File(dest) });
  }
  return out;
}

interface ServedContainer {
  id: string;
  url: string;
  workRoot: string;
  /** The serve log, where a warm call's output lands (labelled by serveVersion). */
  logPath?: string;
}

export async function findServed(
  docker: ContainerLister,
  version: VersionRecord,
): Promise<ServedContainer | undefined> {
  const list = await docker.listContainers({
    filters: JSON.stringify({
      label: ['kiln.role=serve', `kiln.name=${version.algorithm}`, `kiln.version=${version.version}`],
      status: ['running'],
    }),
  });
  return firstReady(list);
}

/** The first of these served containers whose runtime answers /readyz, with its URL and work root. */
async function firstReady(list: ServedCandidate[]): Promise<ServedContainer | undefined> {
  for (const c of list) {
    const port = c.Ports.find((p) => p.PrivatePort === RUNTIME_PORT && p.PublicPort);
    const workRoot = c.Labels['kiln.work-root'];
    if (!port || !workRoot || !existsSync(workRoot)) continue;
    const url = `http://127.0.0.1:${port.PublicPort}`;
    const ready = await request(`${url}/readyz`, { timeoutMs: 1000 }).catch(() => null);
    const logPath = c.Labels['kiln.log-path'];
    if (ready?.status === 200) return { id: c.Id, url, workRoot, ...(logPath ? { logPath } : {}) };
  }
  return undefined;
}

function toRunError(
  err: unknown,
  signal: AbortSignal | undefined,
  container: AlgorithmContainer | undefined,
): KilnError {
  if (signal?.aborted) return KilnError.of('CANCELLED', 'run.cancelled');
  if (err instanceof KilnError) {
    if (err.code === 'ALGORITHM_FAILED' && container && !err.details?.['stderrTail']) {
      const out = new KilnError(err.code, err.message, err.hint, { ...err.details, stderrTail: container.logTail() });
      out.messageId = err.messageId;
      out.params = err.params;
      return out;
    }
    return err;
  }
  const e = err as { message?: string; code?: string; json?: { message?: string } };
  if (e.code === 'ETIMEDOUT')
    return KilnError.of('ALGORITHM_FAILED', 'run.noAnswerInTime', undefined, {
      errorCode: RUNTIME_ERRORS.TIMEOUT,
    });
  if (e.code === 'ECONNRESET' || e.code === 'ECONNREFUSED' || e.code === 'EPIPE') {
    return KilnError.of(
      'ALGORITHM_FAILED',
      'run.connectionDropped',
      { code: e.code },
      {
        errorCode: RUNTIME_ERRORS.CRASHED,
      },
    );
  }
  const msg = (e.json?.message ?? e.message ?? String(err)).split('\n')[0]!;
  return new KilnError('ENGINE_ERROR', msg);
}
