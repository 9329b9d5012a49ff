// Build and run jobs: progress and log lines, from job events. Events are queued and
// applied once per animation frame, so 100,000 log lines stream in without stalling.
import { create } from 'zustand';
import type { JobEventEnvelope, MethodInput } from '../../../shared/api';
import type { ErrorEnvelope } from '../../../shared/errors';
import { nextFrame } from '../lib/frame';
import { LogBuffer } from '../lib/log-buffer';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { emitJobBus } from './job-bus';
import { applyJobEvent, applyLogEventInPlace, newJobView, type JobKind, type JobView } from './job-view';
import { transport } from './transport-ref';

export function jobSlot(kind: JobKind, algorithm: string): string {
  return `${kind}:${algorithm}`;
}

export interface JobsState {
  jobs: Record<string, JobView>;
  /** Log lines per job (mutable buffers; jobs[id].logCount says when they grew). */
  logs: Record<string, LogBuffer>;
  /** The latest job per slot (`build:<name>`, `run:<name>`). */
  latest: Record<string, string>;
  starting: Record<string, boolean>;
  startError: Record<string, DisplayError | null>;
  track(jobId: string, kind: JobKind, algorithm: string, since?: number): void;
  startBuild(name: string): Promise<string | null>;
  startRun(input: MethodInput<'run.start'>): Promise<string | null>;
  /** "Keep warm": a serve job (the warm container starting, its setup's log). */
  startServe(input: MethodInput<'serve.start'>): Promise<string | null>;
  cancel(jobId: string): Promise<void>;
  /** Queue an event; applied on the next frame. */
  ingest(envelope: JobEventEnvelope): void;
  /**
   * Apply the queued events now: all of them, or (the frame callback) as many as fit in `budgetMs`,
   * the rest on the next frame, so a burst of log lines never holds one frame for long.
   */
  flush(budgetMs?: number): void;
  reset(): void;
}

let queue: JobEventEnvelope[] = [];
/** Time for applying events in one frame's callback (the rest of a burst waits a frame). */
const FRAME_BUDGET_MS = 8;
const BUDGET_CHUNK = 500;
let cancelFrame: (() => void) | null = null;
const unsubscribers = new Map<string, () => void>();

function initial(): Pick<JobsState, 'jobs' | 'logs' | 'latest' | 'starting' | 'startError'> {
  return { jobs: {}, logs: {}, latest: {}, starting: {}, startError: {} };
}

export const useJobsStore = create<JobsState>()((set, get) => {
  const failJob = (jobId: string, error: ErrorEnvelope): void => {
    const job = get().jobs[jobId];
    if (!job || job.status !== 'running') return;
    set((s) => ({ jobs: { ...s.jobs, [jobId]: { ...job, status: 'failed', error, endedAt: Date.now() } } }));
    unsubscribers.get(jobId)?.();
    unsubscribers.delete(jobId);
    emitJobBus({ type: 'job.ended', jobId, kind: job.kind, algorithm: job.algorithm, status: 'failed' });
  };

  const start = async (
    kind: JobKind,
    name: string,
    begin: () => Promise<{ jobId: string }>,
  ): Promise<string | null> => {
    const slot = jobSlot(kind, name);
    set((s) => ({ starting: { ...s.starting, [slot]: true }, startError: { ...s.startError, [slot]: null } }));
    try {
      const { jobId } = await begin();
      get().track(jobId, kind, name);
      return jobId;
    } catch (err) {
      set((s) => ({ startError: { ...s.startError, [slot]: toDisplayError(err) } }));
      return null;
    } finally {
      set((s) => ({ starting: { ...s.starting, [slot]: false } }));
    }
  };

  return {
    ...initial(),

    track(jobId, kind, algorithm, since = 0): void {
      if (get().jobs[jobId]) return;
      const view = newJobView(jobId, kind, algorithm, Date.now());
      view.lastSeq = since;
      set((s) => {
        // Only the latest job per slot is shown: let the previous one's lines go.
        const previous = s.latest[jobSlot(kind, algorithm)];
        const jobs = { ...s.jobs, [jobId]: view };
        const logs = { ...s.logs, [jobId]: new LogBuffer() };
        if (previous && s.jobs[previous]?.status !== 'running') {
          delete jobs[previous];
          delete logs[previous];
        }
        return { jobs, logs, latest: { ...s.latest, [jobSlot(kind, algorithm)]: jobId } };
      });
      const stop = transport().subscribe(
        jobId,
        since,
        (envelope) => get().ingest(envelope),
        (err) =>
          failJob(jobId, {
            code: err.code as ErrorEnvelope['code'],
            message: err.message,
            ...(err.hint ? { hint: err.hint } : {}),
          }),
      );
      unsubscribers.set(jobId, stop);
    },

    startBuild: (name) => start('build', name, () => transport().call('build.start', { name })),

    startRun: (input) => start('run', input.name, () => transport().call('run.start', input)),

    startServe: (input) => start('serve', input.name, () => transport().call('serve.start', input)),

    async cancel(jobId): Promise<void> {
      try {
        await transport().call('jobs.cancel', { jobId });
      } catch (err) {
        const job = get().jobs[jobId];
        if (job)
          set((s) => ({ startError: { ...s.startError, [jobSlot(job.kind, job.algorithm)]: toDisplayError(err) } }));
      }
    },

    ingest(envelope): void {
      queue.push(envelope);
      if (!cancelFrame) {
        cancelFrame = nextFrame(() => {
          cancelFrame = null;
          get().flush(FRAME_BUDGET_MS);
        });
      }
    },

    flush(budgetMs?: number): void {
      if (cancelFrame) {
        cancelFrame();
        cancelFrame = null;
      }
      if (queue.length === 0) return;
      const batch = queue;
      queue = [];
      const deadline = budgetMs === undefined ? Infinity : performance.now() + budgetMs;
      const { jobs, logs } = get();
      const changed: Record<string, JobView> = {};
      const ended: JobView[] = [];
      const built: JobView[] = [];
      const now = Date.now();
      for (let i = 0; i < batch.length; i++) {
        // The clock is read once per chunk: reading it per event would cost more than many events.
        if (i > 0 && i % BUDGET_CHUNK === 0 && performance.now() > deadline) {
          queue = batch.slice(i);
          cancelFrame = nextFrame(() => {
            cancelFrame = null;
            get().flush(FRAME_BUDGET_MS);
          });
          break;
        }
        const envelope = batch[i]!;
        const before = changed[envelope.jobId] ?? jobs[envelope.jobId];
        const log = logs[envelope.jobId];
        if (!before || !log) continue;
        // A view made in this batch is ours to change: log lines go into it in place.
        if (changed[envelope.jobId] && applyLogEventInPlace(before, envelope, log)) continue;
        const after = applyJobEvent(before, envelope, log, now);
        if (after === before) continue;
        changed[envelope.jobId] = after;
        if (envelope.event.type === 'build.done') built.push(after);
        if (before.status === 'running' && after.status !== 'running') ended.push(after);
      }
      if (Object.keys(changed).length === 0) return;
      set((s) => ({ jobs: { ...s.jobs, ...changed } }));
      for (const job of built) emitJobBus({ type: 'build.done', jobId: job.jobId, algorithm: job.algorithm });
      for (const job of ended) {
        unsubscribers.get(job.jobId)?.();
        unsubscribers.delete(job.jobId);
        emitJobBus({
          type: 'job.ended',
          jobId: job.jobId,
          kind: job.kind,
          algorithm: job.algorithm,
          status: job.status as 'succeeded' | 'failed' | 'cancelled',
        });
      }
    },

    reset(): void {
      cancelFrame?.();
      cancelFrame = null;
      queue = [];
      for (const stop of unsubscribers.values()) stop();
      unsubscribers.clear();
      set(initial());
    },
  };
});

/** The latest job of a kind for an algorithm, or null. */
export function selectLatestJob(s: JobsState, kind: JobKind, algorithm: string): JobView | null {
  const id = s.latest[jobSlot(kind, algorithm)];
  return id ? (s.jobs[id] ?? null) : null;
}
