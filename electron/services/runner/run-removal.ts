// Deleting a run: its catalog record, and the stored files only it referred to. Stored means
// inside KILN_HOME (its own output folder outputs/<run id>, content-addressed uploads under
// uploads/, its log); a file another run still names as an input or an output stays, and a
// file outside KILN_HOME (a CLI `--out` folder, a picked input) is the user's and is never touched.
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunRemoval } from '../../../shared/api.js';
import { KilnError } from '../../../shared/errors.js';
import type { Catalog } from '../catalog/catalog.js';
import { runOutputDir } from './runner.js';

function inside(parent: string, p: string): boolean {
  const rel = path.relative(parent, path.resolve(p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesIn(p)));
    else out.push(p);
  }
  return out;
}

export async function removeRun(catalog: Catalog, home: string, id: string): Promise<RunRemoval> {
  const run = catalog.getRun(id);
  if (!run) throw KilnError.of('NOT_FOUND', 'history.notFound', { id });
  if (run.status === 'running') throw KilnError.of('BAD_ARGUMENT', 'history.stillRunning', { id });

  const outputsRoot = path.join(home, 'outputs');
  const uploadsRoot = path.join(home, 'uploads');
  const ownDir = runOutputDir(home, id);
  const stored = (p: string): boolean => inside(outputsRoot, p) || inside(uploadsRoot, p);

  const candidates = new Set<string>();
  for (const f of run.outputs ?? []) if (stored(f.path)) candidates.add(path.resolve(f.path));
  for (const f of run.inputs) if (stored(f.path)) candidates.add(path.resolve(f.path));
  for (const f of await filesIn(ownDir)) candidates.add(f);

  const used = catalog.pathsUsedByOtherRuns(id, [...candidates]);
  // The record goes first: an interruption then leaves a stray file, never a record without its files.
  catalog.deleteRun(id);

  const removed: string[] = [];
  const kept: string[] = [];
  for (const p of candidates) {
    if (used.has(p)) {
      kept.push(p);
      continue;
    }
    await rm(p, { force: true });
    removed.push(p);
    // An upload lives alone in uploads/<hash>/, an output in outputs/<run id>/: drop the folder once empty.
    const dir = path.dirname(p);
    if (inside(uploadsRoot, dir) || inside(outputsRoot, dir)) await rmdir(dir).catch(() => undefined);
  }
  await rmdir(ownDir).catch(() => undefined); // only when empty: a kept file keeps its folder
  if (run.logPath && inside(path.join(home, 'logs'), run.logPath)) await rm(run.logPath, { force: true });
  // What an aborted run may have left of its call folder.
  await rm(path.join(home, 'work', id), { recursive: true, force: true });
  return { id, removed, kept };
}
