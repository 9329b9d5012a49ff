// "Keep warm" on the Run screen: serves the version once (its setup runs once), after which
// every change to an arg or input re-runs the current inputs on it (stores/live-tuning.ts).
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { formatDuration } from '../../lib/format';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useKeepWarmStore } from '../../stores/keep-warm';
import { liveBusy, useLiveTuningStore } from '../../stores/live-tuning';
import type { RunForm } from '../../stores/run-form';
import { ErrorBox } from '../common/error-box';
import { ExpandableLog } from '../common/expandable-log';

export function KeepWarmToggle({
  name,
  form,
  disabled,
}: {
  name: string;
  form: RunForm;
  disabled: boolean;
}): ReactElement {
  const t = useT();
  const entry = useKeepWarmStore((s) => s.byName[name]);
  const enable = useKeepWarmStore((s) => s.enable);
  const disable = useKeepWarmStore((s) => s.disable);
  const busy = useLiveTuningStore((s) => liveBusy(s, name));
  // The serve job's own log (the build, the setup's output): shown while it starts or when it failed.
  const job = useJobsStore((s) => selectLatestJob(s, 'serve', name));
  const log = useJobsStore((s) => (job ? s.logs[job.jobId] : undefined));
  const status = entry?.status ?? 'off';
  const checked = status === 'on' || status === 'starting';

  const onToggle = (on: boolean): void => {
    if (on) void enable(name, form.version, form.gpu);
    else void disable(name);
  };

  let line: ReactElement;
  if (status === 'starting') line = <span className="warm-line">{t('warm.starting')}</span>;
  else if (status === 'stopping') line = <span className="warm-line">{t('warm.stopping')}</span>;
  else if (status === 'on' && entry?.served) {
    line = (
      <span className="warm-line">
        <span className="mono">{t('warm.on', { version: entry.served.version })}</span>
        {entry.served.setupMs !== null ? (
          <span className="muted"> · {t('warm.setup', { ms: formatDuration(entry.served.setupMs) })}</span>
        ) : null}
        <span className="muted"> · {busy ? t('warm.updating') : t('warm.live')}</span>
      </span>
    );
  } else line = <span className="warm-line muted">{t('warm.about')}</span>;

  return (
    <div className="keep-warm" data-testid="keep-warm" data-state={status} data-live={busy ? 'busy' : 'idle'}>
      <label className="keep-warm-switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="keep-warm-toggle"
          checked={checked}
          disabled={disabled || status === 'stopping'}
          aria-checked={checked}
          onChange={(e) => onToggle(e.target.checked)}
        />
        <span>{t('warm.toggle')}</span>
      </label>
      {line}
      {entry?.error ? <ErrorBox error={entry.error} title={t('warm.failed')} testId="keep-warm-error" /> : null}
      {job && (status === 'starting' || entry?.error) && job.logCount > 0 ? (
        <ExpandableLog buffer={log} count={job.logCount} label={t('warm.logLabel')} collapsedHeight={120} />
      ) : null}
    </div>
  );
}
