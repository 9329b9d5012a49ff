// Drop an algorithm folder here. Electron knows a dropped folder's path; a browser does not:
// there the zone takes no space until something is dragged over the window, and a drop says
// why it cannot open it in a passing toast, with the path field one click away.
import { useEffect, useState, type DragEvent, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { dropFolder } from '../../stores/flows';
import { transport } from '../../stores/transport-ref';
import { useUiStore } from '../../stores/ui';

export function FolderDropZone(): ReactElement {
  const t = useT();
  const [over, setOver] = useState(false);
  const native = transport().capabilities.nativeDialogs;
  const openDialog = useUiStore((s) => s.openDialog);
  const dragging = useWindowDrag(!native);

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
      hidden={!native && !dragging}
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

/** True while files are dragged over the window (only watched when `watch`). */
function useWindowDrag(watch: boolean): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    if (!watch) return;
    let depth = 0;
    const hasFiles = (e: globalThis.DragEvent): boolean => !!e.dataTransfer?.types?.includes('Files');
    const enter = (e: globalThis.DragEvent): void => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (): void => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const end = (): void => {
      depth = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', end);
    window.addEventListener('dragend', end);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', end);
      window.removeEventListener('dragend', end);
    };
  }, [watch]);
  return dragging;
}
