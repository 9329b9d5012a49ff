// Every catalog domain, in the order their migrations first appeared. A new domain adds one line
// here (and a getter on Catalog); `MIGRATIONS` is the one sequence the catalog applies.
import type { CatalogDomain, Database, Migration } from './domain.js';
import { CORE_MIGRATIONS } from './migrations.js';
import { isAlive } from '../process-identity.js';
import { formatMessage } from '../../../shared/messages/index.js';

/** Algorithms, builds, versions, runs and the container ledger (schema 1-3). */
const core: CatalogDomain = {
  name: 'core',
  migrations: CORE_MIGRATIONS,
  abortDeadOwners: (db) => abortDeadRows(db, ['builds', 'runs']),
  forgetAlgorithm: (db, algorithmId) => {
    db.prepare('DELETE FROM runs WHERE algorithm_id = ?').run(algorithmId);
    db.prepare('DELETE FROM builds WHERE algorithm_id = ?').run(algorithmId);
    db.prepare('DELETE FROM versions WHERE algorithm_id = ?').run(algorithmId);
  },
};

export const DOMAINS: readonly CatalogDomain[] = [core];

export const MIGRATIONS: readonly Migration[] = sequence(DOMAINS);

/** All domains' migrations by version; a gap or a repeated number is a programming error, caught by the tests. */
export function sequence(domains: readonly CatalogDomain[]): Migration[] {
  const all = domains.flatMap((d) => d.migrations).sort((a, b) => a.version - b.version);
  all.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`catalog migrations: expected version ${i + 1}, found ${m.version} (${m.name})`);
  });
  return all;
}

/** Rows of these tables (with status, pid, pid_start, finished_at, error_message(_id)) whose owner died become 'aborted'. */
export function abortDeadRows(db: Database, tables: readonly string[], status = 'aborted'): number {
  let count = 0;
  const aborted = formatMessage('catalog.aborted', undefined, 'en').message;
  for (const table of tables) {
    const rows = db.prepare(`SELECT id, pid, pid_start FROM ${table} WHERE status = 'running'`).all() as Array<{
      id: string;
      pid: number;
      pid_start: string | null;
    }>;
    for (const row of rows) {
      if (isAlive({ pid: row.pid, start: row.pid_start })) continue;
      count += db
        .prepare(
          `UPDATE ${table} SET status = ?, finished_at = ?,
           error_message_id = CASE WHEN error_message IS NULL THEN 'catalog.aborted' ELSE error_message_id END,
           error_message = COALESCE(error_message, ?) WHERE id = ? AND status = 'running'`,
        )
        .run(status, new Date().toISOString(), aborted, row.id).changes;
    }
  }
  return count;
}
