// What a build or run panel shows about one job, and how each event changes it (pure).
import { formatLogLine } from '../../../shared/log-format';
import type { JobEventEnvelope, JobResult } from '../../../shared/api';
import type { ErrorEnvelope } from '../../../shared/errors';
import type { LogBuffer } from '../lib/log-buffer';

export type JobKind = 'build' | 'run' | 'serve';
export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';
export type Stage = 'models' | 'main';

export interface StepView {
  stage: Stage;
  index: number;
  total: number;
  instruction: string;
  cached: boolean;
  /** Line number (0-based, counting lines dropped from the start) where this step's output starts. */
  logStart: number;
}

export type RunPhase = 'queued' | 'building' | 'starting' | 'ready' | 'calling' | 'finished';

export interface JobView {
  jobId: string;
  kind: JobKind;
  algorithm: string;
  status: JobStatus;
  lastSeq: number;
  /** Client clock, ms. */
  startedAt: number;
  endedAt: number | null;
  // build
  steps: StepView[];
  current: StepView | null;
  waiting: string | null;
  context: { files: number; bytes: number; cachedFiles: number; contentHash: string } | null;
  reusedVersion: string | null;
  builtVersion: string | null;
  // run
  phase: RunPhase | null;
  gpu: string | null;
  setupMs: number | null;
  runErrorCode: number | null;
  elapsedMs: number | null;
  // end
  result: JobResult | null;
  error: ErrorEnvelope | null;
  logCount: number;
}

export function newJobView(jobId: string, kind: JobKind, algorithm: string, now: number): JobView {
  return {
    jobId,
    kind,
    algorithm,
    status: 'running',
    lastSeq: 0,
    startedAt: now,
    endedAt: null,
    steps: [],
    current: null,
    waiting: null,
    context: null,
    reusedVersion: null,
    builtVersion: null,
    phase: kind === 'build' ? null : 'queued',
    gpu: null,
    setupMs: null,
    runErrorCode: null,
    elapsedMs: null,
    result: null,
    error: null,
    logCount: 0,
  };
}

/**
 * A log event applied to a view made in the same batch (so nobody else holds it): in place, with
 * no new view per line (100,000 of them would be garbage the collector pauses for). False when
 * the event is not a log line (apply it with applyJobEvent).
 */
export function applyLogEventInPlace(draft: JobView, envelope: JobEventEnvelope, log: LogBuffer): boolean {
  const e = envelope.event;
  if (e.type !== 'run.log' && e.type !== 'build.log') return false;
  if (envelope.seq <= draft.lastSeq) return true;
  draft.lastSeq = envelope.seq;
  if (e.type === 'build.log') log.append(e.line);
  else for (const l of formatLogLine(e.line, { time: true }).split('\n')) log.append(l);
  draft.logCount = log.length;
  return true;
}

/** Applies one event; the log lines go to `log` (mutable), the rest into a new view. */
export function applyJobEvent(view: JobView, envelope: JobEventEnvelope, log: LogBuffer, now: number): JobView {
  if (envelope.seq <= view.lastSeq) return view;
  const v: JobView = { ...view, lastSeq: envelope.seq };
  const e = envelope.event;
  switch (e.type) {
    case 'build.context':
      v.context = { files: e.files, bytes: e.bytes, cachedFiles: e.cachedFiles, contentHash: e.contentHash };
      break;
    case 'build.waiting':
      v.waiting = e.reason;
      break;
    case 'build.reused':
      v.reusedVersion = e.version;
      v.waiting = null;
      break;
    case 'build.image':
      v.waiting = null;
      break;
    case 'build.step': {
      const step: StepView = {
        stage: e.stage,
        index: e.index,
        total: e.total,
        instruction: e.instruction,
        cached: false,
        logStart: log.length + log.dropped,
      };
      v.steps = [...v.steps.filter((s) => !(s.stage === e.stage && s.index === e.index)), step];
      v.current = step;
      v.waiting = null;
      break;
    }
    case 'build.cached':
      v.steps = v.steps.map((s) => (s.stage === e.stage && s.index === e.index ? { ...s, cached: true } : s));
      if (v.current && v.current.stage === e.stage && v.current.index === e.index)
        v.current = { ...v.current, cached: true };
      break;
    case 'build.log':
      log.append(e.line);
      break;
    case 'build.done':
      v.builtVersion = e.version;
      break;
    case 'run.building':
      v.phase = 'building';
      break;
    case 'run.starting':
      v.phase = 'starting';
      v.gpu = e.gpu;
      break;
    case 'run.reusing':
      v.phase = 'starting';
      break;
    case 'run.ready':
      v.phase = 'ready';
      v.setupMs = e.setupMs;
      break;
    case 'run.calling':
      v.phase = 'calling';
      break;
    case 'run.log':
      for (const l of formatLogLine(e.line, { time: true }).split('\n')) log.append(l);
      break;
    case 'run.done':
      v.phase = 'finished';
      v.runErrorCode = e.errorCode;
      v.elapsedMs = e.elapsedMs;
      break;
    case 'job.done':
      v.status = 'succeeded';
      v.result = e.result;
      v.endedAt = now;
      if (e.result.kind === 'build') {
        if (e.result.reused) v.reusedVersion = e.result.version.version;
        else v.builtVersion = e.result.version.version;
      }
      if (v.kind !== 'build') v.phase = 'finished';
      if (e.result.kind === 'run') {
        // The whole run (start, setup, call, collect), not only the algorithm's call.
        const total = e.result.run.timings?.['total'];
        if (typeof total === 'number') v.elapsedMs = total;
      }
      break;
    case 'job.failed':
      v.status = 'failed';
      v.error = e.error;
      v.endedAt = now;
      if (v.kind !== 'build') v.phase = 'finished';
      break;
    case 'job.cancelled':
      v.status = 'cancelled';
      v.endedAt = now;
      if (v.kind !== 'build') v.phase = 'finished';
      break;
  }
  v.logCount = log.length;
  return v;
}

/** The failing build step and where its output starts in the log, for the failure panel. */
export function failingStep(view: JobView): StepView | null {
  if (view.status !== 'failed') return null;
  return view.current;
}
