// A failed run: its error code, message and hint, and the tail of the algorithm's stderr.
import type { ReactElement } from 'react';
import type { ErrorEnvelope } from '../../../../shared/errors';
import type { RunRecord } from '../../../../shared/records';
import { storedError } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { toDisplayError } from '../../transport/errors';
import { ErrorBox } from '../common/error-box';

export function RunError({ error, record }: { error?: ErrorEnvelope; record?: RunRecord }): ReactElement {
  const t = useT();
  const detailTail = error?.details?.['stderrTail'];
  const detailCode = error?.details?.['errorCode'];
  const stderr = record?.stderrTail ?? (typeof detailTail === 'string' ? detailTail : null);
  const algoCode = record?.errorCode ?? (typeof detailCode === 'number' ? detailCode : null);
  const stored = record ? storedError(record) : null;
  // A stored error carries its message id (schema 3 on): ErrorBox shows it in the UI's language.
  const shown = error
    ? { ...toDisplayError(error), details: null }
    : {
        code: null,
        message: stored?.message || t('run.failed'),
        hint: null,
        details: null,
        ...(stored?.messageId ? { messageId: stored.messageId } : {}),
        ...(stored?.params ? { params: stored.params } : {}),
      };
  return (
    <div className="run-error" data-testid="run-error">
      <ErrorBox error={shown} title={algoCode !== null ? t('run.errorCode', { code: algoCode }) : t('run.failed')} />
      {stderr ? (
        <>
          <h3>{t('run.stderr')}</h3>
          <pre className="step-output" data-testid="run-stderr">
            {stderr}
          </pre>
        </>
      ) : null}
    </div>
  );
}
