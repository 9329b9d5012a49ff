// Navigation and dialogs: which algorithm and tab are shown (mirrored in location.hash so
// a reload comes back to the same place), and which dialog is open.
import { create } from 'zustand';
import type { DisplayError } from '../transport/errors';

export type Tab = 'manifest' | 'build' | 'run';
export const TABS: readonly Tab[] = ['manifest', 'build', 'run'];

export type Dialog =
  | { kind: 'open'; path: string; error: DisplayError | null }
  | { kind: 'create'; parent: string; name: string; note: 'manifest-missing' | null }
  | { kind: 'settings' }
  | { kind: 'drop-unsupported' }
  | { kind: 'rename-algorithm'; name: string }
  | { kind: 'remove-algorithm'; name: string }
  | { kind: 'remove-version'; name: string; version: string; tag: string };

export interface UiState {
  selected: string | null;
  tab: Tab;
  dialog: Dialog | null;
  select(name: string | null, tab?: Tab): void;
  setTab(tab: Tab): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  reset(): void;
}

export function parseHash(hash: string): { selected: string | null; tab: Tab } {
  const m = /^#\/a\/([^/]+)(?:\/([a-z]+))?$/.exec(hash);
  if (!m?.[1]) return { selected: null, tab: 'manifest' };
  const tab = TABS.find((t) => t === m[2]) ?? 'manifest';
  return { selected: decodeURIComponent(m[1]), tab };
}

export function toHash(selected: string | null, tab: Tab): string {
  return selected ? `#/a/${encodeURIComponent(selected)}/${tab}` : '';
}

function writeHash(selected: string | null, tab: Tab): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  const next = toHash(selected, tab);
  if (location.hash !== next) history.replaceState(null, '', next || `${location.pathname}${location.search}`);
}

const start = typeof location !== 'undefined' ? parseHash(location.hash) : { selected: null, tab: 'manifest' as Tab };

export const useUiStore = create<UiState>()((set, get) => ({
  selected: start.selected,
  tab: start.tab,
  dialog: null,
  select(name, tab): void {
    const t = tab ?? (name === get().selected ? get().tab : 'manifest');
    set({ selected: name, tab: t });
    writeHash(name, t);
  },
  setTab(tab): void {
    set({ tab });
    writeHash(get().selected, tab);
  },
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  reset: () => set({ selected: null, tab: 'manifest', dialog: null }),
}));
