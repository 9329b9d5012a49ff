// Drop an algorithm folder here. Electron knows a dropped folder's path; a browser does not,
// so there it explains that and offers the path field instead.
import { useState, type DragEvent, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { dropFolder } from '../../stores/flows';
import { transport } from '../../stores/transport-ref';
import { useUiStore } from '../../stores/ui';

export function FolderDropZone(): ReactElement {
  const t = useT();
  const [over, setOver] = useState(false);
  const native = transport().capabilities.nativeDialogs;
  const openDialog = useUiStore((s) => s.openDialog);

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void dropFolder(file);
  };

  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid="folder-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {native ? (
        <span>{t('drop.folder')}</span>
      ) : (
        <>
          <span>{t('drop.browser')}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => openDialog({ kind: 'open', path: '', error: null })}
          >
            {t('drop.enterPath')}
          </button>
        </>
      )}
    </div>
  );
}
