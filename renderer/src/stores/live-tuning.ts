// Live tuning: while an algorithm is kept warm, a changed arg or input re-runs the current
// inputs on the warm container: debounced, one call in flight, at most one pending with the
// latest values (lib/live-scheduler.ts). The warm container follows the form's version.
import { create } from 'zustand';
import { LiveScheduler, type LiveState } from '../lib/live-scheduler';
import { startRunJob } from './flows';
import { onJobBus } from './job-bus';
import { selectLatestJob, useJobsStore } from './jobs';
import { useKeepWarmStore, warmVersion, type KeepWarmState } from './keep-warm';
import { useRunFormStore, type RunForm } from './run-form';
import { useVersionsStore } from './versions';

/** Quiet time after the last change before a call goes out. */
export const LIVE_DELAY_MS = 300;

export interface LiveTuningState {
  byName: Record<string, LiveState>;
}

export const useLiveTuningStore = create<LiveTuningState>()(() => ({ byName: {} }));

const IDLE: LiveState = { waiting: false, inFlight: false, pending: false };
const schedulers = new Map<string, LiveScheduler>();

/** True while a live change is waiting, running or pending for this algorithm. */
export function liveBusy(s: LiveTuningState, name: string): boolean {
  const l = s.byName[name] ?? IDLE;
  return l.waiting || l.inFlight || l.pending;
}

/** Resolves when the job has ended (at once when it is not running). */
function jobEnded(jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = onJobBus((e) => {
      if (e.type === 'job.ended' && e.jobId === jobId) {
        stop();
        resolve();
      }
    });
    const job = useJobsStore.getState().jobs[jobId];
    if (!job || job.status !== 'running') {
      stop();
      resolve();
    }
  });
}

/** One live call: waits for a run already going (a click on Run), then runs on the warm version. */
async function liveSend(name: string): Promise<void> {
  const running = selectLatestJob(useJobsStore.getState(), 'run', name);
  if (running?.status === 'running') await jobEnded(running.jobId);
  const version = warmVersion(useKeepWarmStore.getState(), name);
  if (!version) return;
  const jobId = await startRunJob(name, { version });
  if (jobId) await jobEnded(jobId);
}

export function liveScheduler(name: string): LiveScheduler {
  let s = schedulers.get(name);
  if (!s) {
    s = new LiveScheduler({
      delayMs: LIVE_DELAY_MS,
      send: () => liveSend(name),
      onState: (state) => useLiveTuningStore.setState((st) => ({ byName: { ...st.byName, [name]: state } })),
    });
    schedulers.set(name, s);
  }
  return s;
}

function inputsKey(form: RunForm | undefined): string {
  if (!form) return '';
  return JSON.stringify(Object.entries(form.inputs).map(([k, v]) => [k, v.path]));
}

const isWarm = (s: KeepWarmState, name: string): boolean => s.byName[name]?.status === 'on';

/** Wires live tuning to the stores; returns the function that undoes it. */
export function startLiveTuning(): () => void {
  const stops: Array<() => void> = [];

  // A changed arg or input (a new path, not an upload's progress) while warm: re-run, debounced.
  stops.push(
    useRunFormStore.subscribe((s, prev) => {
      for (const [name, form] of Object.entries(s.forms)) {
        const before = prev.forms[name];
        const warm = useKeepWarmStore.getState().byName[name]?.status;
        if (!before || (warm !== 'on' && warm !== 'starting')) continue;
        // Another version picked: the warm container follows it (and then re-runs, below).
        if (form.version !== before.version) void useKeepWarmStore.getState().enable(name, form.version, form.gpu);
        else if (
          isWarm(useKeepWarmStore.getState(), name) &&
          (form.values !== before.values || inputsKey(form) !== inputsKey(before))
        )
          liveScheduler(name).changed();
      }
    }),
  );

  // Warm now (turned on, or a new version served): show the current inputs on it.
  stops.push(
    useKeepWarmStore.subscribe((s, prev) => {
      for (const [name, entry] of Object.entries(s.byName)) {
        const was = prev.byName[name];
        if (entry.status === 'on' && (was?.status !== 'on' || was.served?.version !== entry.served?.version))
          liveScheduler(name).changed();
        if (entry.status === 'off' && was && was.status !== 'off') schedulers.get(name)?.cancel();
      }
    }),
  );

  // A new build while the form says "latest": the warm container moves to the new version.
  stops.push(
    useVersionsStore.subscribe((s, prev) => {
      for (const [name, list] of Object.entries(s.byName)) {
        const latest = list.list[0]?.version;
        const before = prev.byName[name]?.list[0]?.version;
        if (!latest || latest === before || !prev.byName[name]?.loaded) continue;
        const entry = useKeepWarmStore.getState().byName[name];
        const form = useRunFormStore.getState().forms[name];
        if (!entry || entry.status === 'off' || entry.status === 'stopping' || form?.version) continue;
        if (entry.served?.version !== latest) void useKeepWarmStore.getState().enable(name, '', form?.gpu);
      }
    }),
  );

  return () => {
    for (const stop of stops) stop();
  };
}

/** Back to a blank state (tests). */
export function resetLiveTuning(): void {
  for (const s of schedulers.values()) s.dispose();
  schedulers.clear();
  useLiveTuningStore.setState({ byName: {} });
}
