// Past runs of this algorithm (runs.list): when, version, status, time, args; show a run's
// outputs, or re-run it with the same args and inputs in one click.
import type { ReactElement } from 'react';
import type { RunRecord } from '../../../../shared/records';
import { useLanguage, useT } from '../../i18n/use-t';
import { formatDate, formatDuration, runDurationMs } from '../../lib/format';
import { withShortcut } from '../../lib/shortcuts';
import { engineReachable, useEngineStore } from '../../stores/engine';
import { rerun } from '../../stores/flows';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useRunsStore } from '../../stores/runs';
import { ErrorBox } from '../common/error-box';
import { StatusBadge } from '../common/status-badge';

function argsText(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export function RunsHistory({ name }: { name: string }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const entry = useRunsStore((s) => s.byName[name]);
  const selected = useRunsStore((s) => s.selected[name] ?? null);
  const select = useRunsStore((s) => s.select);
  const reachable = useEngineStore(engineReachable);
  const running = useJobsStore((s) => selectLatestJob(s, 'run', name)?.status === 'running');
  const list = entry?.list ?? [];

  const row = (r: RunRecord, i: number): ReactElement => (
    <tr key={r.id} className={selected === r.id ? 'selected' : undefined} data-run-id={r.id}>
      <td>{formatDate(r.startedAt, language)}</td>
      <td className="mono">{r.version ?? '—'}</td>
      <td>
        <StatusBadge status={r.status} />
        {r.errorCode ? <span className="muted"> {r.errorCode}</span> : null}
      </td>
      <td className="num">{formatDuration(r.timings?.['total'] ?? runDurationMs(r.startedAt, r.finishedAt))}</td>
      <td className="mono args-cell" title={argsText(r.args)}>
        {argsText(r.args) || '—'}
      </td>
      <td className="actions-cell">
        <button
          type="button"
          className="link-button"
          aria-pressed={selected === r.id}
          aria-label={t('runs.showLabel', { when: formatDate(r.startedAt, language) })}
          onClick={() => select(name, selected === r.id ? null : r.id)}
        >
          {t('runs.show')}
        </button>
        <button
          type="button"
          className="button small"
          data-testid={i === 0 ? 'rerun-latest' : undefined}
          disabled={!reachable || running}
          title={i === 0 ? withShortcut(t('runs.rerun'), 'rerun') : t('runs.rerun')}
          aria-label={t('runs.rerunLabel', { when: formatDate(r.startedAt, language) })}
          onClick={() => void rerun(r)}
        >
          {t('runs.rerun')}
        </button>
      </td>
    </tr>
  );

  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 id="runs-title" className="panel-title">
        {t('runs.title')}
      </h2>
      {entry?.error ? <ErrorBox error={entry.error} /> : null}
      {entry?.loaded && list.length === 0 ? <p className="muted">{t('runs.empty')}</p> : null}
      <table className="table runs-table" data-testid="runs-history" aria-labelledby="runs-title">
        <thead>
          <tr>
            <th scope="col">{t('runs.started')}</th>
            <th scope="col">{t('runs.version')}</th>
            <th scope="col">{t('runs.status')}</th>
            <th scope="col" className="num">
              {t('runs.duration')}
            </th>
            <th scope="col">{t('runs.args')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('runs.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{list.map(row)}</tbody>
      </table>
    </section>
  );
}
