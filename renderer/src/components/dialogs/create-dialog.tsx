// "New from template": parent folder (the last one used), name, template -> algorithms.create;
// a parent folder that does not exist is made only after the user says so.
import { useState, type FormEvent, type ReactElement } from 'react';
import { NAME_PATTERN } from '../../../../shared/manifest/constants';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { createFromTemplate, PARENT_MISSING, type Template } from '../../stores/flows';
import { transport } from '../../stores/transport-ref';
import type { DisplayError } from '../../transport/errors';
import { Dialog } from '../common/dialog';
import { ErrorBox } from '../common/error-box';

const TEMPLATES: Array<{ value: Template; label: MessageKey; about: MessageKey }> = [
  { value: 'python', label: 'create.template.python', about: 'create.template.python.about' },
  { value: 'command', label: 'create.template.command', about: 'create.template.command.about' },
  { value: 'native', label: 'create.template.native', about: 'create.template.native.about' },
];

export function CreateDialog({
  parent: initialParent,
  name: initialName,
  note,
  onClose,
}: {
  parent: string;
  name: string;
  note: 'manifest-missing' | null;
  onClose: () => void;
}): ReactElement {
  const t = useT();
  const [parent, setParent] = useState(initialParent);
  const [name, setName] = useState(initialName);
  const [template, setTemplate] = useState<Template>('python');
  const [error, setError] = useState<DisplayError | null>(null);
  const [busy, setBusy] = useState(false);
  /** The parent folder that does not exist, while the dialog asks whether to make it. */
  const [missingParent, setMissingParent] = useState<string | null>(null);
  const nameProblem = name !== '' && !NAME_PATTERN.test(name) ? t('create.nameInvalid') : null;
  const tr = transport();

  const browse = async (): Promise<void> => {
    const p = await tr.pickFolder?.();
    if (p) setParent(p);
  };

  const create = async (createParents: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    const err = await createFromTemplate(parent, name, template, { createParents });
    setBusy(false);
    if (err?.messageId === PARENT_MISSING) setMissingParent(parent.trim());
    else if (err) setError(err);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!parent.trim() || !name || nameProblem || missingParent !== null) return;
    await create(false);
  };

  return (
    <Dialog title={t('create.title')} onClose={onClose} testId="create-dialog">
      <form onSubmit={(e) => void submit(e)} className="dialog-form">
        {note === 'manifest-missing' ? <p className="note">{t('create.manifestMissing')}</p> : null}
        <label htmlFor="create-parent" className="field-label">
          {t('create.parent')}
        </label>
        <div className="input-row">
          <input
            id="create-parent"
            data-testid="create-parent"
            data-autofocus
            type="text"
            value={parent}
            spellCheck={false}
            placeholder={t('create.parentPlaceholder')}
            onChange={(e) => {
              setParent(e.target.value);
              setMissingParent(null);
            }}
          />
          {tr.capabilities.nativeDialogs && tr.pickFolder ? (
            <button type="button" className="button" onClick={() => void browse()}>
              {t('create.browse')}
            </button>
          ) : null}
        </div>
        <label htmlFor="create-name" className="field-label">
          {t('create.name')}
        </label>
        <input
          id="create-name"
          data-testid="create-name"
          type="text"
          value={name}
          spellCheck={false}
          aria-invalid={nameProblem ? true : undefined}
          aria-describedby="create-name-hint"
          onChange={(e) => setName(e.target.value)}
        />
        <p className={nameProblem ? 'field-error' : 'field-hint'} id="create-name-hint">
          {nameProblem ??
            t('create.nameHint', { folder: parent && name ? `${parent.replace(/[\\/]+$/, '')}/${name}` : '…' })}
        </p>
        <fieldset className="fieldset">
          <legend>{t('create.template')}</legend>
          {TEMPLATES.map((tpl) => (
            <label key={tpl.value} className="radio">
              <input
                type="radio"
                name="template"
                value={tpl.value}
                data-testid={`template-${tpl.value}`}
                checked={template === tpl.value}
                onChange={() => setTemplate(tpl.value)}
              />
              <span>
                <strong>{t(tpl.label)}</strong> <span className="muted">{t(tpl.about)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {missingParent !== null ? (
          <div
            className="note confirm-parent"
            role="alertdialog"
            aria-labelledby="create-parent-missing"
            data-testid="create-parent-missing"
          >
            <p id="create-parent-missing">{t('create.parentMissing', { parent: missingParent })}</p>
            <div className="dialog-actions">
              <button
                type="button"
                className="button"
                data-testid="create-parent-no"
                onClick={() => setMissingParent(null)}
              >
                {t('create.parentMissingNo')}
              </button>
              <button
                type="button"
                className="button primary"
                data-testid="create-parent-yes"
                disabled={busy}
                onClick={() => void create(true)}
              >
                {t('create.parentMissingYes')}
              </button>
            </div>
          </div>
        ) : null}
        {error ? <ErrorBox error={error} title={t('create.failed')} /> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            data-testid="create-submit"
            disabled={busy || !parent.trim() || !name || !!nameProblem || missingParent !== null}
          >
            {busy ? t('create.creating') : t('create.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
