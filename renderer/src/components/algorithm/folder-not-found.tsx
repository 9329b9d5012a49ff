// The algorithm's folder is gone (moved, deleted, an unplugged disk): said as such, with what
// to do, instead of the empty manifest's problems.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { openFolder } from '../../stores/flows';
import { useUiStore } from '../../stores/ui';

export const FOLDER_NOT_FOUND = 'algorithms.folderNotFound';

export function FolderNotFound({ name, path }: { name: string; path: string }): ReactElement {
  const t = useT();
  const openDialog = useUiStore((s) => s.openDialog);
  return (
    <div className="panel folder-not-found" role="alert" data-testid="folder-not-found">
      <h2 className="panel-title">{t('folder.notFoundTitle')}</h2>
      <p>{t('folder.notFoundBody', { name })}</p>
      <p className="mono">{path}</p>
      <p className="muted">{t('folder.notFoundHint')}</p>
      <div className="dialog-actions">
        <button type="button" className="button" data-testid="folder-open" onClick={() => void openFolder()}>
          {t('action.openFolder')}
        </button>
        <button
          type="button"
          className="button danger"
          data-testid="folder-remove"
          onClick={() => openDialog({ kind: 'remove-algorithm', name })}
        >
          {t('folder.remove')}
        </button>
      </div>
    </div>
  );
}
