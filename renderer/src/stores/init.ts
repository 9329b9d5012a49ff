// Wires the stores to a transport: first loads, re-fetches after job events and after a
// reconnect. Returns a function that undoes it (tests, hot reload).
import type { Transport } from '../transport/transport';
import { useAlgorithmDetailStore } from './algorithm-detail';
import { useAlgorithmsStore } from './algorithms';
import { useCodeFilesStore } from './code-files';
import { useEngineStore } from './engine';
import { onJobBus } from './job-bus';
import { useJobsStore } from './jobs';
import { useKeepWarmStore } from './keep-warm';
import { resetLiveTuning, startLiveTuning } from './live-tuning';
import { useOverlayStore } from './overlay';
import { useRunFormStore } from './run-form';
import { useRunsStore } from './runs';
import { useSettingsStore } from './settings';
import { useToastsStore } from './toasts';
import { setTransport } from './transport-ref';
import { useUiStore } from './ui';
import { useVersionsStore } from './versions';

export function initStores(t: Transport, opts: { load?: boolean } = {}): () => void {
  setTransport(t);
  const stops: Array<() => void> = [];
  stops.push(startLiveTuning());

  stops.push(
    onJobBus((e) => {
      useAlgorithmsStore.getState().refreshSoon();
      if (e.type === 'build.done' || e.kind === 'build') useVersionsStore.getState().refreshSoon(e.algorithm);
      // A job that failed on the engine: the status bar checks it again (it may be gone).
      if (
        e.type === 'job.ended' &&
        e.status === 'failed' &&
        useJobsStore.getState().jobs[e.jobId]?.error?.code?.startsWith('ENGINE_')
      ) {
        void useEngineStore.getState().refresh();
      }
      if (e.type === 'job.ended' && e.kind === 'run') {
        const job = useJobsStore.getState().jobs[e.jobId];
        if (job?.result?.kind === 'run') useRunsStore.getState().remember(job.result.run);
        useRunsStore.getState().refreshSoon(e.algorithm);
      }
    }),
  );

  // What the selected algorithm shows: its detail, versions and runs.
  const loadSelected = (name: string | null): void => {
    if (!name) return;
    void useAlgorithmDetailStore.getState().load(name);
    void useVersionsStore.getState().refresh(name);
    void useRunsStore.getState().refresh(name);
    void useKeepWarmStore.getState().refresh(name);
  };
  stops.push(
    useUiStore.subscribe((s, prev) => {
      if (s.selected !== prev.selected) loadSelected(s.selected);
    }),
  );
  // The run form follows the manifest's form spec.
  stops.push(
    useAlgorithmDetailStore.subscribe((s, prev) => {
      for (const [name, doc] of Object.entries(s.docs)) {
        if (doc.detail?.form && doc.detail !== prev.docs[name]?.detail)
          useRunFormStore.getState().ensure(name, doc.detail.form);
      }
    }),
  );

  let wasDown = false;
  stops.push(
    t.onStatus((status) => {
      useEngineStore.getState().setConnection(status);
      if (status === 'reconnecting' || status === 'disconnected') wasDown = true;
      if (status === 'connected' && wasDown) {
        wasDown = false;
        // Things may have changed while the link was down.
        void useEngineStore.getState().refresh();
        useAlgorithmsStore.getState().refreshSoon();
        loadSelected(useUiStore.getState().selected);
      }
    }),
  );

  if (opts.load !== false) {
    void useSettingsStore.getState().load();
    void useEngineStore.getState().refresh();
    void useEngineStore.getState().loadAppInfo();
    void useAlgorithmsStore.getState().refresh();
    loadSelected(useUiStore.getState().selected);
  }

  return () => {
    for (const stop of stops) stop();
  };
}

/** Back to a blank state (tests). */
export function resetStores(): void {
  useJobsStore.getState().reset();
  useAlgorithmsStore.getState().reset();
  useAlgorithmDetailStore.getState().reset();
  useCodeFilesStore.getState().reset();
  useVersionsStore.getState().reset();
  useRunsStore.getState().reset();
  useRunFormStore.getState().reset();
  useEngineStore.getState().reset();
  useSettingsStore.getState().reset();
  useUiStore.getState().reset();
  useKeepWarmStore.getState().reset();
  resetLiveTuning();
  useToastsStore.getState().reset();
  useOverlayStore.getState().close();
  setTransport(null);
}
