// The algorithm list in the sidebar (algorithms.list), re-fetched debounced after jobs end.
import { create } from 'zustand';
import type { AlgorithmSummary } from '../../../shared/api';
import { debounceByKey } from '../lib/debounce';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export const LIST_REFRESH_DEBOUNCE_MS = 250;

export interface AlgorithmsState {
  list: AlgorithmSummary[];
  loaded: boolean;
  loading: boolean;
  error: DisplayError | null;
  refresh(): Promise<void>;
  /** Debounced refresh: a burst of events becomes one algorithms.list. */
  refreshSoon(): void;
  reset(): void;
}

let generation = 0;

export const useAlgorithmsStore = create<AlgorithmsState>()((set, get) => {
  const soon = debounceByKey<'all'>(() => void get().refresh(), LIST_REFRESH_DEBOUNCE_MS);
  return {
    list: [],
    loaded: false,
    loading: false,
    error: null,
    async refresh(): Promise<void> {
      const mine = ++generation;
      set({ loading: true });
      try {
        const list = await transport().call('algorithms.list', {});
        if (mine !== generation) return;
        set({
          list: [...list].sort((a, b) => a.name.localeCompare(b.name)),
          loaded: true,
          loading: false,
          error: null,
        });
      } catch (err) {
        if (mine !== generation) return;
        set({ loading: false, error: toDisplayError(err) });
      }
    },
    refreshSoon: () => soon('all'),
    reset(): void {
      soon.cancel();
      generation++;
      set({ list: [], loaded: false, loading: false, error: null });
    },
  };
});
