// The containers Kiln started, each with the process that owns it (pid + start time + host).
// A row is written before the engine is asked to create the container and closed when it is
// removed, so the orphan sweep can tell from the catalog alone whether anything was left
// behind by a process that died: no engine call when nothing was.
import { hostname } from 'node:os';
import type DatabaseCtor from 'better-sqlite3';
import { isAlive, type ProcessIdentity } from '../process-identity.js';

type Database = DatabaseCtor.Database;

export interface ContainerRow {
  name: string;
  role: 'run' | 'serve';
  algorithm: string;
  version: string | null;
  runId: string | null;
  workRoot: string | null;
  host: string;
  owner: ProcessIdentity;
  createdAt: string;
}

interface Row {
  name: string;
  role: 'run' | 'serve';
  algorithm: string;
  version: string | null;
  run_id: string | null;
  work_root: string | null;
  host: string;
  pid: number;
  pid_start: string | null;
  created_at: string;
}

/** Docker's container names: [a-zA-Z0-9][a-zA-Z0-9_.-]+; anything else becomes '-'. */
export function containerName(algorithm: string, id: string): string {
  const raw = `kiln-${algorithm}-${id}`.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/-{2,}/g, '-');
  return raw.slice(0, 200);
}

export class ContainerLedger {
  constructor(
    private readonly db: Database,
    private readonly host: string = hostname(),
  ) {}

  /** Before the container exists: a process that dies during create still leaves a row to sweep. */
  record(c: {
    name: string;
    role: 'run' | 'serve';
    algorithm: string;
    version?: string | null;
    runId?: string | null;
    workRoot?: string | null;
    owner: ProcessIdentity;
  }): void {
    this.db
      .prepare(
        `INSERT INTO containers (name, role, algorithm, version, run_id, work_root, host, pid, pid_start, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET removed_at = NULL, pid = excluded.pid, pid_start = excluded.pid_start`,
      )
      .run(
        c.name,
        c.role,
        c.algorithm,
        c.version ?? null,
        c.runId ?? null,
        c.workRoot ?? null,
        this.host,
        c.owner.pid,
        c.owner.start,
        new Date().toISOString(),
      );
  }

  removed(name: string): void {
    this.db
      .prepare('UPDATE containers SET removed_at = ? WHERE name = ? AND removed_at IS NULL')
      .run(new Date().toISOString(), name);
  }

  /** Containers not yet removed whose owner on this host is gone: only these need the engine. */
  orphans(): ContainerRow[] {
    const rows = this.db
      .prepare('SELECT * FROM containers WHERE removed_at IS NULL AND host = ?')
      .all(this.host) as Row[];
    return rows.map(toRow).filter((r) => !isAlive(r.owner));
  }

  /** Rows still open (running or not yet swept), on this host. */
  live(): ContainerRow[] {
    return (
      this.db.prepare('SELECT * FROM containers WHERE removed_at IS NULL AND host = ?').all(this.host) as Row[]
    ).map(toRow);
  }
}

const toRow = (r: Row): ContainerRow => ({
  name: r.name,
  role: r.role,
  algorithm: r.algorithm,
  version: r.version,
  runId: r.run_id,
  workRoot: r.work_root,
  host: r.host,
  owner: { pid: r.pid, start: r.pid_start },
  createdAt: r.created_at,
});
