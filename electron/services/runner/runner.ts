// Runs a version: starts a container (or reuses a served, warm one), sends one invocation
// with the inputs in a per-call work folder, collects outputs, records everything.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, link, mkdir, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
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
import { AlgorithmContainer, CONTAINER_WORK_ROOT, RUNTIME_PORT, sweepOrphans } from './container.js';
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
}

export interface RunOptions {
  target: string;
  inputs: Record<string, string>;
  args: Record<string, unknown>;
  outDir: string;
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
      throw new KilnError(
        'NOT_FOUND',
        `"${target}" is neither a folder nor a known algorithm${s ? ` (did you mean "${s}"?)` : ''}`,
        known.length ? `Known algorithms: ${known.join(', ')}` : 'Build one first: kiln build <folder>',
      );
    }
    throw new KilnError('NOT_FOUND', `${name} has no version "${version}"`, `List them with: kiln images ${name}`);
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
      throw new KilnError(
        'BAD_ARGUMENT',
        argsResult.problems.map((p) => p.message).join('; '),
        `See the args in ${version.sourcePath}/kiln.yaml`,
      );
    }
    const engine = await this.deps.engine();
    const docker = engine.docker;
    const outDir = path.resolve(opts.outDir);
    const runId = newId('r');
    const logPath = path.join(this.deps.home, 'logs', 'runs', `${runId}.log`);
    const algorithm = this.deps.catalog.getAlgorithm(version.algorithm)!;

    // Three independent engine round trips, side by side; the GPU answer only counts for a cold start.
    const gpuDecision = decideGpu(docker, manifest.gpu, opts.gpu ?? 'auto', engine).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const [, warm, decided] = await Promise.all([sweepOrphans(docker), findServed(docker, version), gpuDecision]);
    if (!warm && 'error' in decided) throw decided.error;
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
        container = await AlgorithmContainer.start(docker, {
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
        throw new KilnError(
          'ALGORITHM_FAILED',
          `the algorithm failed with error ${response.error_code}: ${response.error_msg}`,
          `Run log: ${logPath}`,
          {
            errorCode: response.error_code,
            errorMsg: response.error_msg,
          },
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
      const errorCode = typeof e.details?.['errorCode'] === 'number' ? (e.details['errorCode'] as number) : undefined;
      this.deps.catalog.finishRun(runId, {
        status: e.code === 'CANCELLED' ? 'cancelled' : 'failed',
        ...(errorCode !== undefined ? { errorCode } : {}),
        errorMessage: e.message,
        stderrTail,
        timings,
      });
      throw new KilnError(e.code, e.message, e.hint ?? `Run log: ${logPath}`, {
        ...e.details,
        runId,
        logPath,
        stderrTail,
      });
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
      throw new KilnError(
        'BAD_ARGUMENT',
        `unknown input "${key}"${s ? ` (did you mean "${s}"?)` : ''}`,
        declared.length ? `This algorithm takes: ${declared.join(', ')}` : 'This algorithm takes no inputs.',
      );
    }
    const abs = path.resolve(p);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new KilnError('BAD_INPUT', `input ${key}: ${p} does not exist`);
    if (!st.isFile()) throw new KilnError('BAD_INPUT', `input ${key}: ${p} is not a file`);
    out.push({ key, path: abs, sha256: await sha256File(abs) });
  }
  for (const [key, spec] of Object.entries(manifest.inputs)) {
    if (spec.required && !(key in given)) {
      throw new KilnError(
        'BAD_ARGUMENT',
        `missing required input "${key}" (${spec.type})`,
        `Pass it with --input ${key}=path/to/file`,
      );
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
          throw new KilnError(
            'ALGORITHM_FAILED',
            `the algorithm exited with status ${e.statusCode} without a response`,
            undefined,
            {
              errorCode: e.statusCode === 0 ? RUNTIME_ERRORS.INVALID_RESPONSE : RUNTIME_ERRORS.CRASHED,
            },
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
      throw new KilnError(
        'ALGORITHM_FAILED',
        `the runtime answered HTTP ${res.status} with something that is not JSON`,
        undefined,
        {
          errorCode: RUNTIME_ERRORS.INVALID_RESPONSE,
        },
      );
    }
    if (!isInvokeResponse(body)) {
      throw new KilnError('ALGORITHM_FAILED', 'the runtime answered without an error_code', undefined, {
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
      throw new KilnError(
        'ALGORITHM_FAILED',
        `output ${f.key} (${f.body}) is outside the call's work folder or missing`,
        undefined,
        {
          errorCode: RUNTIME_ERRORS.OUTPUT_OUTSIDE_WORK_PATH,
        },
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
}

export async function findServed(docker: Dockerode, version: VersionRecord): Promise<ServedContainer | undefined> {
  const list = await docker.listContainers({
    filters: JSON.stringify({
      label: ['kiln.role=serve', `kiln.name=${version.algorithm}`, `kiln.version=${version.version}`],
      status: ['running'],
    }),
  } as Dockerode.ContainerListOptions);
  for (const c of list) {
    const port = c.Ports.find((p) => p.PrivatePort === RUNTIME_PORT && p.PublicPort);
    const workRoot = c.Labels['kiln.work-root'];
    if (!port || !workRoot || !existsSync(workRoot)) continue;
    const url = `http://127.0.0.1:${port.PublicPort}`;
    const ready = await request(`${url}/readyz`, { timeoutMs: 1000 }).catch(() => null);
    if (ready?.status === 200) return { id: c.Id, url, workRoot };
  }
  return undefined;
}

function toRunError(
  err: unknown,
  signal: AbortSignal | undefined,
  container: AlgorithmContainer | undefined,
): KilnError {
  if (signal?.aborted) return new KilnError('CANCELLED', 'the run was cancelled');
  if (err instanceof KilnError) {
    if (err.code === 'ALGORITHM_FAILED' && container && !err.details?.['stderrTail']) {
      return new KilnError(err.code, err.message, err.hint, { ...err.details, stderrTail: container.logTail() });
    }
    return err;
  }
  const e = err as { message?: string; code?: string; json?: { message?: string } };
  if (e.code === 'ETIMEDOUT')
    return new KilnError('ALGORITHM_FAILED', 'the call got no answer in time', undefined, {
      errorCode: RUNTIME_ERRORS.TIMEOUT,
    });
  if (e.code === 'ECONNRESET' || e.code === 'ECONNREFUSED' || e.code === 'EPIPE') {
    return new KilnError('ALGORITHM_FAILED', `the connection to the algorithm dropped (${e.code})`, undefined, {
      errorCode: RUNTIME_ERRORS.CRASHED,
    });
  }
  const msg = (e.json?.message ?? e.message ?? String(err)).split('\n')[0]!;
  return new KilnError('ENGINE_ERROR', msg);
}
