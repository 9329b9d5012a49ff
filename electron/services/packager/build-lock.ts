// One build per content hash across processes: an exclusive lock file holding the owner's
// pid and start time. A lock whose owner is gone is taken over, never waited on forever.
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { currentProcess, isAlive, type ProcessIdentity } from '../process-identity.js';
import { KilnError } from '../../../shared/errors.js';

export interface HeldLock {
  release(): Promise<void>;
  /** True when another process held the lock first and we waited for it. */
  waited: boolean;
}

export async function acquireBuildLock(
  dir: string,
  key: string,
  opts: { signal?: AbortSignal; onWait?: (owner: ProcessIdentity) => void; pollMs?: number } = {},
): Promise<HeldLock> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${key}.lock`);
  const me = currentProcess();
  let waited = false;
  for (;;) {
    if (opts.signal?.aborted) throw KilnError.of('CANCELLED', 'build.cancelledWaiting');
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(JSON.stringify(me));
      await fh.close();
      return {
        waited,
        release: async () => {
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(file);
    if (owner && !isAlive(owner)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (!waited) opts.onWait?.(owner ?? { pid: 0, start: null });
    waited = true;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 150));
  }
}

async function readOwner(file: string): Promise<ProcessIdentity | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as ProcessIdentity;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    // Being written right now, or vanished: treat as held for one more poll.
    return null;
  }
}
