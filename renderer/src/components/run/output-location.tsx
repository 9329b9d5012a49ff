// Where a run's outputs are on the host: the folder (named after the run id), "Copy path",
// and in the desktop app "Show in folder" (the system's file manager, through the main process).
import { useRef, useState, type ReactElement } from 'react';
import type { RunRecord } from '../../../../shared/records';
import { useT } from '../../i18n/use-t';
import { transport } from '../../stores/transport-ref';

type Note = 'copied' | 'copyFailed' | 'showFailed' | null;

/** The clipboard API where the page is a secure context (app://, https, loopback http), else the old way. */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through: a denied permission still leaves the selection way
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

export function OutputLocation({ run }: { run: RunRecord }): ReactElement | null {
  const t = useT();
  const field = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<Note>(null);
  const folder = run.outDir;
  if (!folder || !run.outputs?.length) return null;
  const show = transport().showRunItem;
  const fieldId = `out-dir-${run.id}`;
  return (
    <div className="output-location" data-testid="output-location">
      <label htmlFor={fieldId} className="field-label">
        {t('outputs.folder')}
      </label>
      <div className="input-row">
        <input
          id={fieldId}
          ref={field}
          className="mono"
          data-testid="output-dir"
          type="text"
          readOnly
          value={folder}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button small"
          data-testid="copy-output-path"
          onClick={() => void copyText(folder, field.current).then((ok) => setNote(ok ? 'copied' : 'copyFailed'))}
        >
          {t('outputs.copyPath')}
        </button>
        {show ? (
          <button
            type="button"
            className="button small"
            data-testid="show-output-folder"
            onClick={() =>
              void show(run.id, run.outputs?.[0]?.key)
                .catch(() => false)
                .then((ok) => setNote(ok ? null : 'showFailed'))
            }
          >
            {t('outputs.showInFolder')}
          </button>
        ) : null}
      </div>
      <p className="field-hint" role="status" aria-live="polite">
        {note === 'copied' ? t('outputs.copied') : note === 'copyFailed' ? t('outputs.copyFailed') : null}
        {note === 'showFailed' ? t('outputs.showFailed') : null}
      </p>
    </div>
  );
}
