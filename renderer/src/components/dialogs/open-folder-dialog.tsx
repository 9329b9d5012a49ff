// "Open folder…" where there is no native picker (browser): a path field. Also shows why an
// open failed; when the folder has no kiln.yaml it offers to create one from a template.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { DisplayError } from '../../transport/errors';
import { initHere, openPath, type Template } from '../../stores/flows';
import { Dialog } from '../common/dialog';
import { ErrorBox } from '../common/error-box';
import { HostFilePicker } from './host-file-picker';

export function OpenFolderDialog({
  initialPath,
  initialError,
  onClose,
}: {
  initialPath: string;
  initialError: DisplayError | null;
  onClose: () => void;
}): ReactElement {
  const t = useT();
  const [path, setPath] = useState(initialPath);
  const [error, setError] = useState<DisplayError | null>(initialError);
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState<Template>('python');
  const [browsing, setBrowsing] = useState(false);

  const createHere = async (): Promise<void> => {
    setBusy(true);
    const err = await initHere(path, template);
    setBusy(false);
    if (err) setError(err);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!path.trim()) return;
    setBusy(true);
    const err = await openPath(path);
    setBusy(false);
    if (err) setError(err);
  };

  return (
    <Dialog title={t('open.title')} onClose={onClose} testId="open-folder-dialog">
      <form onSubmit={(e) => void submit(e)} className="dialog-form">
        <label htmlFor="open-path" className="field-label">
          {t('open.path')}
        </label>
        <div className="input-row">
          <input
            id="open-path"
            data-testid="open-folder-path"
            data-autofocus
            type="text"
            value={path}
            spellCheck={false}
            placeholder={t('open.placeholder')}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="button" className="button" data-testid="open-folder-browse" onClick={() => setBrowsing(true)}>
            {t('picker.browseFolder')}
          </button>
        </div>
        {browsing ? (
          <HostFilePicker
            mode="folder"
            title={t('picker.titleFolder')}
            onClose={() => setBrowsing(false)}
            onPick={(p) => {
              setBrowsing(false);
              setPath(p);
            }}
          />
        ) : null}
        <p className="field-hint">{t('open.hint')}</p>
        {error ? <ErrorBox error={error} title={t('open.failed')} /> : null}
        {error?.code === 'MANIFEST_NOT_FOUND' ? (
          <div className="offer">
            <p>{t('open.noManifest')}</p>
            <label htmlFor="init-template" className="field-label">
              {t('create.template')}
            </label>
            <select
              id="init-template"
              data-testid="create-manifest-template"
              value={template}
              onChange={(e) => setTemplate(e.target.value as Template)}
            >
              {(['python', 'command', 'native'] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`create.template.${x}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              data-testid="create-manifest-here"
              disabled={busy}
              onClick={() => void createHere()}
            >
              {t('open.createHere')}
            </button>
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid="open-folder-submit"
            disabled={busy || !path.trim()}
          >
            {busy ? t('open.opening') : t('open.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
