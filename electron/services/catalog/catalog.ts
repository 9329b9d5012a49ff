// The catalog: algorithms, builds, versions, runs in one SQLite file (WAL).
// Records that claim to be running but whose owning process is gone become 'aborted' on open.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type DatabaseCtor from 'better-sqlite3';
import { createRequire } from 'node:module';
import { MIGRATIONS } from './migrations.js';
import { ContainerLedger } from './containers.js';
import { isAlive, type ProcessIdentity } from '../process-identity.js';
import type { Algorithm, BuildRecord, RunRecord, VersionRecord } from '../../../shared/records.js';
import { formatMessage, type MessageParams } from '../../../shared/messages/index.js';

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

  private constructor(db: Database) {
    this.db = db;
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

  /** Running builds and runs whose owner process is gone are aborted, never left running. */
  markAborted(): number {
    let count = 0;
    const aborted = formatMessage('catalog.aborted', undefined, 'en').message;
    for (const table of ['builds', 'runs'] as const) {
      const rows = this.db.prepare(`SELECT id, pid, pid_start FROM ${table} WHERE status = 'running'`).all() as Array<{
        id: string;
        pid: number;
        pid_start: string | null;
      }>;
      for (const row of rows) {
        if (isAlive({ pid: row.pid, start: row.pid_start })) continue;
        count += this.db
          .prepare(
            `UPDATE ${table} SET status = 'aborted', finished_at = ?,
             error_message_id = CASE WHEN error_message IS NULL THEN 'catalog.aborted' ELSE error_message_id END,
             error_message = COALESCE(error_message, ?) WHERE id = ? AND status = 'running'`,
          )
          .run(new Date().toISOString(), aborted, row.id).changes;
      }
    }
    return count;
  }

  // ---- algorithms

  upsertAlgorithm(name: string, sourcePath: string): Algorithm {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO algorithms (name, path, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET path = excluded.path, updated_at = excluded.updated_at`,
      )
      .run(name, sourcePath, now, now);
    return this.getAlgorithm(name)!;
  }

  getAlgorithm(name: string): Algorithm | undefined {
    const row = this.db.prepare('SELECT * FROM algorithms WHERE name = ?').get(name) as AlgorithmRow | undefined;
    return row && toAlgorithm(row);
  }

  listAlgorithms(): Algorithm[] {
    return (this.db.prepare('SELECT * FROM algorithms ORDER BY updated_at DESC').all() as AlgorithmRow[]).map(
      toAlgorithm,
    );
  }

  // ---- builds

  startBuild(b: {
    id: string;
    algorithmId: number | null;
    sourcePath: string;
    owner: ProcessIdentity;
    logPath: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO builds (id, algorithm_id, source_path, status, started_at, log_path, pid, pid_start)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(b.id, b.algorithmId, b.sourcePath, new Date().toISOString(), b.logPath, b.owner.pid, b.owner.start);
  }

  finishBuild(
    id: string,
    f: {
      status: 'succeeded' | 'reused' | 'failed' | 'cancelled';
      contentHash?: string;
      versionId?: number;
      durationMs: number;
      timings?: Record<string, number>;
      errorCode?: string;
      errorMessage?: string;
      /** The message's id and parameters in shared/messages, so the UI can show it in its language. */
      errorMessageId?: string;
      errorParams?: MessageParams;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE builds SET status = ?, finished_at = ?, duration_ms = ?, content_hash = COALESCE(?, content_hash),
         version_id = ?, timings = ?, error_code = ?, error_message = ?, error_message_id = ?, error_params = ?
         WHERE id = ?`,
      )
      .run(
        f.status,
        new Date().toISOString(),
        Math.round(f.durationMs),
        f.contentHash ?? null,
        f.versionId ?? null,
        f.timings ? JSON.stringify(f.timings) : null,
        f.errorCode ?? null,
        f.errorMessage ?? null,
        f.errorMessageId ?? null,
        f.errorParams ? JSON.stringify(f.errorParams) : null,
        id,
      );
  }

  getBuild(id: string): BuildRecord | undefined {
    const row = this.db.prepare('SELECT * FROM builds WHERE id = ?').get(id) as BuildRow | undefined;
    return row && toBuild(row);
  }

  listBuilds(limit = 50): BuildRecord[] {
    return (this.db.prepare('SELECT * FROM builds ORDER BY started_at DESC LIMIT ?').all(limit) as BuildRow[]).map(
      toBuild,
    );
  }

  listBuildsFor(algorithm: string, limit = 50): BuildRecord[] {
    return (
      this.db
        .prepare(
          'SELECT b.* FROM builds b JOIN algorithms a ON a.id = b.algorithm_id WHERE a.name = ? ORDER BY b.started_at DESC LIMIT ?',
        )
        .all(algorithm, limit) as BuildRow[]
    ).map(toBuild);
  }

  /** Forgets an algorithm and its history (the folder and the images stay). */
  removeAlgorithm(name: string): boolean {
    const algo = this.getAlgorithm(name);
    if (!algo) return false;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM runs WHERE algorithm_id = ?').run(algo.id);
      this.db.prepare('DELETE FROM builds WHERE algorithm_id = ?').run(algo.id);
      this.db.prepare('DELETE FROM versions WHERE algorithm_id = ?').run(algo.id);
      this.db.prepare('DELETE FROM algorithms WHERE id = ?').run(algo.id);
    })();
    return true;
  }

  lastRunStatus(algorithm: string): RunRecord['status'] | null {
    const row = this.db
      .prepare(
        'SELECT r.status FROM runs r JOIN algorithms a ON a.id = r.algorithm_id WHERE a.name = ? ORDER BY r.started_at DESC LIMIT 1',
      )
      .get(algorithm) as { status: RunRecord['status'] } | undefined;
    return row?.status ?? null;
  }

  // ---- versions

  findVersionByHash(algorithmId: number, contentHash: string): VersionRecord | undefined {
    const row = this.db
      .prepare(
        'SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id WHERE v.algorithm_id = ? AND v.content_hash = ?',
      )
      .get(algorithmId, contentHash) as VersionRow | undefined;
    return row && toVersion(row);
  }

  addVersion(v: Omit<VersionRecord, 'id' | 'algorithm'> & { algorithmId: number }): VersionRecord {
    const info = this.db
      .prepare(
        `INSERT INTO versions (algorithm_id, version, tag, image_id, content_hash, size_bytes, manifest, source_path, build_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(algorithm_id, content_hash) DO UPDATE SET image_id = excluded.image_id, tag = excluded.tag,
           version = excluded.version, size_bytes = excluded.size_bytes, build_id = excluded.build_id, created_at = excluded.created_at`,
      )
      .run(
        v.algorithmId,
        v.version,
        v.tag,
        v.imageId,
        v.contentHash,
        v.sizeBytes,
        JSON.stringify(v.manifest),
        v.sourcePath,
        v.buildId,
        v.createdAt,
      );
    void info;
    return this.findVersionByHash(v.algorithmId, v.contentHash)!;
  }

  deleteVersion(id: number): void {
    this.db.prepare('DELETE FROM versions WHERE id = ?').run(id);
  }

  listVersions(algorithm: string): VersionRecord[] {
    return (
      this.db
        .prepare(
          'SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id WHERE a.name = ? ORDER BY v.created_at DESC, v.id DESC',
        )
        .all(algorithm) as VersionRow[]
    ).map(toVersion);
  }

  getVersion(algorithm: string, version?: string): VersionRecord | undefined {
    const row = (
      version
        ? this.db
            .prepare(
              `SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id
               WHERE a.name = ? AND (v.version = ? OR v.content_hash LIKE ? || '%') ORDER BY v.created_at DESC LIMIT 1`,
            )
            .get(algorithm, version, version)
        : this.db
            .prepare(
              'SELECT v.*, a.name AS algorithm FROM versions v JOIN algorithms a ON a.id = v.algorithm_id WHERE a.name = ? ORDER BY v.created_at DESC, v.id DESC LIMIT 1',
            )
            .get(algorithm)
    ) as VersionRow | undefined;
    return row && toVersion(row);
  }

  // ---- runs

  startRun(r: {
    id: string;
    algorithmId: number;
    versionId: number;
    args: Record<string, unknown>;
    inputs: Array<{ key: string; path: string; sha256: string }>;
    outDir: string;
    gpu: string;
    logPath: string;
    owner: ProcessIdentity;
  }): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, algorithm_id, version_id, status, args, inputs, out_dir, gpu, log_path, started_at, pid, pid_start)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.id,
        r.algorithmId,
        r.versionId,
        JSON.stringify(r.args),
        JSON.stringify(r.inputs),
        r.outDir,
        r.gpu,
        r.logPath,
        new Date().toISOString(),
        r.owner.pid,
        r.owner.start,
      );
  }

  setRunContainer(id: string, containerId: string, warm: boolean): void {
    this.db.prepare('UPDATE runs SET container_id = ?, warm = ? WHERE id = ?').run(containerId, warm ? 1 : 0, id);
  }

  finishRun(
    id: string,
    f: {
      status: 'succeeded' | 'failed' | 'cancelled';
      outputs?: Array<{ key: string; path: string; sha256: string; size: number }>;
      errorCode?: number;
      errorMessage?: string;
      /** The message's id and parameters in shared/messages, so the UI can show it in its language. */
      errorMessageId?: string;
      errorParams?: MessageParams;
      stderrTail?: string;
      timings?: Record<string, number>;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE runs SET status = ?, finished_at = ?, outputs = ?, error_code = ?, error_message = ?, error_message_id = ?,
         error_params = ?, stderr_tail = ?, timings = ? WHERE id = ?`,
      )
      .run(
        f.status,
        new Date().toISOString(),
        f.outputs ? JSON.stringify(f.outputs) : null,
        f.errorCode ?? null,
        f.errorMessage ?? null,
        f.errorMessageId ?? null,
        f.errorParams ? JSON.stringify(f.errorParams) : null,
        f.stderrTail ?? null,
        f.timings ? JSON.stringify(f.timings) : null,
        id,
      );
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.db
      .prepare(
        'SELECT r.*, a.name AS algorithm, COALESCE(v.version, r.version_label) AS version FROM runs r LEFT JOIN algorithms a ON a.id = r.algorithm_id LEFT JOIN versions v ON v.id = r.version_id WHERE r.id = ?',
      )
      .get(id) as RunRow | undefined;
    return row && toRun(row);
  }

  listRuns(algorithm?: string, limit = 50): RunRecord[] {
    const sql = `SELECT r.*, a.name AS algorithm, COALESCE(v.version, r.version_label) AS version FROM runs r LEFT JOIN algorithms a ON a.id = r.algorithm_id
      LEFT JOIN versions v ON v.id = r.version_id ${algorithm ? 'WHERE a.name = ?' : ''} ORDER BY r.started_at DESC LIMIT ?`;
    const rows = (algorithm ? this.db.prepare(sql).all(algorithm, limit) : this.db.prepare(sql).all(limit)) as RunRow[];
    return rows.map(toRun);
  }

  /** Removes a run's record; true when there was one. Its files are the caller's business. */
  deleteRun(id: string): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
  }

  /** Which of these paths another run (not `exceptRunId`) still names as an input or an output. */
  pathsUsedByOtherRuns(exceptRunId: string, paths: readonly string[]): Set<string> {
    // Paths are stored inside JSON arrays: look for the JSON-encoded string, quotes included (exact, no wildcards).
    const stmt = this.db.prepare(
      `SELECT 1 FROM runs WHERE id != ? AND (instr(inputs, ?) > 0 OR instr(COALESCE(outputs, ''), ?) > 0) LIMIT 1`,
    );
    const used = new Set<string>();
    for (const p of paths) {
      const needle = JSON.stringify(p);
      if (stmt.get(exceptRunId, needle, needle)) used.add(p);
    }
    return used;
  }
}

interface AlgorithmRow {
  id: number;
  name: string;
  path: string;
  created_at: string;
  updated_at: string;
}
interface BuildRow {
  id: string;
  algorithm_id: number | null;
  source_path: string;
  content_hash: string | null;
  status: BuildRecord['status'];
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  timings: string | null;
  log_path: string | null;
  version_id: number | null;
  error_code: string | null;
  error_message: string | null;
  error_message_id: string | null;
  error_params: string | null;
}
interface VersionRow {
  id: number;
  algorithm: string;
  version: string;
  tag: string;
  image_id: string;
  content_hash: string;
  size_bytes: number | null;
  manifest: string;
  source_path: string;
  build_id: string | null;
  created_at: string;
}
interface RunRow {
  id: string;
  algorithm: string | null;
  version: string | null;
  status: RunRecord['status'];
  args: string;
  inputs: string;
  outputs: string | null;
  out_dir: string | null;
  gpu: string | null;
  error_code: number | null;
  error_message: string | null;
  error_message_id: string | null;
  error_params: string | null;
  stderr_tail: string | null;
  log_path: string | null;
  timings: string | null;
  container_id: string | null;
  warm: number;
  started_at: string;
  finished_at: string | null;
}

const toAlgorithm = (r: AlgorithmRow): Algorithm => ({
  id: r.id,
  name: r.name,
  path: r.path,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toBuild = (r: BuildRow): BuildRecord => ({
  id: r.id,
  algorithmId: r.algorithm_id,
  sourcePath: r.source_path,
  contentHash: r.content_hash,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
  timings: r.timings ? (JSON.parse(r.timings) as Record<string, number>) : null,
  logPath: r.log_path,
  versionId: r.version_id,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  errorMessageId: r.error_message_id,
  errorParams: r.error_params ? (JSON.parse(r.error_params) as MessageParams) : null,
});
const toVersion = (r: VersionRow): VersionRecord => ({
  id: r.id,
  algorithm: r.algorithm,
  version: r.version,
  tag: r.tag,
  imageId: r.image_id,
  contentHash: r.content_hash,
  sizeBytes: r.size_bytes,
  manifest: JSON.parse(r.manifest) as VersionRecord['manifest'],
  sourcePath: r.source_path,
  buildId: r.build_id,
  createdAt: r.created_at,
});
const toRun = (r: RunRow): RunRecord => ({
  id: r.id,
  algorithm: r.algorithm,
  version: r.version,
  status: r.status,
  args: JSON.parse(r.args) as Record<string, unknown>,
  inputs: JSON.parse(r.inputs) as RunRecord['inputs'],
  outputs: r.outputs ? (JSON.parse(r.outputs) as RunRecord['outputs']) : null,
  outDir: r.out_dir,
  gpu: r.gpu,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  errorMessageId: r.error_message_id,
  errorParams: r.error_params ? (JSON.parse(r.error_params) as MessageParams) : null,
  stderrTail: r.stderr_tail,
  logPath: r.log_path,
  timings: r.timings ? (JSON.parse(r.timings) as Record<string, number>) : null,
  containerId: r.container_id,
  warm: r.warm === 1,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
