// `kiln serve`: one warm container that keeps the model loaded; `kiln run` finds and reuses it.
import path from 'node:path';
import type { EngineHandle } from './runner.js';
import type { RunEvent } from '../../../shared/events.js';
import type { VersionRecord } from '../../../shared/records.js';
import { containerName, type ContainerLedger } from '../catalog/containers.js';
import { currentProcess } from '../process-identity.js';
import { AlgorithmContainer, sweepOrphans } from './container.js';
import { sweepDeadOwners } from './orphan-sweep.js';
import { decideGpu } from './gpu.js';
import { newId } from './runner.js';

export interface ServeOptions {
  version: VersionRecord;
  home: string;
  gpu?: string;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  /** The catalog's container rows: a killed `kiln serve` is then swept by the next command of any kind. */
  ledger?: ContainerLedger;
}

export interface ServeHandle {
  url: string;
  container: AlgorithmContainer;
  setupMs: number | null;
  logPath: string;
  stop(): Promise<void>;
}

export async function serveVersion(engine: EngineHandle, opts: ServeOptions): Promise<ServeHandle> {
  const docker = engine.docker;
  const emit = opts.onEvent ?? ((): void => undefined);
  const id = newId('s');
  const logPath = path.join(opts.home, 'logs', 'serve', `${id}.log`);
  if (opts.ledger) await sweepDeadOwners(opts.ledger, async () => docker, { full: true });
  else await sweepOrphans(docker);
  const name = containerName(opts.version.algorithm, id);
  const workRoot = path.join(opts.home, 'work', id);
  opts.ledger?.record({
    name,
    role: 'serve',
    algorithm: opts.version.algorithm,
    version: opts.version.version,
    workRoot,
    owner: currentProcess(),
  });
  const gpu = await decideGpu(docker, opts.version.manifest.gpu, opts.gpu ?? 'auto', engine);
  emit({ type: 'run.starting', image: opts.version.tag, gpu: gpu.label });
  const container = await AlgorithmContainer.start(docker, {
    image: opts.version.tag,
    name: opts.version.algorithm,
    version: opts.version.version,
    manifest: opts.version.manifest,
    workRoot,
    role: 'serve',
    containerName: name,
    onRemoved: () => opts.ledger?.removed(name),
    deviceRequests: gpu.deviceRequests,
    logPath,
    // A warm call's output lands in this log: runs that reuse the container point at it.
    labels: { 'kiln.serve-id': id, 'kiln.log-path': logPath },
    onLog: (line) => emit({ type: 'run.log', line }),
  });
  try {
    const ready = await container.waitReady({
      timeoutMs: Math.max(120_000, opts.version.manifest.timeout * 1000),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    emit({ type: 'run.ready', url: container.url, setupMs: ready.setupMs });
    let stopped = false;
    return {
      url: container.url,
      container,
      setupMs: ready.setupMs,
      logPath,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await container.remove();
        await container.removeWorkRoot();
      },
    };
  } catch (err) {
    await container.remove();
    await container.removeWorkRoot();
    throw err;
  }
}
