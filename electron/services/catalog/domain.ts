// What a catalog domain brings: its migrations and the hooks the catalog calls for every domain.
// The catalog is one SQLite file; each domain (algorithms, builds, versions, runs, containers,
// samples, experiments, baselines, ...) keeps its tables, its queries and its row types in its own
// module, and is listed once in domains.ts.
import type DatabaseCtor from 'better-sqlite3';

export type Database = DatabaseCtor.Database;

export interface Migration {
  /** One sequence across all domains: the file's user_version after this migration. */
  version: number;
  name: string;
  sql: string;
}

export interface CatalogDomain {
  name: string;
  /** Append only: never edit a migration that has shipped. */
  migrations: readonly Migration[];
  /**
   * On open: records of this domain that say they are running but whose owner process is gone
   * stop saying so (aborted, interrupted). Returns how many rows changed.
   */
  abortDeadOwners?(db: Database): number;
  /** Before an algorithm is forgotten: remove this domain's rows that refer to it (inside a transaction). */
  forgetAlgorithm?(db: Database, algorithmId: number): void;
}
