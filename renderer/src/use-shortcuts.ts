// The global keyboard shortcuts: the actions of actions.ts that have one (lib/shortcuts.ts
// says which keys). The shortcut list and the command palette list the same actions.
import { useEffect } from 'react';
import { ACTIONS, performAction } from './actions';
import { isPlainKey, matches, type ShortcutId } from './lib/shortcuts';
import { useOverlayStore } from './stores/overlay';
import { useUiStore } from './stores/ui';

/** Takes the action bound to a shortcut (on the shown algorithm, when it needs one). */
export function dispatchShortcut(id: ShortcutId): void {
  const action = ACTIONS.find((a) => a.shortcut === id);
  if (action) performAction(action);
}

/** The shortcut a keydown means, among the actions' shortcuts. */
function matchAction(e: KeyboardEvent): ShortcutId | null {
  for (const a of ACTIONS) if (a.shortcut && matches(e, a.shortcut)) return a.shortcut;
  return null;
}

/** Typing in a text field (or the editor): plain-key shortcuts such as "?" stay out of the way. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor');
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.repeat) return;
      const overlay = useOverlayStore.getState().open;
      // Esc closes the open overlay or dialog even when focus has left it.
      if (e.key === 'Escape' && (overlay || useUiStore.getState().dialog)) {
        e.preventDefault();
        if (overlay) useOverlayStore.getState().close();
        else useUiStore.getState().closeDialog();
        return;
      }
      const id = matchAction(e);
      if (!id) return;
      if (isPlainKey(id) && typingIn(e.target)) return;
      // With a dialog or overlay open only the toggles work; Esc is the dialog's own.
      const toggles: ShortcutId[] = overlay ? ['palette', 'shortcuts'] : ['settings', 'palette', 'shortcuts'];
      if ((useUiStore.getState().dialog || overlay) && !toggles.includes(id)) return;
      e.preventDefault();
      if (overlay && id !== overlay) useOverlayStore.getState().close();
      dispatchShortcut(id);
    };
    // Dropping a file outside a drop zone must not navigate away from the app.
    const stopDrop = (e: DragEvent): void => e.preventDefault();
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', stopDrop);
    window.addEventListener('drop', stopDrop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', stopDrop);
      window.removeEventListener('drop', stopDrop);
    };
  }, []);
}
