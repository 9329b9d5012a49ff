// Algorithms: a name and the folder it was opened from.
import type DatabaseCtor from 'better-sqlite3';
import type { Algorithm, RunRecord } from '../../../shared/records.js';

type Database = DatabaseCtor.Database;

export class AlgorithmStore {
  constructor(private readonly db: Database) {}

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

  lastRunStatus(algorithm: string): RunRecord['status'] | null {
    const row = this.db
      .prepare(
        'SELECT r.status FROM runs r JOIN algorithms a ON a.id = r.algorithm_id WHERE a.name = ? ORDER BY r.started_at DESC LIMIT 1',
      )
      .get(algorithm) as { status: RunRecord['status'] } | undefined;
    return row?.status ?? null;
  }
}

interface AlgorithmRow {
  id: number;
  name: string;
  path: string;
  created_at: string;
  updated_at: string;
}

const toAlgorithm = (r: AlgorithmRow): Algorithm => ({
  id: r.id,
  name: r.name,
  path: r.path,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
