// Applies the theme as a class on <html>: theme-light or theme-dark. "system" follows
// prefers-color-scheme, live.

export type ThemePreference = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';

const QUERY = '(prefers-color-scheme: dark)';
let stopWatching: (() => void) | null = null;
const resolvedListeners = new Set<(t: ResolvedTheme) => void>();
let resolved: ResolvedTheme = 'light';

function systemTheme(): ResolvedTheme {
  return typeof matchMedia === 'function' && matchMedia(QUERY).matches ? 'dark' : 'light';
}

function setResolved(t: ResolvedTheme, pref: ThemePreference): void {
  const root = document.documentElement;
  root.classList.toggle('theme-dark', t === 'dark');
  root.classList.toggle('theme-light', t === 'light');
  root.dataset['themePreference'] = pref;
  if (t !== resolved) {
    resolved = t;
    for (const l of [...resolvedListeners]) l(t);
  }
}

export function applyTheme(pref: ThemePreference): void {
  stopWatching?.();
  stopWatching = null;
  if (pref === 'system') {
    setResolved(systemTheme(), pref);
    if (typeof matchMedia === 'function') {
      const mq = matchMedia(QUERY);
      const onChange = (): void => setResolved(mq.matches ? 'dark' : 'light', 'system');
      mq.addEventListener('change', onChange);
      stopWatching = () => mq.removeEventListener('change', onChange);
    }
  } else {
    setResolved(pref, pref);
  }
}

export function resolvedTheme(): ResolvedTheme {
  return resolved;
}

/** Called when the effective theme changes (the editor follows it). */
export function onResolvedTheme(l: (t: ResolvedTheme) => void): () => void {
  resolvedListeners.add(l);
  return () => resolvedListeners.delete(l);
}
