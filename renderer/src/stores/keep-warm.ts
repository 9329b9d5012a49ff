// "Keep warm" per algorithm: a served container (serve.start as a job, serve.stop, serve.status)
// that runs of its version reuse. The store holds what the Run screen shows about it; the
// container follows the version the form asks for (live-tuning.ts calls sync).
import { create } from 'zustand';
import type { ServedInfo } from '../../../shared/api';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { onJobBus } from './job-bus';
import { useJobsStore } from './jobs';
import { transport } from './transport-ref';

export type WarmStatus = 'off' | 'starting' | 'on' | 'stopping';

export interface WarmEntry {
  status: WarmStatus;
  served: ServedInfo | null;
  /** The serve job while starting (its log shows the setup). */
  jobId: string | null;
  /** The version asked for ('' = the latest, resolved by the back end). */
  wanted: string;
  error: DisplayError | null;
}

export interface KeepWarmState {
  byName: Record<string, WarmEntry>;
  /** Asks the back end whether a container is already served (a reloaded page). */
  refresh(name: string): Promise<void>;
  /** Turns it on for `version` ('' = the latest); another version already served is replaced. */
  enable(name: string, version: string, gpu?: string): Promise<void>;
  disable(name: string): Promise<void>;
  reset(): void;
}

const OFF: WarmEntry = { status: 'off', served: null, jobId: null, wanted: '', error: null };

/** The version runs should use while warm, or null when not warm. */
export function warmVersion(s: KeepWarmState, name: string): string | null {
  const e = s.byName[name];
  return e?.status === 'on' && e.served ? e.served.version : null;
}

export const useKeepWarmStore = create<KeepWarmState>()((set, get) => {
  const patch = (name: string, p: Partial<WarmEntry>): void =>
    set((s) => ({ byName: { ...s.byName, [name]: { ...(s.byName[name] ?? OFF), ...p } } }));

  // A serve job ended: on with its container, or off with its error.
  onJobBus((e) => {
    if (e.type !== 'job.ended' || e.kind !== 'serve') return;
    const entry = get().byName[e.algorithm];
    if (!entry || entry.jobId !== e.jobId) return; // superseded by a later start, or turned off
    const job = useJobsStore.getState().jobs[e.jobId];
    if (e.status === 'succeeded' && job?.result?.kind === 'serve') {
      patch(e.algorithm, { status: 'on', served: job.result.served, jobId: null, error: null });
    } else {
      const error: DisplayError | null = job?.error ? toDisplayError(job.error) : null;
      patch(e.algorithm, { status: 'off', served: null, jobId: null, error: e.status === 'failed' ? error : null });
    }
  });

  return {
    byName: {},

    async refresh(name): Promise<void> {
      try {
        const { served } = await transport().call('serve.status', { name });
        const entry = get().byName[name];
        if (entry && entry.status !== 'on' && entry.status !== 'off') return; // a change is under way
        patch(name, served ? { status: 'on', served, error: null } : { status: 'off', served: null });
      } catch {
        // Shown as off; turning it on reports any error.
      }
    },

    async enable(name, version, gpu = 'auto'): Promise<void> {
      const entry = get().byName[name] ?? OFF;
      if (entry.status === 'starting' && entry.wanted === version) return;
      patch(name, { status: 'starting', wanted: version, error: null });
      const jobId = await useJobsStore.getState().startServe({ name, ...(version ? { version } : {}), gpu });
      if (get().byName[name]?.status !== 'starting' || get().byName[name]?.wanted !== version) {
        return; // turned off (or asked for another version) while the call was on its way
      }
      if (!jobId) {
        const { startError } = useJobsStore.getState();
        patch(name, { status: 'off', served: null, error: startError[`serve:${name}`] ?? null });
        return;
      }
      patch(name, { jobId });
    },

    async disable(name): Promise<void> {
      const entry = get().byName[name] ?? OFF;
      patch(name, { status: 'stopping', jobId: null });
      try {
        if (entry.jobId) await useJobsStore.getState().cancel(entry.jobId);
        await transport().call('serve.stop', { name });
        patch(name, { status: 'off', served: null, error: null });
      } catch (err) {
        patch(name, { status: 'off', served: null, error: toDisplayError(err) });
      }
    },

    reset: () => set({ byName: {} }),
  };
});
