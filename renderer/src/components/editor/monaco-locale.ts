// Monaco's own words (find widget, context menu, hovers) in the UI's language. Monaco 0.55
// reads its messages from globalThis._VSCODE_NLS_MESSAGES, which its shipped
// esm/nls.messages.<lang>.js sets; most labels are read once, when Monaco's modules are
// evaluated. So the locale is loaded (lazily, its own chunk) before the editor modules: every
// lazy import of an editor goes through withMonacoLocale. Switching language later updates what
// Monaco looks up from then on; labels it read at load time follow on the next page load,
// which the editor area says (locale-notice.tsx, from useMonacoLocaleStore).
import { create } from 'zustand';
import type { Language } from '../../i18n';
import { useSettingsStore } from '../../stores/settings';

interface NlsGlobals {
  _VSCODE_NLS_MESSAGES?: string[] | undefined;
  _VSCODE_NLS_LANGUAGE?: string | undefined;
}

const g = globalThis as NlsGlobals;
let zhCN: string[] | undefined;

/** Make Monaco's message table the one for this language (English is Monaco's built-in text). */
export async function loadMonacoLocale(language: Language): Promise<void> {
  if (language === 'zh-CN') {
    if (!zhCN) {
      await import('monaco-editor/esm/nls.messages.zh-cn.js');
      zhCN = g._VSCODE_NLS_MESSAGES;
    }
    g._VSCODE_NLS_MESSAGES = zhCN;
    g._VSCODE_NLS_LANGUAGE = 'zh-cn';
  } else {
    g._VSCODE_NLS_MESSAGES = undefined;
    g._VSCODE_NLS_LANGUAGE = undefined;
  }
}

/** The language Monaco's modules were first evaluated in (null before the first editor loads). */
export const useMonacoLocaleStore = create<{ loadedIn: Language | null }>()(() => ({ loadedIn: null }));

/** A lazy editor import that loads Monaco's messages for the current language first. */
export function withMonacoLocale<T>(load: () => Promise<T>): () => Promise<T> {
  return async () => {
    const language = useSettingsStore.getState().language;
    await loadMonacoLocale(language);
    if (useMonacoLocaleStore.getState().loadedIn === null) useMonacoLocaleStore.setState({ loadedIn: language });
    return load();
  };
}

// Later switches: what Monaco looks up from now on (hovers, messages built on demand) follows.
useSettingsStore.subscribe((s, prev) => {
  if (useMonacoLocaleStore.getState().loadedIn !== null && s.language !== prev.language)
    void loadMonacoLocale(s.language);
});
