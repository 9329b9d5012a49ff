// "Keep warm" in the app: at most one served container per algorithm, started as `kiln serve`
// starts one (setup runs once), found by `Runner.run` through its labels so every run of that
// version reuses it (`warm: true`). Stopped and removed when the UI turns it off, when another
// version is asked for, and when the process ends (stopAll); a process killed with -9 leaves it
// to the orphan sweep, which removes containers whose owning process is gone.
import type { ServedInfo } from '../../../shared/api.js';
import type { RunEvent } from '../../../shared/events.js';
import type { VersionRecord } from '../../../shared/records.js';
import type { EngineHandle } from './runner.js';
import { serveVersion, type ServeHandle } from './serve.js';

export type { ServedInfo };

interface Entry {
  info: ServedInfo;
  handle: ServeHandle;
}

export interface WarmStartOptions {
  gpu?: string;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
}

export type ServeFn = (engine: EngineHandle, opts: Parameters<typeof serveVersion>[1]) => Promise<ServeHandle>;

export class WarmPool {
  private readonly entries = new Map<string, Entry>();
  /** One start or stop at a time per algorithm: a second request waits for the first. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(private readonly deps: { home: string; engine: () => Promise<EngineHandle>; serve?: ServeFn }) {}

  /** The served container of an algorithm, or null (one that exited on its own is forgotten). */
  status(algorithm: string): ServedInfo | null {
    const e = this.entries.get(algorithm);
    if (!e) return null;
    if (e.handle.container.exitStatus) {
      this.entries.delete(algorithm);
      void e.handle.stop();
      return null;
    }
    return { ...e.info };
  }

  list(): ServedInfo[] {
    return [...this.entries.keys()].map((k) => this.status(k)).filter((s): s is ServedInfo => s !== null);
  }

  /** Serves `version`; the same version already served is returned as is, another one is replaced. */
  start(version: VersionRecord, opts: WarmStartOptions = {}): Promise<ServedInfo> {
    return this.exclusive(version.algorithm, async () => {
      const current = this.status(version.algorithm);
      if (current && current.version === version.version) return current;
      if (current) await this.stopNow(version.algorithm);
      if (this.closed) throw new Error('the warm pool is shut down');
      const serve = this.deps.serve ?? serveVersion;
      const handle = await serve(await this.deps.engine(), {
        version,
        home: this.deps.home,
        ...(opts.gpu ? { gpu: opts.gpu } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      });
      const info: ServedInfo = {
        algorithm: version.algorithm,
        version: version.version,
        url: handle.url,
        containerId: handle.container.id,
        setupMs: handle.setupMs,
        startedAt: new Date().toISOString(),
        logPath: handle.logPath,
      };
      const entry: Entry = { info, handle };
      this.entries.set(version.algorithm, entry);
      // Exited by itself (a crash, docker stop): forget it and clean up its work folder.
      void handle.container.exited.then(() => {
        if (this.entries.get(version.algorithm) === entry) this.entries.delete(version.algorithm);
        return handle.stop();
      });
      if (this.closed) {
        await this.stopNow(version.algorithm);
        throw new Error('the warm pool is shut down');
      }
      return { ...info };
    });
  }

  /** Stops and removes the algorithm's served container; false when none was served. */
  stop(algorithm: string): Promise<boolean> {
    return this.exclusive(algorithm, () => this.stopNow(algorithm));
  }

  /** Every served container stopped and removed (the process is ending). */
  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.keys()].map((k) => this.stopNow(k)));
  }

  private async stopNow(algorithm: string): Promise<boolean> {
    const e = this.entries.get(algorithm);
    if (!e) return false;
    this.entries.delete(algorithm);
    await e.handle.stop();
    return true;
  }

  private exclusive<T>(algorithm: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(algorithm) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(work);
    const settled = next.catch(() => undefined);
    this.locks.set(algorithm, settled);
    void settled.then(() => {
      if (this.locks.get(algorithm) === settled) this.locks.delete(algorithm);
    });
    return next;
  }
}
