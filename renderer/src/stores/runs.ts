// Run history per algorithm (runs.list) and the run whose outputs are shown.
import { create } from 'zustand';
import type { RunRemoval } from '../../../shared/api';
import type { RunRecord } from '../../../shared/records';
import { debounceByKey } from '../lib/debounce';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { useRunFormStore } from './run-form';
import { transport } from './transport-ref';

export const RUNS_PAGE = 50;

export interface RunList {
  list: RunRecord[];
  loaded: boolean;
  loading: boolean;
  error: DisplayError | null;
}

export interface RunsState {
  byName: Record<string, RunList>;
  /** The run whose outputs are shown, per algorithm (null: the latest finished run). */
  selected: Record<string, string | null>;
  refresh(name: string): Promise<void>;
  refreshSoon(name: string): void;
  select(name: string, runId: string | null): void;
  /** Keep a run record that came with a job result (it may not be listed yet). */
  remember(run: RunRecord): void;
  /** Deletes a run (runs.delete): gone from the list and the selection, and from the form's
   *  inputs when one was a stored upload that went with it. Rejects with the back end's error. */
  remove(name: string, id: string): Promise<RunRemoval>;
  reset(): void;
}

const EMPTY: RunList = { list: [], loaded: false, loading: false, error: null };

export const useRunsStore = create<RunsState>()((set, get) => {
  const patch = (name: string, p: Partial<RunList>): void =>
    set((s) => ({ byName: { ...s.byName, [name]: { ...(s.byName[name] ?? EMPTY), ...p } } }));
  const soon = debounceByKey<string>((name) => void get().refresh(name), 250);
  return {
    byName: {},
    selected: {},
    async refresh(name): Promise<void> {
      patch(name, { loading: true });
      try {
        const list = await transport().call('runs.list', { name, limit: RUNS_PAGE });
        const sorted = [...list].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
        patch(name, { list: sorted, loaded: true, loading: false, error: null });
      } catch (err) {
        patch(name, { loading: false, error: toDisplayError(err) });
      }
    },
    refreshSoon: (name) => soon(name),
    select: (name, runId) => set((s) => ({ selected: { ...s.selected, [name]: runId } })),
    remember(run): void {
      const name = run.algorithm;
      if (!name) return;
      const cur = get().byName[name] ?? EMPTY;
      if (cur.list.some((r) => r.id === run.id)) {
        patch(name, { list: cur.list.map((r) => (r.id === run.id ? run : r)) });
      } else {
        patch(name, { list: [run, ...cur.list] });
      }
    },
    async remove(name, id): Promise<RunRemoval> {
      const result = await transport().call('runs.delete', { id });
      const cur = get().byName[name] ?? EMPTY;
      patch(name, { list: cur.list.filter((r) => r.id !== id) });
      if (get().selected[name] === id) get().select(name, null);
      const gone = new Set(result.removed);
      const form = useRunFormStore.getState().forms[name];
      for (const [key, choice] of Object.entries(form?.inputs ?? {})) {
        if (choice.path && gone.has(choice.path)) useRunFormStore.getState().clearInput(name, key);
      }
      return result;
    },
    reset(): void {
      soon.cancel();
      set({ byName: {}, selected: {} });
    },
  };
});
