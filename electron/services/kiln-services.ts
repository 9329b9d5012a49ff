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

  constructor(private readonly opts: ServicesOptions = {}) {
    this.home = opts.home ?? kilnHome();
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
    return (this.runnerInstance ??= new Runner({ catalog: this.catalog, packager: this.packager, home: this.home, engine: () => this.engine() }));
  }

  close(): void {
    this.catalogInstance?.close();
    this.catalogInstance = undefined;
  }
}
