// A failed build: the failing step, the error's message and hint, and that step's output.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { LogBuffer } from '../../lib/log-buffer';
import type { JobView } from '../../stores/job-view';
import type { MessageParam, MessageParams } from '../../../../shared/messages/index';
import { toDisplayError, type DisplayError } from '../../transport/errors';
import { ErrorBox } from '../common/error-box';

const STEP_OUTPUT_LINES = 200;

/** The error without the step's output in its message: it is shown below, as it is, in its own block. */
function withoutOutput(error: DisplayError): DisplayError {
  if (!error.params) return error;
  const strip = (params: MessageParams): MessageParams => {
    const out: MessageParams = {};
    for (const [k, v] of Object.entries(params)) out[k] = k === 'output' ? '' : deep(v);
    return out;
  };
  const deep = (v: MessageParam): MessageParam =>
    Array.isArray(v)
      ? (v as readonly MessageParam[]).map(deep)
      : typeof v === 'object' && v !== null && 'id' in v
        ? { ...v, ...(v.params ? { params: strip(v.params) } : {}) }
        : v;
  return { ...error, params: strip(error.params) };
}

export function BuildFailure({ job, log }: { job: JobView; log: LogBuffer | undefined }): ReactElement {
  const t = useT();
  const step = job.current;
  const from = log ? Math.max(0, log.length - STEP_OUTPUT_LINES, step ? step.logStart - log.dropped : 0) : 0;
  const fromLog = log ? log.slice(from, log.length).join('\n') : '';
  // Joined late (e.g. after a reload): the error itself carries the tail of the output.
  const tail = job.error?.details?.['tail'];
  const output = fromLog || (typeof tail === 'string' ? tail : Array.isArray(tail) ? tail.map(String).join('\n') : '');
  return (
    <div className="build-failure" data-testid="build-failure">
      {step ? (
        <p className="failing-step">
          {t('build.failingStep', { index: step.index, total: step.total })}{' '}
          <code className="mono">{step.instruction}</code>
        </p>
      ) : null}
      {job.error ? (
        <ErrorBox error={output ? withoutOutput(toDisplayError(job.error)) : toDisplayError(job.error)} />
      ) : null}
      {output ? (
        <>
          <h3>{t('build.stepOutput')}</h3>
          <pre className="step-output">{output}</pre>
        </>
      ) : null}
    </div>
  );
}
