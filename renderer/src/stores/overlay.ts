// Which keyboard overlay is open: the command palette (Ctrl/Cmd+K) or the shortcut list (?).
// Apart from the dialogs (stores/ui.ts): they open over anything and close with Esc.
import { create } from 'zustand';

export type Overlay = 'palette' | 'shortcuts';

export interface OverlayState {
  open: Overlay | null;
  show(overlay: Overlay): void;
  /** Opens it, or closes it when it is the one open. */
  toggle(overlay: Overlay): void;
  close(): void;
}

export const useOverlayStore = create<OverlayState>()((set, get) => ({
  open: null,
  show: (overlay) => set({ open: overlay }),
  toggle: (overlay) => set({ open: get().open === overlay ? null : overlay }),
  close: () => set({ open: null }),
}));
