// The current run: where it is (building, starting, calling...), elapsed time, Cancel,
// the result line, and its live log.
import { useState, type ReactElement } from 'react';
import type { MessageKey } from '../../i18n';
import { storedError, useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { formatDuration } from '../../lib/format';
import { withShortcut } from '../../lib/shortcuts';
import { showJobLog } from '../../lib/status-texts';
import { cancelLatest } from '../../stores/flows';
import type { JobView, RunPhase } from '../../stores/job-view';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useRunsStore } from '../../stores/runs';
import { Elapsed } from '../common/elapsed';
import { ExpandableLog } from '../common/expandable-log';
import { SaidText } from '../common/said-text';
import { RunError } from './run-error';

const PHASE: Record<RunPhase, MessageKey> = {
  queued: 'run.phase.queued',
  building: 'run.phase.building',
  starting: 'run.phase.starting',
  ready: 'run.phase.ready',
  calling: 'run.phase.calling',
  finished: 'run.phase.finished',
};

export function RunProgress({ name }: { name: string }): ReactElement {
  const t = useT();
  const [open, setOpen] = useState(true);
  const job = useJobsStore((s) => selectLatestJob(s, 'run', name));
  const log = useJobsStore((s) => (job ? s.logs[job.jobId] : undefined));
  // A failed run's error names its run (details.runId): its record has the stderr tail.
  const failedRunId = job?.error?.details?.['runId'];
  const failedRecord = useRunsStore((s) =>
    typeof failedRunId === 'string' ? s.byName[name]?.list.find((r) => r.id === failedRunId) : undefined,
  );

  return (
    <section className="panel run-progress" aria-labelledby="run-progress-title">
      <div className="toolbar">
        <h2 id="run-progress-title" className="panel-title">
          {t('run.progress')}
        </h2>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="link-button"
          data-testid="run-details-toggle"
          aria-expanded={open}
          aria-controls="run-progress-body"
          onClick={() => setOpen((v) => !v)}
        >
          {open ? t('run.hideDetails') : t('run.showDetails')}
        </button>
        {job?.status === 'running' ? (
          <button
            type="button"
            className="button danger"
            data-testid="cancel-run"
            title={withShortcut(t('action.cancel'), 'cancel')}
            onClick={() => void cancelLatest('run', name)}
          >
            {t('action.cancel')}
          </button>
        ) : null}
      </div>
      <RunStatusLine job={job} />
      <div id="run-progress-body" hidden={!open}>
        {job?.status === 'failed' && job.error ? (
          <RunError error={job.error} {...(failedRecord ? { record: failedRecord } : {})} />
        ) : null}
        {job && open && showJobLog(job) ? (
          <ExpandableLog buffer={log} count={job.logCount} label={t('run.logLabel')} collapsedHeight={160} />
        ) : null}
      </div>
    </section>
  );
}

function RunStatusLine({ job }: { job: JobView | null }): ReactElement {
  const t = useT();
  const localize = useLocalize();
  if (!job) {
    return (
      <p className="status-line" data-testid="run-status" data-state="idle">
        {t('run.idle')}
      </p>
    );
  }
  const run = job.result?.kind === 'run' ? job.result.run : null;
  const failedRun = run && run.status !== 'succeeded';
  let text: string;
  let state: string = job.status;
  if (job.status === 'running') text = t(PHASE[job.phase ?? 'queued']);
  else if (job.status === 'succeeded' && failedRun) {
    state = 'failed';
    const stored = storedError(run);
    text = t('run.failedWith', { code: run.errorCode ?? '?', message: stored ? localize(stored).message : '' });
  } else if (job.status === 'succeeded') text = t('run.succeeded', { elapsed: formatDuration(job.elapsedMs) });
  else if (job.status === 'failed') text = t('run.failed');
  else text = t('run.cancelled');
  return (
    <p className={`status-line status-${state}`} data-testid="run-status" data-state={state} aria-live="polite">
      <span className="status-text">
        <SaidText text={text} />
      </span>
      {job.gpu ? (
        <span className="status-detail" title={job.gpu}>
          {job.gpu}
        </span>
      ) : null}
      {job.setupMs !== null ? (
        <span className="status-detail">{t('run.setup', { ms: formatDuration(job.setupMs) })}</span>
      ) : null}
      {job.status === 'running' ? <Elapsed since={job.startedAt} until={null} /> : null}
    </p>
  );
}
