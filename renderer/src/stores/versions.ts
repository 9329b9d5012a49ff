// Versions of each algorithm (versions.list), newest first.
import { create } from 'zustand';
import type { VersionSummary } from '../../../shared/api';
import { debounceByKey } from '../lib/debounce';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export interface VersionList {
  list: VersionSummary[];
  loaded: boolean;
  loading: boolean;
  error: DisplayError | null;
}

export interface VersionsState {
  byName: Record<string, VersionList>;
  refresh(name: string): Promise<void>;
  refreshSoon(name: string): void;
  reset(): void;
}

const EMPTY: VersionList = { list: [], loaded: false, loading: false, error: null };

export function newestFirst(list: readonly VersionSummary[]): VersionSummary[] {
  return [...list].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
}

export const useVersionsStore = create<VersionsState>()((set, get) => {
  const patch = (name: string, p: Partial<VersionList>): void =>
    set((s) => ({ byName: { ...s.byName, [name]: { ...(s.byName[name] ?? EMPTY), ...p } } }));
  const soon = debounceByKey<string>((name) => void get().refresh(name), 250);
  return {
    byName: {},
    async refresh(name): Promise<void> {
      patch(name, { loading: true });
      try {
        const list = await transport().call('versions.list', { name });
        patch(name, { list: newestFirst(list), loaded: true, loading: false, error: null });
      } catch (err) {
        patch(name, { loading: false, error: toDisplayError(err) });
      }
    },
    refreshSoon: (name) => soon(name),
    reset(): void {
      soon.cancel();
      set({ byName: {} });
    },
  };
});
