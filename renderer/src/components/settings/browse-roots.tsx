// Settings > Browse folders: what the host file browser may show besides the home folder.
// Each folder is checked on the host when added (it must exist); removing one is immediate.
import { useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { useSettingsStore } from '../../stores/settings';
import type { DisplayError } from '../../transport/errors';
import { ErrorBox } from '../common/error-box';

const NONE: string[] = [];

export function BrowseRoots(): ReactElement {
  const t = useT();
  const roots = useSettingsStore((s) => s.settings?.browseRoots ?? NONE);
  const setBrowseRoots = useSettingsStore((s) => s.setBrowseRoots);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<DisplayError | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (next: string[]): Promise<boolean> => {
    setBusy(true);
    const err = await setBrowseRoots(next);
    setBusy(false);
    setError(err);
    return err === null;
  };
  const add = async (): Promise<void> => {
    const p = draft.trim();
    if (!p) return;
    if (await save([...roots, p])) setDraft('');
  };

  return (
    <fieldset className="browse-roots" data-testid="browse-roots">
      <legend className="field-label">{t('settings.browseRoots')}</legend>
      <p className="field-hint">{t('settings.browseRootsHint')}</p>
      {roots.length === 0 ? <p className="muted">{t('settings.browseRootsNone')}</p> : null}
      <ul className="root-list">
        {roots.map((r) => (
          <li key={r} className="input-row">
            <span className="mono">{r}</span>
            <button
              type="button"
              className="link-button"
              disabled={busy}
              aria-label={t('settings.browseRootsRemoveLabel', { path: r })}
              onClick={() => void save(roots.filter((x) => x !== r))}
            >
              {t('settings.browseRootsRemove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="input-row">
        <input
          type="text"
          data-testid="browse-root-input"
          aria-label={t('settings.browseRootsNew')}
          spellCheck={false}
          value={draft}
          placeholder={t('settings.browseRootsPlaceholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            // Inside the settings form: Enter adds the folder, it does not apply the engine endpoint.
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
        />
        <button
          type="button"
          className="button"
          data-testid="browse-root-add"
          disabled={busy || !draft.trim()}
          onClick={() => void add()}
        >
          {t('settings.browseRootsAdd')}
        </button>
      </div>
      {error ? <ErrorBox error={error} testId="browse-root-error" /> : null}
    </fieldset>
  );
}
