// What to do when a file open in the editor is seen on disk again (a poll, a reload, a save
// refused as a conflict): nothing changed, take the disk's version quietly (no edits here, or
// the same text), or let the user choose (edited here and changed there).

export interface DiskVersion {
  text: string;
  sha256: string;
}

export type DiskStep = { kind: 'same' } | { kind: 'reload' } | { kind: 'conflict'; theirs: DiskVersion };

export function reconcile(local: { dirty: boolean; text: string; savedSha256: string }, disk: DiskVersion): DiskStep {
  if (disk.sha256 === local.savedSha256) return { kind: 'same' };
  if (!local.dirty || disk.text === local.text) return { kind: 'reload' };
  return { kind: 'conflict', theirs: disk };
}

/** How often an open editor asks whether its file changed on disk (a hash of one small file). */
export const DISK_POLL_MS = 1500;

/**
 * Calls `check` every DISK_POLL_MS while the page is visible, and at once when it becomes
 * visible or focused again (the user switched back from another editor). Returns a stop function.
 */
export function watchDisk(check: () => void, win: Window = window): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const start = (): void => {
    if (timer === null) timer = setInterval(check, DISK_POLL_MS);
  };
  const stop = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const onVisibility = (): void => {
    if (win.document.visibilityState === 'hidden') stop();
    else {
      check();
      start();
    }
  };
  const onFocus = (): void => check();
  win.document.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('focus', onFocus);
  if (win.document.visibilityState !== 'hidden') start();
  return () => {
    stop();
    win.document.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('focus', onFocus);
  };
}
