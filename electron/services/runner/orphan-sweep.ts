// Nothing left running: containers whose owning kiln process died (kill -9, a crash, a closed
// lid) are removed by the next kiln command of any kind. The catalog is asked first: only when a
// container row has an owner that is gone does the sweep connect to the engine, so a command
// with nothing to clean (an unchanged `kiln build`) makes no engine call and loads no dockerode.
// The run that owned such a container is already 'aborted' (Catalog.markAborted on open).
import { rm } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import type { ContainerLedger, ContainerRow } from '../catalog/containers.js';
import { removeContainer, sweepOrphans } from './container.js';

export interface SweepResult {
  /** Names of the containers removed (or found already gone) whose rows are now closed. */
  removed: string[];
  /** Whether the engine was asked at all. */
  engineCalled: boolean;
}

/**
 * The cheap sweep every command runs. `full` (the app and `kiln ui` starting, `kiln run` and
 * `kiln serve` before they start a container) also lists the engine's Kiln containers by label,
 * which finds those left by a Kiln that kept no rows (older catalogs, another KILN_HOME on this host).
 */
export async function sweepDeadOwners(
  ledger: ContainerLedger,
  docker: () => Promise<Dockerode>,
  opts: { full?: boolean } = {},
): Promise<SweepResult> {
  const orphans = ledger.orphans();
  if (orphans.length === 0 && !opts.full) return { removed: [], engineCalled: false };
  const engine = await docker();
  const removed = await removeRows(engine, ledger, orphans);
  if (opts.full) {
    for (const name of await sweepOrphans(engine)) {
      ledger.removed(name);
      if (!removed.includes(name)) removed.push(name);
    }
  }
  return { removed, engineCalled: true };
}

async function removeRows(docker: Dockerode, ledger: ContainerLedger, rows: ContainerRow[]): Promise<string[]> {
  const removed: string[] = [];
  for (const row of rows) {
    if (!(await removeContainer(docker.getContainer(row.name)))) continue; // the engine refused: try next time
    if (row.workRoot) await rm(row.workRoot, { recursive: true, force: true }).catch(() => undefined);
    ledger.removed(row.name);
    removed.push(row.name);
  }
  return removed;
}
