// Renders whichever dialog is open (one at a time).
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { useUiStore } from '../../stores/ui';
import { Dialog } from '../common/dialog';
import { SettingsDialog } from '../settings/settings-dialog';
import { RemoveAlgorithmDialog, RemoveVersionDialog, RenameAlgorithmDialog } from './algorithm-admin-dialogs';
import { CreateDialog } from './create-dialog';
import { OpenFolderDialog } from './open-folder-dialog';

export function DialogHost(): ReactElement | null {
  const t = useT();
  const dialog = useUiStore((s) => s.dialog);
  const close = useUiStore((s) => s.closeDialog);
  const openDialog = useUiStore((s) => s.openDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'open':
      return <OpenFolderDialog initialPath={dialog.path} initialError={dialog.error} onClose={close} />;
    case 'create':
      return <CreateDialog parent={dialog.parent} name={dialog.name} note={dialog.note} onClose={close} />;
    case 'settings':
      return <SettingsDialog onClose={close} />;
    case 'rename-algorithm':
      return <RenameAlgorithmDialog name={dialog.name} onClose={close} />;
    case 'remove-algorithm':
      return <RemoveAlgorithmDialog name={dialog.name} onClose={close} />;
    case 'remove-version':
      return <RemoveVersionDialog name={dialog.name} version={dialog.version} tag={dialog.tag} onClose={close} />;
    case 'drop-unsupported':
      return (
        <Dialog title={t('drop.unsupportedTitle')} onClose={close}>
          <p>{t('drop.unsupportedBody')}</p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              {t('common.close')}
            </button>
            <button
              type="button"
              className="button primary"
              data-autofocus
              onClick={() => openDialog({ kind: 'open', path: '', error: null })}
            >
              {t('drop.enterPath')}
            </button>
          </div>
        </Dialog>
      );
  }
}
