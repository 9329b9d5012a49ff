// The language changed after Monaco loaded: its own widgets (find box, context menu) read their
// labels when its modules first ran, so they switch only after a reload. The editor area says
// so, with a Reload button that is disabled while any file has unsaved edits (edits live in
// this page only: a reload would lose them).
import type { ReactElement } from 'react';
import { useLanguage, useT } from '../../i18n/use-t';
import { isDirty, useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { isCodeDirty, useCodeFilesStore } from '../../stores/code-files';
import { useMonacoLocaleStore } from './monaco-locale';

export function MonacoLocaleNotice({ reload = () => location.reload() }: { reload?: () => void }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const loadedIn = useMonacoLocaleStore((s) => s.loadedIn);
  const unsaved = useAlgorithmDetailStore((s) => Object.values(s.docs).some(isDirty));
  const unsavedCode = useCodeFilesStore((s) => Object.values(s.docs).some(isCodeDirty));
  if (loadedIn === null || loadedIn === language) return null;
  const blocked = unsaved || unsavedCode;
  return (
    <div className="locale-notice" role="status" data-testid="monaco-locale-notice">
      <span className="locale-notice-text">{t('editor.localeNotice')}</span>
      {blocked ? (
        <span className="muted" data-testid="monaco-locale-unsaved">
          {t('editor.localeReloadUnsaved')}
        </span>
      ) : null}
      <button
        type="button"
        className="button"
        data-testid="monaco-locale-reload"
        disabled={blocked}
        title={blocked ? t('editor.localeReloadUnsaved') : undefined}
        onClick={reload}
      >
        {t('editor.localeReload')}
      </button>
    </div>
  );
}
