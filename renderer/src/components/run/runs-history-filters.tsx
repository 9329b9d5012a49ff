// The run history's filters and sort: status, version, one arg's value; sort field and order.
import type { ReactElement } from 'react';
import type { RunRecord } from '../../../../shared/records';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { DEFAULT_VIEW, facets, type HistoryView, type SortField } from '../../lib/run-history';

const STATUS_LABELS: Record<string, MessageKey> = {
  running: 'status.running',
  succeeded: 'status.succeeded',
  failed: 'status.failed',
  cancelled: 'status.cancelled',
  aborted: 'status.aborted',
};

const SORTS: Array<[SortField, MessageKey]> = [
  ['started', 'runs.sort.started'],
  ['duration', 'runs.sort.duration'],
  ['status', 'runs.sort.status'],
  ['version', 'runs.sort.version'],
];

export function RunsHistoryFilters({
  list,
  view,
  onChange,
  shown,
}: {
  list: readonly RunRecord[];
  view: HistoryView;
  onChange: (view: HistoryView) => void;
  shown: number;
}): ReactElement {
  const t = useT();
  const f = facets(list);
  const set = (patch: Partial<HistoryView>): void => onChange({ ...view, ...patch });
  const filtered = view.status !== '' || view.version !== '' || (view.argKey !== '' && view.argValue.trim() !== '');
  return (
    <div className="history-filters" role="group" aria-label={t('runs.filters')}>
      <label className="inline-field">
        <span>{t('runs.filterStatus')}</span>
        <select
          data-testid="history-status"
          value={view.status}
          onChange={(e) => set({ status: e.target.value as HistoryView['status'] })}
        >
          <option value="">{t('runs.filterAll')}</option>
          {f.statuses.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s] ? t(STATUS_LABELS[s]) : s}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('runs.filterVersion')}</span>
        <select data-testid="history-version" value={view.version} onChange={(e) => set({ version: e.target.value })}>
          <option value="">{t('runs.filterAll')}</option>
          {f.versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('runs.filterArg')}</span>
        <select data-testid="history-arg" value={view.argKey} onChange={(e) => set({ argKey: e.target.value })}>
          <option value="">{t('runs.filterArgNone')}</option>
          {f.args.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span className="visually-hidden">{t('runs.filterArgValue')}</span>
        <input
          type="text"
          data-testid="history-arg-value"
          value={view.argValue}
          disabled={!view.argKey}
          spellCheck={false}
          placeholder={t('runs.filterArgPlaceholder')}
          onChange={(e) => set({ argValue: e.target.value })}
        />
      </label>
      <label className="inline-field">
        <span>{t('runs.sortBy')}</span>
        <select
          data-testid="history-sort"
          value={view.sort}
          onChange={(e) => set({ sort: e.target.value as SortField })}
        >
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
          {f.args.map((a) => (
            <option key={a} value={`arg:${a}`}>
              {t('runs.sort.arg', { name: a })}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button small"
        data-testid="history-order"
        aria-pressed={view.descending}
        onClick={() => set({ descending: !view.descending })}
      >
        {view.descending ? t('runs.sortDesc') : t('runs.sortAsc')}
      </button>
      {filtered ? (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ ...DEFAULT_VIEW, sort: view.sort, descending: view.descending })}
        >
          {t('runs.clearFilters')}
        </button>
      ) : null}
      <span className="muted" data-testid="history-count" aria-live="polite">
        {t('runs.shown', { shown, total: list.length })}
      </span>
    </div>
  );
}
