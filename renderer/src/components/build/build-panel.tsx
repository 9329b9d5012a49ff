// One Build button (disabled, with the reason, while it cannot start), then live progress:
// "Step n/m", cached steps, elapsed time, an expandable log tail, Cancel; then the result.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { buildBlockers } from '../../lib/build-readiness';
import { withShortcut } from '../../lib/shortcuts';
import { showJobLog } from '../../lib/status-texts';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { engineReachable, useEngineStore } from '../../stores/engine';
import { build, cancelLatest } from '../../stores/flows';
import { jobSlot, selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useVersionsStore } from '../../stores/versions';
import { Blockers } from '../common/blockers';
import { ErrorBox } from '../common/error-box';
import { ExpandableLog } from '../common/expandable-log';
import { BuildStatusLine } from './build-status-line';
import { BuildSteps } from './build-steps';
import { BuildFailure } from './build-failure';

export function BuildPanel({ name }: { name: string }): ReactElement {
  const t = useT();
  const job = useJobsStore((s) => selectLatestJob(s, 'build', name));
  const log = useJobsStore((s) => (job ? s.logs[job.jobId] : undefined));
  const starting = useJobsStore((s) => s.starting[jobSlot('build', name)] ?? false);
  const startError = useJobsStore((s) => s.startError[jobSlot('build', name)] ?? null);
  const doc = useAlgorithmDetailStore((s) => s.docs[name]);
  const reachable = useEngineStore(engineReachable);
  const engineKnown = useEngineStore((s) => s.status !== null || s.error !== null);
  const latestVersion = useVersionsStore((s) => s.byName[name]?.list[0]?.version ?? null);

  const running = job?.status === 'running';
  const blockers = buildBlockers({ engineReachable: reachable, engineKnown, doc });
  const disabled = blockers.length > 0 || running || starting;

  return (
    <section className="panel build-panel" aria-labelledby="build-title">
      <div className="toolbar">
        <h2 id="build-title" className="panel-title">
          {t('build.title')}
        </h2>
        <span className="toolbar-spacer" />
        {running && job ? (
          <button
            type="button"
            className="button danger"
            data-testid="cancel-build"
            title={withShortcut(t('action.cancel'), 'cancel')}
            onClick={() => void cancelLatest('build', name)}
          >
            {t('action.cancel')}
          </button>
        ) : null}
        <button
          type="button"
          className="button primary"
          data-testid="build"
          disabled={disabled}
          aria-describedby={blockers.length ? 'build-blockers' : undefined}
          title={withShortcut(t('build.button'), 'build')}
          onClick={() => void build(name)}
        >
          {running || starting ? t('build.building') : t('build.button')}
        </button>
      </div>
      {!running ? <Blockers blockers={blockers} id="build-blockers" /> : null}
      {startError ? <ErrorBox error={startError} title={t('build.startFailed')} /> : null}
      <BuildStatusLine job={job} latestVersion={latestVersion} />
      {job ? (
        <>
          <BuildSteps job={job} />
          {job.status === 'failed' ? <BuildFailure job={job} log={log} /> : null}
          {/* Up to date (nothing built): no empty log saying "No output yet". */}
          {showJobLog(job) ? (
            <ExpandableLog buffer={log} count={job.logCount} label={t('build.logLabel')} collapsedHeight={180} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
