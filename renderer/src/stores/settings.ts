// Settings (settings.get/set): engine endpoint, theme, language, data folder. Language and
// theme apply at once (no reload) and are persisted on the host.
import { create } from 'zustand';
import type { Settings } from '../../../shared/api';
import type { Language } from '../i18n';
import { applyTheme, type ThemePreference } from '../lib/theme';
import { toDisplayError, type DisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export interface SettingsState {
  settings: Settings | null;
  language: Language;
  theme: ThemePreference;
  error: DisplayError | null;
  savingEndpoint: boolean;
  load(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  setTheme(theme: ThemePreference): Promise<void>;
  setEngineEndpoint(endpoint: string): Promise<boolean>;
  /** The folders besides home the host file browser may show; the error when one was refused. */
  setBrowseRoots(roots: string[]): Promise<DisplayError | null>;
  reset(): void;
}

export function initialLanguage(): Language {
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function applyLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export const useSettingsStore = create<SettingsState>()((set, get) => {
  const persist = async (patch: {
    language?: Language;
    theme?: ThemePreference;
    engineEndpoint?: string;
  }): Promise<boolean> => {
    try {
      const settings = await transport().call('settings.set', patch);
      set({ settings, error: null });
      return true;
    } catch (err) {
      set({ error: toDisplayError(err) });
      return false;
    }
  };
  return {
    settings: null,
    language: initialLanguage(),
    theme: 'system',
    error: null,
    savingEndpoint: false,

    async load(): Promise<void> {
      try {
        const settings = await transport().call('settings.get', {});
        set({ settings, language: settings.language, theme: settings.theme, error: null });
        applyLanguage(settings.language);
        applyTheme(settings.theme);
      } catch (err) {
        set({ error: toDisplayError(err) });
      }
    },

    async setLanguage(language): Promise<void> {
      set({ language });
      applyLanguage(language);
      await persist({ language });
    },

    async setTheme(theme): Promise<void> {
      set({ theme });
      applyTheme(theme);
      await persist({ theme });
    },

    async setEngineEndpoint(endpoint): Promise<boolean> {
      set({ savingEndpoint: true });
      const ok = await persist({ engineEndpoint: endpoint.trim() });
      set({ savingEndpoint: false });
      return ok;
    },

    async setBrowseRoots(roots): Promise<DisplayError | null> {
      try {
        const settings = await transport().call('settings.set', { browseRoots: roots });
        set({ settings });
        return null;
      } catch (err) {
        return toDisplayError(err);
      }
    },

    reset(): void {
      set({ settings: null, language: get().language, error: null, savingEndpoint: false });
    },
  };
});
