// The left sidebar: actions, the algorithm list, and a drop zone for folders.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { withShortcut } from '../../lib/shortcuts';
import { newFromTemplate, openFolder } from '../../stores/flows';
import { useUiStore } from '../../stores/ui';
import { AlgorithmList } from './algorithm-list';
import { FolderDropZone } from './folder-drop-zone';

export function Sidebar(): ReactElement {
  const t = useT();
  const openSettings = useUiStore((s) => s.openDialog);
  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <header className="sidebar-head">
        <span className="brand" aria-hidden="true">
          ◆
        </span>
        <span className="brand-name">Kiln</span>
        <button
          type="button"
          className="icon-button"
          data-testid="settings"
          aria-label={t('settings.title')}
          title={withShortcut(t('settings.title'), 'settings')}
          onClick={() => openSettings({ kind: 'settings' })}
        >
          ⚙
        </button>
      </header>
      <div className="sidebar-actions">
        <button
          type="button"
          className="button primary"
          data-testid="open-folder"
          title={withShortcut(t('action.openFolder'), 'openFolder')}
          onClick={() => void openFolder()}
        >
          {t('action.openFolder')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="new-from-template"
          title={withShortcut(t('action.newFromTemplate'), 'newFromTemplate')}
          onClick={newFromTemplate}
        >
          {t('action.newFromTemplate')}
        </button>
      </div>
      <h2 className="sidebar-title" id="algorithms-heading">
        {t('sidebar.algorithms')}
      </h2>
      <AlgorithmList />
      <FolderDropZone />
    </nav>
  );
}
