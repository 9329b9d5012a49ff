// The file changed on disk while it was edited here: the user chooses. Keep mine (the next save
// replaces the version on disk), take theirs (the edits are dropped), or compare the two.
import { lazy, Suspense, useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { DiskVersion } from '../../lib/disk-sync';
import { withMonacoLocale } from './monaco-locale';

// The diff editor is Monaco's: loaded with it, in its own chunk.
const DiffView = lazy(withMonacoLocale(() => import('./diff-view')));

export function ConflictBar({
  file,
  mine,
  theirs,
  language,
  onKeepMine,
  onTakeTheirs,
}: {
  file: string;
  mine: string;
  theirs: DiskVersion;
  language: string;
  onKeepMine(): void;
  onTakeTheirs(): void;
}): ReactElement {
  const t = useT();
  const [diff, setDiff] = useState(false);
  return (
    <div className="conflict" role="alert" data-testid="conflict">
      <p className="conflict-text">
        <strong>{t('editor.conflict.title', { file })}</strong> {t('editor.conflict.about')}
      </p>
      <div className="conflict-actions">
        <button type="button" className="button primary" data-testid="conflict-keep-mine" onClick={onKeepMine}>
          {t('editor.conflict.keepMine')}
        </button>
        <button type="button" className="button" data-testid="conflict-take-theirs" onClick={onTakeTheirs}>
          {t('editor.conflict.takeTheirs')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="conflict-diff"
          aria-expanded={diff}
          onClick={() => setDiff((d) => !d)}
        >
          {diff ? t('editor.conflict.hideDiff') : t('editor.conflict.showDiff')}
        </button>
      </div>
      {diff ? (
        <div className="conflict-diff" data-testid="conflict-diff-view">
          <div className="conflict-diff-labels">
            <span>{t('editor.conflict.onDisk')}</span>
            <span>{t('editor.conflict.yours')}</span>
          </div>
          <Suspense fallback={<div className="editor-loading">{t('editor.loading')}</div>}>
            <DiffView original={theirs.text} modified={mine} language={language} />
          </Suspense>
        </div>
      ) : null}
    </div>
  );
}
