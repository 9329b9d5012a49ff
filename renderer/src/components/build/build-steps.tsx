// The Dockerfile steps seen so far: finished ones ticked (cached ones too, marked as cached).
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { JobView } from '../../stores/job-view';

export function BuildSteps({ job }: { job: JobView }): ReactElement | null {
  const t = useT();
  if (job.steps.length === 0) return null;
  const last = job.steps[job.steps.length - 1];
  return (
    <ol className="build-steps" data-testid="build-steps" aria-label={t('build.steps')}>
      {job.steps.map((s) => {
        const isLast = s === last;
        const state = s.cached
          ? 'cached'
          : isLast && job.status === 'running'
            ? 'current'
            : isLast && job.status === 'failed'
              ? 'failed'
              : 'done';
        return (
          <li key={`${s.stage}-${s.index}`} className={`build-step step-${state}`} data-state={state}>
            <span className="step-index">
              {state === 'done' || state === 'cached' ? (
                <span className="step-tick" aria-hidden="true" data-testid="step-tick">
                  ✓{' '}
                </span>
              ) : null}
              {s.index}/{s.total}
            </span>
            {s.stage === 'models' ? <span className="step-stage">{t('build.stage.models')}</span> : null}
            <span className="step-instruction mono" data-literal="">
              {s.instruction}
            </span>
            {s.cached ? <span className="badge badge-cached">{t('build.cached')}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
