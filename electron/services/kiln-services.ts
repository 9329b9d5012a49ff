// The application core, wired once. Every front door (CLI, IPC, web bridge) uses this object;
// heavy parts (the engine connection, SQLite) open lazily on first use.
import { existsSync } from 'node:fs';
import type Dockerode from 'dockerode';
import { Catalog } from './catalog/catalog.js';
import { connectEngine, type EngineConnection } from './engine/connect.js';
import { Packager } from './packager/packager.js';
import { kilnHome } from './paths.js';
import { Runner } from './runner/runner.js';
import { sweepDeadOwners, type SweepResult } from './runner/orphan-sweep.js';
import { VersionAdmin } from './packager/version-admin.js';
import { AlgorithmAdmin } from './algorithm-admin.js';
import { WarmPool } from './runner/warm-pool.js';
import { serveVersion } from './runner/serve.js';

export interface ServicesOptions {
  home?: string;
  /** Engine endpoint such as unix:///var/run/docker.sock; discovery when unset. */
  endpoint?: string;
}

export class KilnServices {
  readonly home: string;
  private catalogInstance: Catalog | undefined;
  private engineInstance: Promise<EngineConnection> | undefined;
  private packagerInstance: Packager | undefined;
  private runnerInstance: Runner | undefined;
  private versionsInstance: VersionAdmin | undefined;
  private algorithmsInstance: AlgorithmAdmin | undefined;
  private warmInstance: WarmPool | undefined;

  private readonly opts: ServicesOptions;

  constructor(opts: ServicesOptions = {}) {
    this.opts = { ...opts };
    this.home = this.opts.home ?? kilnHome();
  }

  /** A new engine address (from settings): the next call connects there. */
  setEndpoint(endpoint: string | undefined): void {
    const next = endpoint || undefined;
    if (next === this.opts.endpoint) return;
    this.opts.endpoint = next;
    this.engineInstance = undefined;
  }

  get endpoint(): string | undefined {
    return this.opts.endpoint;
  }

  /** A run's output file, only as recorded in the catalog (never an arbitrary path). */
  async outputFile(runId: string, key: string): Promise<{ path: string; contentType: string } | null> {
    const run = this.catalog.getRun(runId);
    const out = run?.outputs?.find((o) => o.key === key);
    if (!out) return null;
    return { path: out.path, contentType: contentTypeFor(out.path) };
  }

  /** What "Show in folder" reveals: a recorded output that still exists, else the run's output folder. */
  async runItemPath(runId: string, key: string | undefined): Promise<string | null> {
    const run = this.catalog.getRun(runId);
    if (!run) return null;
    const file = key ? run.outputs?.find((o) => o.key === key) : run.outputs?.[0];
    if (file && existsSync(file.path)) return file.path;
    return run.outDir && existsSync(run.outDir) ? run.outDir : null;
  }

  /** A run's input file, only as recorded in the catalog (for the history's thumbnails). */
  async inputFile(runId: string, key: string): Promise<{ path: string; contentType: string } | null> {
    const input = this.catalog.getRun(runId)?.inputs.find((i) => i.key === key);
    return input ? { path: input.path, contentType: contentTypeFor(input.path) } : null;
  }

  get catalog(): Catalog {
    return (this.catalogInstance ??= Catalog.open(this.home));
  }

  engine(): Promise<EngineConnection> {
    if (!this.engineInstance) {
      const connecting = connectEngine(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {});
      // A failed connection is not cached: the next call tries again (the engine may come back).
      connecting.catch(() => {
        if (this.engineInstance === connecting) this.engineInstance = undefined;
      });
      this.engineInstance = connecting;
      return connecting;
    }
    return this.engineInstance;
  }

  readonly docker = async (): Promise<Dockerode> => (await this.engine()).docker;

  get packager(): Packager {
    return (this.packagerInstance ??= new Packager({
      catalog: this.catalog,
      home: this.home,
      docker: this.docker,
      quickImageExists: async (ref) => {
        if (this.engineInstance) return undefined; // connected already: the client is as fast
        const { quickImageExists } = await import('./engine/quick-image-check.js');
        return quickImageExists(ref, this.opts.endpoint ? { endpoint: this.opts.endpoint } : {});
      },
      rawEngine: async () => {
        if (this.engineInstance) return undefined; // connected already: use that client
        const { rawEngine } = await import('./engine/raw-engine.js');
        return rawEngine(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {});
      },
    }));
  }

  get runner(): Runner {
    return (this.runnerInstance ??= new Runner({
      catalog: this.catalog,
      packager: this.packager,
      home: this.home,
      engine: () => this.engine(),
      quickLister: async () => {
        if (this.engineInstance) return undefined; // connected already: use that client
        const { rawEngine } = await import('./engine/raw-engine.js');
        // No ping first: a list that fails makes the run take the full path (Runner.quickWarm).
        return rawEngine({ ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}), ping: false });
      },
    }));
  }

  /** The app's "Keep warm" containers: at most one served container per algorithm. */
  get warm(): WarmPool {
    return (this.warmInstance ??= new WarmPool({
      home: this.home,
      engine: () => this.engine(),
      // With the catalog's container rows: a Keep-warm container blocks removing its version, and
      // one left by a killed app is swept by the next kiln command of any kind.
      serve: (engine, opts) => serveVersion(engine, { ...opts, ledger: this.catalog.containers }),
    }));
  }

  /** Stops and removes every container kept warm by this process (before it exits). */
  async stopWarm(): Promise<void> {
    await this.warmInstance?.stopAll();
  }

  /** Image states, `kiln images rm` and `kiln prune`. */
  get versions(): VersionAdmin {
    return (this.versionsInstance ??= new VersionAdmin({ catalog: this.catalog, docker: this.docker }));
  }

  /** Rename and remove algorithms. */
  get algorithms(): AlgorithmAdmin {
    return (this.algorithmsInstance ??= new AlgorithmAdmin({ catalog: this.catalog, versions: this.versions }));
  }

  /**
   * Removes the containers of kiln processes that died. Asks the catalog first and the engine
   * only when a row has a dead owner, or with `full` (the app and `kiln ui` starting).
   */
  sweepOrphans(opts: { full?: boolean } = {}): Promise<SweepResult> {
    return sweepDeadOwners(this.catalog.containers, this.docker, opts);
  }

  close(): void {
    this.catalogInstance?.close();
    this.catalogInstance = undefined;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.pgm': 'image/x-portable-graymap',
  '.ppm': 'image/x-portable-pixmap',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
