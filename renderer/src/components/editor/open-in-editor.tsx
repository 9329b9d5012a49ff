// "Open in your editor": the desktop app hands the file to the system's default application;
// in a browser the file lives on another machine, so the button is not offered.
import { useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { transport } from '../../stores/transport-ref';
import { toDisplayError, type DisplayError } from '../../transport/errors';
import { ErrorBox } from '../common/error-box';

export function OpenInEditorButton({ name, path }: { name: string; path: string }): ReactElement | null {
  const t = useT();
  const [error, setError] = useState<DisplayError | null>(null);
  const tr = transport();
  if (!tr.openInEditor) return null;
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="open-in-editor"
        onClick={() => {
          setError(null);
          tr.openInEditor?.(name, path).catch((err: unknown) => setError(toDisplayError(err)));
        }}
      >
        {t('code.openInEditor')}
      </button>
      {error ? <ErrorBox error={error} title={t('code.openInEditorFailed', { file: path })} /> : null}
    </>
  );
}
