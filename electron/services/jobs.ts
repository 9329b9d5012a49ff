// Long work as jobs: an id, a typed event stream with gap-free sequence numbers, cancellation
// through an AbortController, and a tail a reconnecting client replays from `since`.
import { randomBytes } from 'node:crypto';
import type { JobEventEnvelope, JobInfo, JobResult, JobStreamEvent } from '../../shared/api.js';
import { KilnError, type ErrorEnvelope } from '../../shared/errors.js';
import type { BuildEvent, RunEvent } from '../../shared/events.js';

type Listener = (e: JobEventEnvelope) => void;

interface JobState {
  info: JobInfo;
  events: JobEventEnvelope[];
  /** Events dropped from the front when a job streams more than MAX_EVENTS. */
  dropped: number;
  listeners: Set<Listener>;
  controller: AbortController;
  finishedAt: number | null;
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** A plain function (a closure over the job), safe to pass around unbound. */
  emit: (e: BuildEvent | RunEvent) => void;
}

/** Enough for a 100,000-line log with room to spare; older events stay in the job's log file. */
const MAX_EVENTS = 250_000;
const KEEP_FINISHED = 200;

export class JobRegistry {
  private readonly jobs = new Map<string, JobState>();

  start(
    kind: JobInfo['kind'],
    algorithm: string,
    work: (ctx: JobContext) => Promise<JobResult>,
    toError: (err: unknown) => ErrorEnvelope,
  ): JobInfo {
    const jobId = `j-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const state: JobState = {
      info: { jobId, kind, algorithm, status: 'running', lastSeq: 0, result: null, error: null },
      events: [],
      dropped: 0,
      listeners: new Set(),
      controller: new AbortController(),
      finishedAt: null,
    };
    this.jobs.set(jobId, state);
    this.prune();
    const ctx: JobContext = { jobId, signal: state.controller.signal, emit: (e) => this.push(state, e) };
    // Started on the next tick, so a caller can subscribe before the first event.
    setImmediate(() => {
      work(ctx).then(
        (result) => this.finish(state, 'succeeded', { type: 'job.done', result }, result, null),
        (err: unknown) => {
          if (state.controller.signal.aborted)
            this.finish(state, 'cancelled', { type: 'job.cancelled' }, null, {
              code: 'CANCELLED',
              message: 'cancelled',
            });
          else {
            const error = toError(err);
            this.finish(state, 'failed', { type: 'job.failed', error }, null, error);
          }
        },
      );
    });
    return { ...state.info };
  }

  get(jobId: string): JobInfo {
    return { ...this.state(jobId).info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((s) => ({ ...s.info }));
  }

  cancel(jobId: string): boolean {
    const s = this.state(jobId);
    if (s.info.status !== 'running') return false;
    s.controller.abort();
    return true;
  }

  /** Replays events with seq > since, then streams new ones. Returns the unsubscribe function. */
  subscribe(jobId: string, since: number, listener: Listener): () => void {
    const s = this.state(jobId);
    const firstKept = s.dropped + 1;
    for (let i = Math.max(0, since + 1 - firstKept); i < s.events.length; i++) listener(s.events[i]!);
    if (s.info.status !== 'running') return () => undefined;
    s.listeners.add(listener);
    return () => s.listeners.delete(listener);
  }

  private state(jobId: string): JobState {
    const s = this.jobs.get(jobId);
    if (!s) throw KilnError.of('NOT_FOUND', 'job.notFound', { jobId });
    return s;
  }

  private push(s: JobState, event: JobStreamEvent): void {
    const envelope: JobEventEnvelope = { jobId: s.info.jobId, seq: ++s.info.lastSeq, ts: Date.now(), event };
    s.events.push(envelope);
    if (s.events.length > MAX_EVENTS) {
      const drop = s.events.length - MAX_EVENTS;
      s.events.splice(0, drop);
      s.dropped += drop;
    }
    for (const l of s.listeners) {
      try {
        l(envelope);
      } catch {
        // A broken listener (a closed socket) must not stop the job or the others.
      }
    }
  }

  private finish(
    s: JobState,
    status: JobInfo['status'],
    end: JobStreamEvent,
    result: JobResult | null,
    error: ErrorEnvelope | null,
  ): void {
    s.info.status = status;
    s.info.result = result;
    s.info.error = error;
    this.push(s, end);
    s.listeners.clear();
    s.finishedAt = Date.now();
  }

  private prune(): void {
    const finished = [...this.jobs.values()]
      .filter((s) => s.finishedAt !== null)
      .sort((a, b) => a.finishedAt! - b.finishedAt!);
    for (const s of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(s.info.jobId);
  }
}
