// One arg, as its spec asks: a slider plus a number field for a ranged number, a select for
// an enum, a checkbox for a boolean, a text field otherwise. Default prefilled, description
// as a hint, the problem (if any) right under it.
import { useId, type ReactElement } from 'react';
import type { ArgSpec } from '../../../../shared/manifest/schema';
import { useT } from '../../i18n/use-t';
import { fieldKind, sliderStep } from '../../lib/run-form';

export interface ArgFieldProps {
  arg: string;
  spec: ArgSpec;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}

export function ArgField({ arg, spec, value, error, onChange }: ArgFieldProps): ReactElement {
  const t = useT();
  const id = useId();
  const kind = fieldKind(spec);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [spec.description ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    'data-testid': `arg-${arg}`,
  } as const;
  const text = typeof value === 'string' ? value : '';

  let control: ReactElement;
  if (kind === 'checkbox') {
    control = (
      <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
    );
  } else if (kind === 'select') {
    const options = (spec.type === 'boolean' ? [] : (spec.enum ?? [])).map(String);
    control = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        {spec.default === undefined ? <option value="">{t('run.arg.unset')}</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'range' && (spec.type === 'number' || spec.type === 'integer')) {
    const min = spec.minimum ?? 0;
    const max = spec.maximum ?? 100;
    const step = sliderStep(spec);
    const n = Number(text);
    const sliderValue =
      text.trim() !== '' && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : (spec.default ?? min);
    control = (
      <span className="range-field">
        <input
          type="range"
          min={min}
          max={max}
          step={step}
          value={sliderValue}
          aria-label={t('run.arg.slider', { name: arg })}
          data-testid={`arg-${arg}-slider`}
          onChange={(e) => onChange(e.target.value)}
        />
        <input
          type="number"
          {...common}
          className="number-input"
          min={min}
          max={max}
          step={step}
          value={text}
          placeholder={spec.default !== undefined ? String(spec.default) : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      </span>
    );
  } else if (kind === 'number' && (spec.type === 'number' || spec.type === 'integer')) {
    control = (
      <input
        type="number"
        {...common}
        className="number-input"
        min={spec.minimum}
        max={spec.maximum}
        step={spec.step ?? (spec.type === 'integer' ? 1 : 'any')}
        value={text}
        placeholder={spec.default !== undefined ? String(spec.default) : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        type="text"
        {...common}
        value={text}
        placeholder={spec.default !== undefined ? String(spec.default) : ''}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }

  return (
    <div className={`field field-${kind}${error ? ' invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        <span className="mono">{arg}</span>
        <span className="field-type">{spec.type}</span>
      </label>
      {control}
      {spec.description ? (
        <p className="field-hint" id={hintId} data-literal="">
          {spec.description}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
