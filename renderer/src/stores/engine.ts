// The container engine as the status bar shows it; polled every 5 s while unreachable.
// Also the link to Kiln itself (WebSocket status) and the app's own info.
import { create } from 'zustand';
import type { AppInfo, EngineStatus } from '../../../shared/api';
import { toDisplayError, type DisplayError } from '../transport/errors';
import type { ConnectionStatus } from '../transport/transport';
import { transport } from './transport-ref';

export const ENGINE_POLL_MS = 5_000;

export interface EngineState {
  status: EngineStatus | null;
  /** engine.status itself failed (e.g. Kiln is not reachable). */
  error: DisplayError | null;
  checking: boolean;
  connection: ConnectionStatus;
  app: AppInfo | null;
  refresh(force?: boolean): Promise<void>;
  loadAppInfo(): Promise<void>;
  setConnection(c: ConnectionStatus): void;
  stopPolling(): void;
  reset(): void;
}

let pollTimer: ReturnType<typeof setTimeout> | null = null;

export const useEngineStore = create<EngineState>()((set, get) => ({
  status: null,
  error: null,
  checking: false,
  connection: 'connecting',
  app: null,

  async refresh(force = false): Promise<void> {
    get().stopPolling();
    set({ checking: true });
    let reachable = false;
    try {
      const status = await transport().call('engine.status', force ? { refresh: true } : {});
      reachable = status.reachable;
      set({ status, error: null, checking: false });
    } catch (err) {
      set({ error: toDisplayError(err), checking: false });
    }
    if (!reachable && !pollTimer) {
      pollTimer = setTimeout(() => {
        pollTimer = null;
        void get().refresh(true);
      }, ENGINE_POLL_MS);
    }
  },

  async loadAppInfo(): Promise<void> {
    try {
      set({ app: await transport().call('app.info', {}) });
    } catch {
      // The status bar shows the engine error; app info is cosmetic.
    }
  },

  setConnection: (connection) => set({ connection }),

  stopPolling(): void {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  },

  reset(): void {
    get().stopPolling();
    set({ status: null, error: null, checking: false, connection: 'connecting', app: null });
  },
}));

/** Whether builds and runs can start: the engine answered and is reachable. */
export function engineReachable(s: Pick<EngineState, 'status'>): boolean {
  return s.status?.reachable === true;
}
