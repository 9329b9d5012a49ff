// Keyboard shortcuts, declared once: the global handler matches them, buttons show them in
// their titles. "Mod" is Cmd on macOS and Ctrl elsewhere. Chosen to avoid the keys a browser
// will not give up (Ctrl+N, Ctrl+T, Ctrl+W, Ctrl+1..9).

export type ShortcutId =
  | 'save'
  | 'build'
  | 'run'
  | 'rerun'
  | 'cancel'
  | 'settings'
  | 'openFolder'
  | 'newFromTemplate'
  | 'tabManifest'
  | 'tabBuild'
  | 'tabRun'
  | 'palette'
  | 'shortcuts';

interface Shortcut {
  key: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export const SHORTCUTS: Record<ShortcutId, Shortcut> = {
  save: { key: 's', mod: true },
  build: { key: 'b', mod: true },
  run: { key: 'Enter', mod: true },
  rerun: { key: 'Enter', mod: true, shift: true },
  cancel: { key: '.', mod: true },
  settings: { key: ',', mod: true },
  openFolder: { key: 'o', mod: true },
  newFromTemplate: { key: 'n', mod: true, alt: true },
  tabManifest: { key: '1', alt: true },
  tabBuild: { key: '2', alt: true },
  tabRun: { key: '3', alt: true },
  palette: { key: 'k', mod: true },
  /** A plain key: not while typing in a field (use-shortcuts.ts). */
  shortcuts: { key: '?', shift: true },
};

/** A shortcut without Ctrl/Cmd or Alt types a character: it must not fire inside a text field. */
export function isPlainKey(id: ShortcutId): boolean {
  const s = SHORTCUTS[id];
  return !s.mod && !s.alt;
}

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** The key a keydown stands for, independent of Alt/Shift changing the character (e.g. Alt+N on macOS). */
function eventKey(e: KeyboardEvent): string {
  if (e.code.startsWith('Key')) return e.code.slice(3).toLowerCase();
  if (e.code.startsWith('Digit')) return e.code.slice(5);
  if (e.code === 'Comma') return ',';
  if (e.code === 'Period') return '.';
  if (e.code === 'Enter' || e.code === 'NumpadEnter') return 'Enter';
  return e.key.length === 1 ? e.key.toLowerCase() : e.key;
}

export function matches(e: KeyboardEvent, id: ShortcutId, mac = isMac()): boolean {
  const s = SHORTCUTS[id];
  const mod = mac ? e.metaKey : e.ctrlKey;
  const otherMod = mac ? e.ctrlKey : e.metaKey;
  // "?" is whatever key types it on this layout (Shift or not).
  if (s.key === '?') return e.key === '?' && !mod && !otherMod && !e.altKey;
  return eventKey(e) === s.key && mod === !!s.mod && !otherMod && e.shiftKey === !!s.shift && e.altKey === !!s.alt;
}

export function matchShortcut(e: KeyboardEvent, mac = isMac()): ShortcutId | null {
  for (const id of Object.keys(SHORTCUTS) as ShortcutId[]) if (matches(e, id, mac)) return id;
  return null;
}

export function shortcutLabel(id: ShortcutId, mac = isMac()): string {
  const s = SHORTCUTS[id];
  const key = s.key === 'Enter' ? (mac ? '↩' : 'Enter') : s.key.toUpperCase();
  if (s.key === '?') return '?'; // Shift is part of typing "?" on most layouts
  if (mac) return `${s.mod ? '⌘' : ''}${s.alt ? '⌥' : ''}${s.shift ? '⇧' : ''}${key}`;
  return [s.mod ? 'Ctrl' : '', s.alt ? 'Alt' : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** "Build (Ctrl+B)" for a title attribute. */
export function withShortcut(label: string, id: ShortcutId): string {
  return `${label} (${shortcutLabel(id)})`;
}
