// The translate function for the current language; components re-render when it changes.
import { useMemo } from 'react';
import { useSettingsStore } from '../stores/settings';
import { translate, type TFunction } from './index';

export function useT(): TFunction {
  const language = useSettingsStore((s) => s.language);
  return useMemo<TFunction>(() => (key, params) => translate(language, key, params), [language]);
}

export function useLanguage(): string {
  return useSettingsStore((s) => s.language);
}
