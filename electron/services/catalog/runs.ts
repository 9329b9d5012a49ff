// Runs: one call of a version, its inputs, outputs, timings and, when it failed, why.
import type DatabaseCtor from 'better-sqlite3';
import type { RunRecord } from '../../../shared/records.js';
import type { MessageParams } from '../../../shared/messages/index.js';
import type { ProcessIdentity } from '../process-identity.js';

type Database = DatabaseCtor.Database;

export class RunStore {
  constructor(private readonly db: Database) {}

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
