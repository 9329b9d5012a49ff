// The one line that says where a build is: Step n/m, waiting, done (new version or up to
// date), failed or cancelled, with the elapsed time.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { formatBytes, formatDuration } from '../../lib/format';
import { buildIdleText } from '../../lib/status-texts';
import type { JobView } from '../../stores/job-view';
import { Elapsed } from '../common/elapsed';

export function BuildStatusLine({
  job,
  latestVersion = null,
}: {
  job: JobView | null;
  /** The newest version built (in any session): shown before a build of this session. */
  latestVersion?: string | null;
}): ReactElement {
  const t = useT();
  if (!job) {
    const idle = buildIdleText(latestVersion);
    return (
      <p className="status-line" data-testid="build-status" data-state="idle">
        {t(idle.key, idle.params)}
      </p>
    );
  }
  const result = job.result?.kind === 'build' ? job.result : null;
  let text: string;
  if (job.status === 'running') {
    if (job.waiting) text = t('build.waiting', { reason: job.waiting });
    else if (job.current)
      text = t('build.step', {
        index: job.current.index,
        total: job.current.total,
        stage: job.current.stage === 'models' ? t('build.stage.models') : t('build.stage.main'),
      });
    else if (job.context)
      text = t('build.context', {
        files: job.context.files,
        size: formatBytes(job.context.bytes),
        cached: job.context.cachedFiles,
      });
    else text = t('build.preparing');
  } else if (job.status === 'succeeded') {
    const version = result?.version.version ?? job.builtVersion ?? job.reusedVersion ?? '';
    text =
      result?.reused || (!result && job.reusedVersion)
        ? t('build.upToDate', { version })
        : t('build.built', { version, duration: formatDuration(result?.durationMs ?? null) });
  } else if (job.status === 'failed') {
    text = job.current
      ? t('build.failedAt', { index: job.current.index, total: job.current.total })
      : t('build.failed');
  } else {
    text = t('build.cancelled');
  }
  return (
    <p
      className={`status-line status-${job.status}`}
      data-testid="build-status"
      data-state={job.status}
      aria-live="polite"
    >
      <span className="status-text">{text}</span>
      {job.status === 'running' && job.current ? (
        <span className="status-detail mono" title={job.current.instruction}>
          {job.current.instruction}
        </span>
      ) : null}
      {job.status === 'running' ? <Elapsed since={job.startedAt} until={null} /> : null}
    </p>
  );
}
