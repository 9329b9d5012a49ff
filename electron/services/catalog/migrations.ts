// The core domain's migrations (algorithms, builds, versions, runs, containers). Append only:
// never edit a migration that has shipped. Other domains keep theirs in their own module
// (domains.ts lists them); the version numbers form one sequence across all of them.
import type { Migration } from './domain.js';

export type { Migration } from './domain.js';

export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'core tables',
    sql: `
      CREATE TABLE algorithms (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE builds (
        id TEXT PRIMARY KEY,
        algorithm_id INTEGER REFERENCES algorithms(id),
        source_path TEXT NOT NULL,
        content_hash TEXT,
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','reused','failed','cancelled','aborted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        timings TEXT,
        log_path TEXT,
        version_id INTEGER,
        error_code TEXT,
        error_message TEXT,
        pid INTEGER NOT NULL,
        pid_start TEXT
      );
      CREATE INDEX builds_by_status ON builds(status);
      CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        algorithm_id INTEGER NOT NULL REFERENCES algorithms(id),
        version TEXT NOT NULL,
        tag TEXT NOT NULL,
        image_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        size_bytes INTEGER,
        manifest TEXT NOT NULL,
        source_path TEXT NOT NULL,
        build_id TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (algorithm_id, content_hash),
        UNIQUE (algorithm_id, version)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        algorithm_id INTEGER REFERENCES algorithms(id),
        version_id INTEGER REFERENCES versions(id),
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','cancelled','aborted')),
        args TEXT NOT NULL,
        inputs TEXT NOT NULL,
        outputs TEXT,
        out_dir TEXT,
        gpu TEXT,
        error_code INTEGER,
        error_message TEXT,
        stderr_tail TEXT,
        log_path TEXT,
        timings TEXT,
        container_id TEXT,
        warm INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pid INTEGER NOT NULL,
        pid_start TEXT
      );
      CREATE INDEX runs_by_status ON runs(status);
      CREATE INDEX runs_by_version ON runs(version_id);
    `,
  },
  {
    version: 2,
    name: 'containers Kiln started, by owner (the orphan sweep asks this before the engine); runs keep the name of a removed version',
    sql: `
      CREATE TABLE containers (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        algorithm TEXT NOT NULL,
        version TEXT,
        run_id TEXT,
        work_root TEXT,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        pid_start TEXT,
        created_at TEXT NOT NULL,
        removed_at TEXT
      );
      CREATE INDEX containers_live ON containers(removed_at) WHERE removed_at IS NULL;
      ALTER TABLE runs ADD COLUMN version_label TEXT;
    `,
  },
  {
    version: 3,
    name: 'failed builds and runs keep their message id and parameters (shared/messages), so the UI shows them in its language; older rows have none',
    sql: `
      ALTER TABLE builds ADD COLUMN error_message_id TEXT;
      ALTER TABLE builds ADD COLUMN error_params TEXT;
      ALTER TABLE runs ADD COLUMN error_message_id TEXT;
      ALTER TABLE runs ADD COLUMN error_params TEXT;
    `,
  },
];
