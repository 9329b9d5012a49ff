// Parses the legacy builder's JSON stream ("Step n/m : ...", " ---> Using cache", output,
// errorDetail) into build events, and keeps each step's output tail for error reports.
import type { BuildEvent } from '../../../shared/events.js';

export interface BuildStreamMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string };
}

export interface StepRecord {
  index: number;
  total: number;
  instruction: string;
  cached: boolean;
  startedAt: number;
  endedAt?: number;
  output: string[];
}

// eslint-disable-next-line no-control-regex -- the builder colours stderr with ANSI escapes
const ANSI = /\u001b\[[0-9;]*[A-Za-z]|\r/g;
const stripAnsi = (s: string): string => s.replace(ANSI, '');

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const TAIL_LINES = 40;

export class BuildProgress {
  readonly steps: StepRecord[] = [];
  imageId: string | undefined;
  error: string | undefined;
  private partial = '';

  constructor(
    private readonly stage: 'models' | 'main',
    private readonly emit: (e: BuildEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): StepRecord | undefined {
    return this.steps[this.steps.length - 1];
  }

  push(msg: BuildStreamMessage): void {
    if (msg.aux?.ID) this.imageId = msg.aux.ID;
    if (msg.error || msg.errorDetail) {
      this.error = (msg.errorDetail?.message ?? msg.error ?? 'build failed').trim();
      return;
    }
    const text = msg.stream ?? (msg.status ? `${msg.status}\n` : '');
    if (!text) return;
    const combined = this.partial + text;
    const lines = combined.split('\n');
    this.partial = lines.pop() ?? '';
    for (const raw of lines) this.line(stripAnsi(raw));
  }

  finish(): void {
    if (this.partial) this.line(stripAnsi(this.partial));
    this.partial = '';
    const cur = this.current;
    if (cur && cur.endedAt === undefined) cur.endedAt = this.now();
  }

  private line(line: string): void {
    const step = STEP.exec(line);
    if (step) {
      const prev = this.current;
      if (prev && prev.endedAt === undefined) prev.endedAt = this.now();
      const rec: StepRecord = {
        index: Number(step[1]),
        total: Number(step[2]),
        instruction: step[3]!,
        cached: false,
        startedAt: this.now(),
        output: [],
      };
      this.steps.push(rec);
      this.emit({
        type: 'build.step',
        stage: this.stage,
        index: rec.index,
        total: rec.total,
        instruction: rec.instruction,
      });
      return;
    }
    const cur = this.current;
    if (line.trim() === '---> Using cache' && cur) {
      cur.cached = true;
      this.emit({ type: 'build.cached', stage: this.stage, index: cur.index });
      return;
    }
    // Builder chatter: intermediate ids, "Running in", removal notes, the final summary.
    if (
      /^ ---> /.test(line) ||
      /^Removing intermediate container /.test(line) ||
      /^Successfully (built|tagged) /.test(line)
    )
      return;
    if (line.trim() === '') return;
    if (cur) {
      cur.output.push(line);
      if (cur.output.length > 400) cur.output.splice(0, cur.output.length - 400);
    }
    this.emit({ type: 'build.log', stage: this.stage, line });
  }

  /** The failing step and the last lines of its output, for the user. */
  failure(): { step: StepRecord | undefined; tail: string[] } {
    const step = this.current;
    return { step, tail: step ? step.output.slice(-TAIL_LINES) : [] };
  }

  timings(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.steps) {
      if (s.endedAt !== undefined)
        out[`${this.stage}.step${s.index}${s.cached ? '.cached' : ''}`] = s.endedAt - s.startedAt;
    }
    return out;
  }
}
