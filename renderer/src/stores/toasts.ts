// Short notices that come and go (a toast): they take no permanent space on screen. Each one
// closes by itself after a while, or when the user closes it or takes its action.
import { create } from 'zustand';
import type { MessageKey } from '../i18n';

export interface ToastText {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export interface Toast {
  id: number;
  title?: ToastText;
  text: ToastText;
  action?: { label: ToastText; run: () => void };
}

export interface ToastsState {
  toasts: Toast[];
  /** Shows a toast for `ms` (the same text again replaces the old one); returns its id. */
  show(toast: Omit<Toast, 'id'>, ms?: number): number;
  dismiss(id: number): void;
  reset(): void;
}

/** How long a toast stays: long enough to read two sentences. */
export const TOAST_MS = 10_000;

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const useToastsStore = create<ToastsState>()((set, get) => ({
  toasts: [],

  show(toast, ms = TOAST_MS): number {
    const id = nextId++;
    for (const old of get().toasts) if (old.text.key === toast.text.key) get().dismiss(old.id);
    set((s) => ({ toasts: [...s.toasts, { ...toast, id }] }));
    timers.set(
      id,
      setTimeout(() => get().dismiss(id), ms),
    );
    return id;
  },

  dismiss(id): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },

  reset(): void {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    set({ toasts: [] });
  },
}));
