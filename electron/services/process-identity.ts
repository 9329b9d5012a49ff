// Who owns a record: pid plus the process start time, so a reused pid is not mistaken
// for the original owner. Linux reads /proc; elsewhere the pid alone is checked.
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  start: string | null;
}

function procStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall: starttime in clock ticks since boot
  } catch {
    return null;
  }
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, start: procStartTime(process.pid) };
}

export function isAlive(owner: ProcessIdentity): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.start === null) return true;
  const now = procStartTime(owner.pid);
  return now === null || now === owner.start;
}
