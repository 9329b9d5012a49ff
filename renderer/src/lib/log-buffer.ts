// Append-only log lines for one job. Lines live here, outside React state (copying a
// 100,000-line array per frame would not stay responsive); the store keeps a count that
// changes once per frame, which is what re-renders the view.

/** Keep at most this many lines per job; the oldest go first, in blocks. */
export const MAX_LOG_LINES = 500_000;
/** Longer lines are cut for display (the full log stays on disk, in the job's log file). */
export const MAX_LINE_CHARS = 4_000;

export class LogBuffer {
  private lines: string[] = [];
  private droppedLines = 0;

  constructor(private readonly max = MAX_LOG_LINES) {}

  /** Appends text, splitting embedded newlines; returns how many lines were added. */
  append(text: string): number {
    const parts = text.includes('\n') ? text.split(/\r?\n/) : [text];
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    for (let p of parts) {
      if (p.endsWith('\r')) p = p.slice(0, -1);
      this.lines.push(p.length > MAX_LINE_CHARS ? `${p.slice(0, MAX_LINE_CHARS)} …` : p);
    }
    if (this.lines.length > this.max) {
      const drop = this.lines.length - this.max + Math.floor(this.max / 10);
      this.lines.splice(0, drop);
      this.droppedLines += drop;
    }
    return parts.length;
  }

  get length(): number {
    return this.lines.length;
  }

  /** Lines dropped from the start to stay under the cap. */
  get dropped(): number {
    return this.droppedLines;
  }

  get(i: number): string {
    return this.lines[i] ?? '';
  }

  slice(start: number, end: number): string[] {
    return this.lines.slice(Math.max(0, start), Math.max(0, end));
  }

  tail(n: number): string[] {
    return this.lines.slice(Math.max(0, this.lines.length - n));
  }
}
