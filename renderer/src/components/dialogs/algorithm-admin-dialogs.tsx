// Rename an algorithm, remove it, remove one version: each asks first and says what happens.
import { useState, type FormEvent, type ReactElement } from 'react';
import { NAME_PATTERN } from '../../../../shared/manifest/constants';
import { useT } from '../../i18n/use-t';
import { removeAlgorithm, removeVersion, renameAlgorithm } from '../../stores/algorithm-admin';
import { isDirty, useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { useAlgorithmsStore } from '../../stores/algorithms';
import type { DisplayError } from '../../transport/errors';
import { Dialog } from '../common/dialog';
import { ErrorBox } from '../common/error-box';

export function RenameAlgorithmDialog({ name, onClose }: { name: string; onClose: () => void }): ReactElement {
  const t = useT();
  const [to, setTo] = useState(name);
  const [error, setError] = useState<DisplayError | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = useAlgorithmDetailStore((s) => isDirty(s.docs[name]));
  const invalid = to !== '' && !NAME_PATTERN.test(to);
  const blocked = dirty || invalid || to === '' || to === name;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (blocked) return;
    setBusy(true);
    const err = await renameAlgorithm(name, to);
    setBusy(false);
    if (err) setError(err);
  };

  return (
    <Dialog title={t('admin.renameTitle', { name })} onClose={onClose} testId="rename-dialog">
      <form onSubmit={(e) => void submit(e)} className="dialog-form">
        <label htmlFor="rename-to" className="field-label">
          {t('admin.renameLabel')}
        </label>
        <input
          id="rename-to"
          data-testid="rename-to"
          data-autofocus
          type="text"
          value={to}
          spellCheck={false}
          aria-invalid={invalid ? true : undefined}
          aria-describedby="rename-hint"
          onChange={(e) => setTo(e.target.value.trim())}
        />
        <p className={invalid || dirty ? 'field-error' : 'field-hint'} id="rename-hint" data-testid="rename-hint">
          {dirty ? t('admin.renameUnsaved') : invalid ? t('admin.renameInvalid') : t('admin.renameHelp')}
        </p>
        {error ? <ErrorBox error={error} title={t('admin.renameFailed')} testId="rename-error" /> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" data-testid="rename-submit" disabled={busy || blocked}>
            {busy ? t('admin.working') : t('admin.renameAction')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function RemoveAlgorithmDialog({ name, onClose }: { name: string; onClose: () => void }): ReactElement {
  const t = useT();
  const summary = useAlgorithmsStore((s) => s.list.find((a) => a.name === name));
  const [images, setImages] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    const err = await removeAlgorithm(name, images);
    setBusy(false);
    if (err) setError(err);
  };

  return (
    <Dialog title={t('admin.removeTitle', { name })} onClose={onClose} testId="remove-dialog">
      <p>{t('admin.removeBody', { name, path: summary?.path ?? '' })}</p>
      {summary && summary.versions > 0 ? (
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="remove-images"
            checked={images}
            onChange={(e) => setImages(e.target.checked)}
          />
          <span>{t('admin.removeImages', { count: summary.versions })}</span>
        </label>
      ) : null}
      {error ? <ErrorBox error={error} title={t('admin.removeFailed')} testId="remove-error" /> : null}
      <RemoveActions busy={busy} testId="remove-confirm" onClose={onClose} onConfirm={() => void confirm()} />
    </Dialog>
  );
}

export function RemoveVersionDialog({
  name,
  version,
  tag,
  onClose,
}: {
  name: string;
  version: string;
  tag: string;
  onClose: () => void;
}): ReactElement {
  const t = useT();
  const [error, setError] = useState<DisplayError | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    const err = await removeVersion(name, version);
    setBusy(false);
    if (err) setError(err);
  };

  return (
    <Dialog title={t('admin.removeVersionTitle', { version })} onClose={onClose} testId="remove-version-dialog">
      <p>{t('admin.removeVersionBody', { tag })}</p>
      {error ? <ErrorBox error={error} title={t('admin.removeFailed')} testId="remove-version-error" /> : null}
      <RemoveActions busy={busy} testId="remove-version-confirm" onClose={onClose} onConfirm={() => void confirm()} />
    </Dialog>
  );
}

/** Cancel (focused first, so Enter does not remove by accident) and the red Remove button. */
function RemoveActions({
  busy,
  testId,
  onClose,
  onConfirm,
}: {
  busy: boolean;
  testId: string;
  onClose: () => void;
  onConfirm: () => void;
}): ReactElement {
  const t = useT();
  return (
    <div className="dialog-actions">
      <button type="button" className="button" data-autofocus onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="button danger" data-testid={testId} disabled={busy} onClick={onConfirm}>
        {busy ? t('admin.working') : t('admin.removeAction')}
      </button>
    </div>
  );
}
