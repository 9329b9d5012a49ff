// One algorithm container: created from a version, its runtime port published on 127.0.0.1
// with a free host port, a host work folder mounted at /kiln/work, logs streamed to a file.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
import type { Manifest } from '../../../shared/manifest/schema.js';
import { request } from './http-client.js';
import { currentProcess, isAlive } from '../process-identity.js';

export const RUNTIME_PORT = 8080;
export const CONTAINER_WORK_ROOT = '/kiln/work';

export interface ContainerSpec {
  image: string;
  name: string;
  version: string;
  manifest: Manifest;
  workRoot: string;
  role: 'run' | 'serve';
  deviceRequests: Dockerode.DeviceRequest[];
  logPath: string;
  labels?: Record<string, string>;
  onLog?: (line: string) => void;
  /** The readable container name (kiln-<algorithm>-<id>, see catalog/containers.ts). */
  containerName?: string;
  /** Told once the container is gone (removed, or never created): the catalog closes its row. */
  onRemoved?: () => void;
}

export interface ContainerExit {
  statusCode: number;
}

export class AlgorithmContainer {
  readonly url: string;
  readonly exited: Promise<ContainerExit>;
  private readonly tail: string[] = [];
  private exitInfo: ContainerExit | undefined;

  private constructor(
    readonly container: Dockerode.Container,
    readonly hostPort: number,
    readonly workRoot: string,
    private readonly log: WriteStream,
    private readonly logsDone: Promise<void>,
    exited: Promise<ContainerExit>,
    private readonly onRemoved: (() => void) | undefined,
  ) {
    this.url = `http://127.0.0.1:${hostPort}`;
    this.exited = exited.then((e) => (this.exitInfo = e));
  }

  get id(): string {
    return this.container.id;
  }

  get exitStatus(): ContainerExit | undefined {
    return this.exitInfo;
  }

  /** The last lines the algorithm printed (stdout and stderr together). */
  logTail(lines = 40): string {
    return this.tail.slice(-lines).join('\n');
  }

  pushLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
  }

  static async start(docker: Dockerode, spec: ContainerSpec): Promise<AlgorithmContainer> {
    const owner = currentProcess();
    await mkdir(spec.workRoot, { recursive: true });
    await mkdir(path.dirname(spec.logPath), { recursive: true });
    const res = spec.manifest.resources;
    const user =
      process.platform === 'linux' && process.getuid && process.getuid() !== 0
        ? `${process.getuid()}:${process.getgid?.() ?? 0}`
        : undefined;
    const create: Dockerode.ContainerCreateOptions = {
      Image: spec.image,
      ...(user ? { User: user } : {}),
      Env: [`KILN_PORT=${RUNTIME_PORT}`],
      ExposedPorts: { [`${RUNTIME_PORT}/tcp`]: {} },
      Labels: {
        'kiln.managed': 'true',
        'kiln.role': spec.role,
        'kiln.name': spec.name,
        'kiln.version': spec.version,
        'kiln.work-root': spec.workRoot,
        'kiln.owner-pid': String(owner.pid),
        'kiln.owner-start': owner.start ?? '',
        'kiln.owner-host': hostname(),
        ...spec.labels,
      },
      HostConfig: {
        PortBindings: { [`${RUNTIME_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
        Binds: [`${spec.workRoot}:${CONTAINER_WORK_ROOT}`],
        ...(spec.deviceRequests.length ? { DeviceRequests: spec.deviceRequests } : {}),
        ...(res.cpus ? { NanoCpus: Math.round(res.cpus * 1e9) } : {}),
        ...(res.memory !== undefined ? { Memory: parseBytes(res.memory) } : {}),
        ...(res.shm_size !== undefined ? { ShmSize: parseBytes(res.shm_size) } : {}),
      },
    };
    let container: Dockerode.Container;
    try {
      container = await docker.createContainer(spec.containerName ? { ...create, name: spec.containerName } : create);
    } catch (err) {
      spec.onRemoved?.();
      throw err;
    }
    const log = createWriteStream(spec.logPath, { flags: 'a' });
    try {
      // Attach before start (as `docker run` does) so nothing printed during setup is lost.
      const raw = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      const out = new PassThrough();
      docker.modem.demuxStream(raw, out, out);
      raw.on('end', () => out.end());
      const exited = container
        .wait({ condition: 'next-exit' })
        .then((r: { StatusCode: number }) => ({ statusCode: r.StatusCode }));
      await container.start();
      const info = await container.inspect();
      const binding = info.NetworkSettings.Ports?.[`${RUNTIME_PORT}/tcp`]?.[0];
      if (!binding?.HostPort) throw KilnError.of('ENGINE_ERROR', 'run.noHostPort');
      let instance!: AlgorithmContainer;
      const logsDone = new Promise<void>((resolve) => {
        let partial = '';
        out.on('data', (chunk: Buffer) => {
          log.write(chunk);
          const lines = (partial + chunk.toString('utf8')).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            instance?.pushLine(line);
            spec.onLog?.(line);
          }
        });
        out.on('end', () => {
          if (partial) {
            instance?.pushLine(partial);
            spec.onLog?.(partial);
          }
          resolve();
        });
        out.on('error', () => resolve());
      });
      instance = new AlgorithmContainer(
        container,
        Number(binding.HostPort),
        spec.workRoot,
        log,
        logsDone,
        exited,
        spec.onRemoved,
      );
      return instance;
    } catch (err) {
      log.end();
      if (await removeContainer(container)) spec.onRemoved?.();
      throw err;
    }
  }

  /** Resolves when /readyz answers 200; rejects when the container exits first. */
  async waitReady(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<{ setupMs: number | null }> {
    const deadline = Date.now() + opts.timeoutMs;
    let delay = 10;
    for (;;) {
      if (opts.signal?.aborted) throw KilnError.of('CANCELLED', 'run.cancelledStarting');
      if (this.exitInfo) {
        await this.drainLogs();
        throw KilnError.of(
          'ALGORITHM_FAILED',
          'run.setupFailed',
          { status: this.exitInfo.statusCode },
          { errorCode: 1006, stderrTail: this.logTail() },
        );
      }
      try {
        const res = await request(`${this.url}/readyz`, { timeoutMs: 2000 });
        if (res.status === 200) {
          const body = JSON.parse(res.body) as { setup_ms?: number };
          return { setupMs: typeof body.setup_ms === 'number' ? body.setup_ms : null };
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw KilnError.of(
          'ALGORITHM_FAILED',
          'run.notReady',
          { seconds: Math.round(opts.timeoutMs / 1000) },
          {
            errorCode: 1003,
            stderrTail: this.logTail(),
          },
        );
      }
      await Promise.race([new Promise((r) => setTimeout(r, delay)), this.exited]);
      delay = Math.min(delay * 1.5, 50);
    }
  }

  async drainLogs(timeoutMs = 2000): Promise<void> {
    await Promise.race([this.logsDone, new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  async remove(): Promise<void> {
    if (await removeContainer(this.container)) this.onRemoved?.();
    await this.drainLogs(250);
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  async removeWorkRoot(): Promise<void> {
    await rm(this.workRoot, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Force-removes a container; true when it is gone (removed now, or already). */
export async function removeContainer(container: Dockerode.Container): Promise<boolean> {
  return container.remove({ force: true }).then(
    () => true,
    (err: unknown) => (err as { statusCode?: number }).statusCode === 404,
  );
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
};

export function parseBytes(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim());
  const unit = UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined) throw new KilnError('MANIFEST_INVALID', `cannot read the size "${v}"`);
  return Math.round(Number(m[1]) * unit);
}

/**
 * Containers (and their work folders) left by a kiln process that was killed (kill -9, a crash,
 * a closed terminal), found by their labels on the engine: run before Kiln starts a container and
 * when the app or `kiln ui` starts. Every other command asks the catalog first (orphan-sweep.ts).
 * Returns the names of the containers removed.
 */
export const ORPHAN_FILTER = JSON.stringify({ label: ['kiln.managed=true'] });

/** A container whose owning kiln process (on this host) is gone: sweepOrphans removes it. */
export function ownedByDeadProcess(c: { Labels: Record<string, string> }): boolean {
  // Only our own machine's processes can be checked: another host's (or another pid
  // namespace's) Kiln may share this engine, and its containers are not ours to judge.
  if (c.Labels['kiln.owner-host'] !== hostname()) return false;
  const pid = Number(c.Labels['kiln.owner-pid']);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return !isAlive({ pid, start: c.Labels['kiln.owner-start'] || null });
}

export async function sweepOrphans(docker: Dockerode): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: ORPHAN_FILTER,
  } as Dockerode.ContainerListOptions);
  const removed: string[] = [];
  for (const c of list) {
    if (!ownedByDeadProcess(c)) continue;
    if (!(await removeContainer(docker.getContainer(c.Id)))) continue;
    const workRoot = c.Labels['kiln.work-root'];
    if (workRoot) await rm(workRoot, { recursive: true, force: true }).catch(() => undefined);
    removed.push((c.Names?.[0] ?? c.Id).replace(/^\//, ''));
  }
  return removed;
}
