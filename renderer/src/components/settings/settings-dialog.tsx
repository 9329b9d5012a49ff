// Settings: engine endpoint, data folder (read only), theme, language. Theme and language
// apply at once and are saved on the host (settings.set).
import { useState, type FormEvent, type ReactElement } from 'react';
import { LANGUAGES, type Language } from '../../i18n';
import { useT } from '../../i18n/use-t';
import type { ThemePreference } from '../../lib/theme';
import { useEngineStore } from '../../stores/engine';
import { useSettingsStore } from '../../stores/settings';
import { Dialog } from '../common/dialog';
import { ErrorBox } from '../common/error-box';
import { BrowseRoots } from './browse-roots';

export function SettingsDialog({ onClose }: { onClose: () => void }): ReactElement {
  const t = useT();
  const settings = useSettingsStore((s) => s.settings);
  const language = useSettingsStore((s) => s.language);
  const theme = useSettingsStore((s) => s.theme);
  const error = useSettingsStore((s) => s.error);
  const saving = useSettingsStore((s) => s.savingEndpoint);
  const setLanguage = useSettingsStore((s) => s.setLanguage);
  const setTheme = useSettingsStore((s) => s.setTheme);
  const setEngineEndpoint = useSettingsStore((s) => s.setEngineEndpoint);
  const refreshEngine = useEngineStore((s) => s.refresh);
  const [endpoint, setEndpoint] = useState(settings?.engineEndpoint ?? '');
  const [applied, setApplied] = useState(false);

  const applyEndpoint = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setApplied(false);
    if (await setEngineEndpoint(endpoint)) {
      setApplied(true);
      await refreshEngine(true);
    }
  };

  return (
    <Dialog title={t('settings.title')} onClose={onClose} testId="settings-dialog">
      <form className="dialog-form" onSubmit={(e) => void applyEndpoint(e)}>
        <label htmlFor="settings-endpoint" className="field-label">
          {t('settings.endpoint')}
        </label>
        <div className="input-row">
          <input
            id="settings-endpoint"
            data-testid="engine-endpoint"
            data-autofocus
            type="text"
            spellCheck={false}
            value={endpoint}
            placeholder={t('settings.endpointPlaceholder')}
            aria-describedby="settings-endpoint-hint"
            onChange={(e) => {
              setEndpoint(e.target.value);
              setApplied(false);
            }}
          />
          <button type="submit" className="button" disabled={saving || endpoint === (settings?.engineEndpoint ?? '')}>
            {saving ? t('settings.applying') : t('settings.apply')}
          </button>
        </div>
        <p className="field-hint" id="settings-endpoint-hint">
          {applied ? t('settings.applied') : t('settings.endpointHint')}
        </p>

        <label htmlFor="settings-data" className="field-label">
          {t('settings.dataFolder')}
        </label>
        <input id="settings-data" data-testid="data-folder" type="text" readOnly value={settings?.dataFolder ?? ''} />

        <label htmlFor="settings-theme" className="field-label">
          {t('settings.theme')}
        </label>
        <select
          id="settings-theme"
          data-testid="theme-select"
          value={theme}
          onChange={(e) => void setTheme(e.target.value as ThemePreference)}
        >
          <option value="system">{t('settings.theme.system')}</option>
          <option value="light">{t('settings.theme.light')}</option>
          <option value="dark">{t('settings.theme.dark')}</option>
        </select>

        <label htmlFor="settings-language" className="field-label">
          {t('settings.language')}
        </label>
        <select
          id="settings-language"
          data-testid="language-select"
          value={language}
          onChange={(e) => void setLanguage(e.target.value as Language)}
        >
          {LANGUAGES.map((l) => (
            <option key={l.value} value={l.value} lang={l.value}>
              {l.label}
            </option>
          ))}
        </select>
        <BrowseRoots />
        {error ? <ErrorBox error={error} title={t('settings.failed')} /> : null}
      </form>
    </Dialog>
  );
}
