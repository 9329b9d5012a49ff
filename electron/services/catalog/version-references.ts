// Which records still point at a version, so that removing it would break them. Each domain
// that can hold a version adds one check here (baselines and releases will, when they land):
// a check returns the references it finds, each said as a message (the error names the record).
//
// What blocks removal today, and why:
// - a run still running on the version (its container uses the image);
// - a container serving the version (`kiln serve`, Keep warm) whose kiln process is alive.
// What does not: finished runs. They are history; they keep the version's name (runs.version_label)
// and their outputs, and lose only the link to the removed row. Builds likewise.
import type DatabaseCtor from 'better-sqlite3';
import type { MessageId, MessageParams } from '../../../shared/messages/index.js';
import { isAlive } from '../process-identity.js';
import type { ContainerLedger } from './containers.js';

type Database = DatabaseCtor.Database;

export interface VersionRef {
  id: number;
  algorithm: string;
  version: string;
}

export interface VersionReference {
  /** The kind of record ('run', 'serve'; later 'baseline', 'release'). */
  kind: string;
  /** Its id (run id, container name, baseline name...). */
  id: string;
  /** What the user is told, in both languages. */
  messageId: MessageId;
  params: MessageParams;
}

export interface ReferenceContext {
  db: Database;
  containers: ContainerLedger;
}

export type VersionReferenceCheck = (ctx: ReferenceContext, v: VersionRef) => VersionReference[];

const runningRuns: VersionReferenceCheck = ({ db }, v) =>
  (
    db.prepare("SELECT id FROM runs WHERE version_id = ? AND status = 'running'").all(v.id) as Array<{ id: string }>
  ).map((r) => ({
    kind: 'run',
    id: r.id,
    messageId: 'versions.usedByRun',
    params: { name: v.algorithm, version: v.version, run: r.id },
  }));

const servingContainers: VersionReferenceCheck = ({ containers }, v) =>
  containers
    .live()
    .filter((c) => c.role === 'serve' && c.algorithm === v.algorithm && c.version === v.version && isAlive(c.owner))
    .map((c) => ({
      kind: 'serve',
      id: c.name,
      messageId: 'versions.usedByServe',
      params: { name: v.algorithm, version: v.version, container: c.name, pid: c.owner.pid },
    }));

/** Append a domain's check here; removal asks all of them. */
export const VERSION_REFERENCE_CHECKS: readonly VersionReferenceCheck[] = [runningRuns, servingContainers];

export function versionReferences(ctx: ReferenceContext, v: VersionRef): VersionReference[] {
  return VERSION_REFERENCE_CHECKS.flatMap((check) => check(ctx, v));
}

/** Deletes a version's row; runs and builds that named it keep its name and lose the link. */
export function deleteVersionRow(db: Database, v: VersionRef): void {
  db.transaction(() => {
    db.prepare('UPDATE runs SET version_label = ?, version_id = NULL WHERE version_id = ?').run(v.version, v.id);
    db.prepare('UPDATE builds SET version_id = NULL WHERE version_id = ?').run(v.id);
    db.prepare('DELETE FROM versions WHERE id = ?').run(v.id);
  })();
}
