// `kiln serve`: one warm container that keeps the model loaded; `kiln run` finds and reuses it.
import path from 'node:path';
import type { EngineHandle } from './runner.js';
import type { RunEvent } from '../../../shared/events.js';
import type { VersionRecord } from '../../../shared/records.js';
import { AlgorithmContainer, sweepOrphans } from './container.js';
import { decideGpu } from './gpu.js';
import { newId } from './runner.js';

export interface ServeOptions {
  version: VersionRecord;
  home: string;
  gpu?: string;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
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
  await sweepOrphans(docker);
  const gpu = await decideGpu(docker, opts.version.manifest.gpu, opts.gpu ?? 'auto', engine);
  emit({ type: 'run.starting', image: opts.version.tag, gpu: gpu.label });
  const container = await AlgorithmContainer.start(docker, {
    image: opts.version.tag,
    name: opts.version.algorithm,
    version: opts.version.version,
    manifest: opts.version.manifest,
    workRoot: path.join(opts.home, 'work', id),
    role: 'serve',
    deviceRequests: gpu.deviceRequests,
    logPath,
    labels: { 'kiln.serve-id': id },
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
