// Builds: one row per `kiln build` (or Build click), with its timings and, when it failed, why.
import type DatabaseCtor from 'better-sqlite3';
import type { BuildRecord } from '../../../shared/records.js';
import type { MessageParams } from '../../../shared/messages/index.js';
import type { ProcessIdentity } from '../process-identity.js';

type Database = DatabaseCtor.Database;

export class BuildStore {
  constructor(private readonly db: Database) {}

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
