// One input file: chosen with the native picker (Electron) or a file field (browser, which
// uploads it), or dropped on the field. Shows what was chosen, the upload, or the problem.
import { useId, useState, type DragEvent, type ReactElement } from 'react';
import type { InputSpec } from '../../../../shared/manifest/schema';
import { useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { hostBaseName, TYPE_EXTENSIONS } from '../../lib/host-paths';
import type { InputChoice } from '../../lib/run-form';
import { useRunFormStore } from '../../stores/run-form';
import { transport } from '../../stores/transport-ref';
import { HostFilePicker } from '../dialogs/host-file-picker';

export interface InputFieldProps {
  name: string;
  inputKey: string;
  spec: InputSpec;
  choice: InputChoice | undefined;
}

export function InputField({ name, inputKey, spec, choice }: InputFieldProps): ReactElement {
  const t = useT();
  const localize = useLocalize();
  const id = useId();
  const [over, setOver] = useState(false);
  const [browsing, setBrowsing] = useState(false);
  const setInputPath = useRunFormStore((s) => s.setInputPath);
  const setInputFile = useRunFormStore((s) => s.setInputFile);
  const pickInput = useRunFormStore((s) => s.pickInput);
  const clearInput = useRunFormStore((s) => s.clearInput);
  const native = transport().capabilities.nativeDialogs && !!transport().pickFiles;
  const hintId = `${id}-hint`;

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void setInputFile(name, inputKey, file);
  };

  return (
    <div
      className={`field input-field${over ? ' over' : ''}${choice?.error ? ' invalid' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id} className="field-label">
        <span className="mono">{inputKey}</span>
        <span className="field-type">{spec.type}</span>
        {spec.required ? (
          <span className="required">{t('run.input.required')}</span>
        ) : (
          <span className="field-type">{t('run.input.optional')}</span>
        )}
      </label>
      <div className="input-row">
        {native ? (
          <button
            type="button"
            id={id}
            className="button"
            data-testid={`input-${inputKey}`}
            aria-describedby={hintId}
            onClick={() => void pickInput(name, inputKey, t('run.input.pickTitle', { key: inputKey }))}
          >
            {t('run.input.choose')}
          </button>
        ) : (
          <>
            <input
              id={id}
              type="file"
              className="file-input"
              data-testid={`input-${inputKey}`}
              aria-describedby={hintId}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void setInputFile(name, inputKey, file);
                e.target.value = '';
              }}
            />
            <label htmlFor={id} className="button file-button">
              {t('run.input.choose')}
            </label>
            {/* A file already on the host (the GPU box), without uploading it. */}
            <button
              type="button"
              className="button"
              data-testid={`browse-${inputKey}`}
              aria-label={t('picker.browseLabel', { key: inputKey })}
              onClick={() => setBrowsing(true)}
            >
              {t('picker.browse')}
            </button>
            {browsing ? (
              <HostFilePicker
                mode="file"
                title={t('run.input.pickTitle', { key: inputKey })}
                accept={TYPE_EXTENSIONS[spec.type]}
                typeLabel={spec.type}
                onClose={() => setBrowsing(false)}
                onPick={(p) => {
                  setBrowsing(false);
                  setInputPath(name, inputKey, p, hostBaseName(p));
                }}
              />
            ) : null}
          </>
        )}
        {choice?.path || choice?.busy ? (
          <span className="input-chosen" title={choice.path ?? undefined} data-testid={`input-${inputKey}-chosen`}>
            {choice.busy ? t('run.input.uploading', { name: choice.label }) : choice.label}
          </span>
        ) : (
          <span className="muted">{t('run.input.dropHint')}</span>
        )}
        {choice?.path ? (
          <button
            type="button"
            className="link-button"
            aria-label={t('run.input.clearLabel', { key: inputKey })}
            onClick={() => clearInput(name, inputKey)}
          >
            {t('run.input.clear')}
          </button>
        ) : null}
      </div>
      <p className="field-hint" id={hintId} data-literal="">
        {spec.description ?? ''}
      </p>
      {choice?.error ? (
        <p className="field-error" role="alert">
          {choice.errorSaid
            ? [localize(choice.errorSaid).message, localize(choice.errorSaid).hint].filter(Boolean).join('. ')
            : choice.error}
        </p>
      ) : null}
    </div>
  );
}
