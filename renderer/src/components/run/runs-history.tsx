// Past runs of this algorithm (runs.list): filter by status, version and arg values, sort,
// show a run's outputs, re-run it with the same args and inputs, or delete it (runs.delete).
import { useMemo, useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { DEFAULT_VIEW, viewRuns, type HistoryView } from '../../lib/run-history';
import { withShortcut } from '../../lib/shortcuts';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { engineReachable, useEngineStore } from '../../stores/engine';
import { rerun } from '../../stores/flows';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useRunsStore } from '../../stores/runs';
import { toDisplayError, type DisplayError } from '../../transport/errors';
import { ErrorBox } from '../common/error-box';
import { RunsHistoryFilters } from './runs-history-filters';
import { RunsHistoryRow } from './runs-history-row';

type Notice = { id: string; kept: number } | null;

export function RunsHistory({ name }: { name: string }): ReactElement {
  const t = useT();
  const entry = useRunsStore((s) => s.byName[name]);
  const selected = useRunsStore((s) => s.selected[name] ?? null);
  const select = useRunsStore((s) => s.select);
  const remove = useRunsStore((s) => s.remove);
  const form = useAlgorithmDetailStore((s) => s.docs[name]?.detail?.form);
  const reachable = useEngineStore(engineReachable);
  const running = useJobsStore((s) => selectLatestJob(s, 'run', name)?.status === 'running');
  const [view, setView] = useState<HistoryView>(DEFAULT_VIEW);
  const [notice, setNotice] = useState<Notice>(null);
  const [deleteError, setDeleteError] = useState<DisplayError | null>(null);
  const list = useMemo(() => entry?.list ?? [], [entry?.list]);
  const shown = useMemo(() => viewRuns(list, view), [list, view]);
  const newest = list[0]?.id;

  const onDelete = async (id: string): Promise<void> => {
    setDeleteError(null);
    try {
      const r = await remove(name, id);
      setNotice({ id, kept: r.kept.length });
    } catch (err) {
      setNotice(null);
      setDeleteError(toDisplayError(err));
    }
  };

  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 id="runs-title" className="panel-title">
        {t('runs.title')}
      </h2>
      {entry?.error ? <ErrorBox error={entry.error} /> : null}
      {deleteError ? <ErrorBox error={deleteError} title={t('runs.deleteFailed')} testId="run-delete-error" /> : null}
      <p className="muted history-notice" role="status" aria-live="polite" data-testid="history-notice">
        {notice
          ? notice.kept
            ? t('runs.deletedKept', { id: notice.id, count: notice.kept })
            : t('runs.deleted', { id: notice.id })
          : null}
      </p>
      {entry?.loaded && list.length === 0 ? <p className="muted">{t('runs.empty')}</p> : null}
      {list.length > 0 ? <RunsHistoryFilters list={list} view={view} onChange={setView} shown={shown.length} /> : null}
      {list.length > 0 && shown.length === 0 ? <p className="muted">{t('runs.noMatch')}</p> : null}
      <div className="table-scroll">
        <table className="table runs-table" data-testid="runs-history" aria-labelledby="runs-title">
          <thead>
            <tr>
              <th scope="col">{t('runs.started')}</th>
              <th scope="col">{t('runs.version')}</th>
              <th scope="col">{t('runs.status')}</th>
              <th scope="col" className="num">
                {t('runs.duration')}
              </th>
              <th scope="col">{t('runs.inputs')}</th>
              <th scope="col">{t('runs.outputs')}</th>
              <th scope="col">{t('runs.args')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('runs.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <RunsHistoryRow
                key={r.id}
                run={r}
                inputsSpec={form?.inputs}
                outputsSpec={form?.outputs}
                actions={{
                  selected: selected === r.id,
                  canRerun: reachable && !running,
                  rerunTitle: r.id === newest ? withShortcut(t('runs.rerun'), 'rerun') : t('runs.rerun'),
                  rerunTestId: r.id === newest ? 'rerun-latest' : undefined,
                  onShow: () => select(name, selected === r.id ? null : r.id),
                  onRerun: () => void rerun(r),
                  onDelete: () => onDelete(r.id),
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
