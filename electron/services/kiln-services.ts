// The application core, wired once. Every front door (CLI, IPC, web bridge) uses this object;
// heavy parts (the engine connection, SQLite) open lazily on first use.
import type Dockerode from 'dockerode';
import { Catalog } from './catalog/catalog.js';
import { connectEngine, type EngineConnection } from './engine/connect.js';
import { Packager } from './packager/packager.js';
import { kilnHome } from './paths.js';
import { Runner } from './runner/runner.js';

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
    }));
  }

  get runner(): Runner {
    return (this.runnerInstance ??= new Runner({
      catalog: this.catalog,
      packager: this.packager,
      home: this.home,
      engine: () => this.engine(),
    }));
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
