// The catalog: one SQLite file (WAL) holding every domain's tables. Each domain keeps its queries
// in its own module (algorithms.ts, builds.ts, versions.ts, runs.ts, containers.ts, ...; domains.ts
// lists them with their migrations). This class opens the file, migrates it, lets each domain stop
// records of dead owners from claiming to run, and hands out the domain stores. The methods below
// the getters keep the names the rest of the code has always called; new code may use the stores.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type DatabaseCtor from 'better-sqlite3';
import { createRequire } from 'node:module';
import { DOMAINS, MIGRATIONS } from './domains.js';
import { ContainerLedger } from './containers.js';
import { AlgorithmStore } from './algorithms.js';
import { BuildStore } from './builds.js';
import { VersionStore } from './versions.js';
import { RunStore } from './runs.js';

type Database = DatabaseCtor.Database;
const require = createRequire(import.meta.url);

/**
 * The addon's file, handed to better-sqlite3 directly: its own lookup (the `bindings` package)
 * tries a dozen paths first, a measurable share of an unchanged `kiln build`. Under Electron the
 * rebuilt addon may sit elsewhere (app.asar.unpacked): there the package finds it itself.
 */
function nativeBinding(): string | undefined {
  if (process.versions['electron']) return undefined;
  try {
    const dir = path.dirname(require.resolve('better-sqlite3/package.json'));
    const file = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export class Catalog {
  readonly db: Database;
  private ledger: ContainerLedger | undefined;
  readonly algorithms: AlgorithmStore;
  readonly builds: BuildStore;
  readonly versions: VersionStore;
  readonly runs: RunStore;

  private constructor(db: Database) {
    this.db = db;
    this.algorithms = new AlgorithmStore(db);
    this.builds = new BuildStore(db);
    this.versions = new VersionStore(db);
    this.runs = new RunStore(db);
  }

  static open(kilnHome: string): Catalog {
    mkdirSync(kilnHome, { recursive: true });
    const Ctor = require('better-sqlite3') as typeof DatabaseCtor;
    const binding = nativeBinding();
    const db = new Ctor(path.join(kilnHome, 'catalog.db'), binding ? { nativeBinding: binding } : {});
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const catalog = new Catalog(db);
    catalog.migrate();
    catalog.markAborted();
    return catalog;
  }

  close(): void {
    this.db.close();
  }

  /** The containers Kiln started and who owns them (catalog/containers.ts). */
  get containers(): ContainerLedger {
    return (this.ledger ??= new ContainerLedger(this.db));
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion();
    const pending = MIGRATIONS.filter((m) => m.version > current);
    if (pending.length === 0) return;
    const apply = this.db.transaction(() => {
      // Re-read inside the write transaction: another process may have migrated meanwhile.
      const now = this.schemaVersion();
      for (const m of MIGRATIONS.filter((x) => x.version > now)) {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }
    });
    apply.immediate();
  }

  /** Records (builds, runs, and each domain's own) whose owner process is gone stop claiming to run. */
  markAborted(): number {
    return DOMAINS.reduce((n, d) => n + (d.abortDeadOwners?.(this.db) ?? 0), 0);
  }

  /** Forgets an algorithm and its history in every domain (the folder and the images stay). */
  removeAlgorithm(name: string): boolean {
    const algo = this.getAlgorithm(name);
    if (!algo) return false;
    this.db.transaction(() => {
      // Later domains refer to the core's rows: they go first.
      for (const d of [...DOMAINS].reverse()) d.forgetAlgorithm?.(this.db, algo.id);
      this.db.prepare('DELETE FROM algorithms WHERE id = ?').run(algo.id);
    })();
    return true;
  }

  // ---- the names the code has always called, kept as one-line delegates

  upsertAlgorithm: AlgorithmStore['upsertAlgorithm'] = (...a) => this.algorithms.upsertAlgorithm(...a);
  getAlgorithm: AlgorithmStore['getAlgorithm'] = (...a) => this.algorithms.getAlgorithm(...a);
  listAlgorithms: AlgorithmStore['listAlgorithms'] = (...a) => this.algorithms.listAlgorithms(...a);
  lastRunStatus: AlgorithmStore['lastRunStatus'] = (...a) => this.algorithms.lastRunStatus(...a);
  startBuild: BuildStore['startBuild'] = (...a) => this.builds.startBuild(...a);
  finishBuild: BuildStore['finishBuild'] = (...a) => this.builds.finishBuild(...a);
  getBuild: BuildStore['getBuild'] = (...a) => this.builds.getBuild(...a);
  listBuilds: BuildStore['listBuilds'] = (...a) => this.builds.listBuilds(...a);
  listBuildsFor: BuildStore['listBuildsFor'] = (...a) => this.builds.listBuildsFor(...a);
  findVersionByHash: VersionStore['findVersionByHash'] = (...a) => this.versions.findVersionByHash(...a);
  addVersion: VersionStore['addVersion'] = (...a) => this.versions.addVersion(...a);
  deleteVersion: VersionStore['deleteVersion'] = (...a) => this.versions.deleteVersion(...a);
  listVersions: VersionStore['listVersions'] = (...a) => this.versions.listVersions(...a);
  getVersion: VersionStore['getVersion'] = (...a) => this.versions.getVersion(...a);
  startRun: RunStore['startRun'] = (...a) => this.runs.startRun(...a);
  setRunContainer: RunStore['setRunContainer'] = (...a) => this.runs.setRunContainer(...a);
  finishRun: RunStore['finishRun'] = (...a) => this.runs.finishRun(...a);
  getRun: RunStore['getRun'] = (...a) => this.runs.getRun(...a);
  listRuns: RunStore['listRuns'] = (...a) => this.runs.listRuns(...a);
  deleteRun: RunStore['deleteRun'] = (...a) => this.runs.deleteRun(...a);
  pathsUsedByOtherRuns: RunStore['pathsUsedByOtherRuns'] = (...a) => this.runs.pathsUsedByOtherRuns(...a);
}
