// An error as a user can act on it: what failed and what to do. Never a stack.
import type { ReactElement } from 'react';
import { useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { SaidText } from './said-text';
import type { DisplayError } from '../../transport/errors';

export function ErrorBox({
  error,
  title,
  testId,
}: {
  error: DisplayError;
  title?: string;
  testId?: string;
}): ReactElement {
  const t = useT();
  const localize = useLocalize();
  const said = localize(error);
  const message = error.code === 'DISCONNECTED' ? t('error.disconnected') : said.message;
  return (
    <div className="error-box" role="alert" data-testid={testId} data-error-code={error.code ?? undefined}>
      <div className="error-box-head">
        {title ? <strong>{title}</strong> : null}
        {error.code ? <code className="error-code">{error.code}</code> : null}
      </div>
      <p className="error-message">
        <SaidText text={message} />
      </p>
      {said.hint ? (
        <p className="error-hint">
          <span className="error-hint-label">{t('error.hint')}</span> <SaidText text={said.hint} />
        </p>
      ) : null}
    </div>
  );
}
