// The algorithms Kiln knows (algorithms.list): name, description, versions, last run status.
import type { ReactElement } from 'react';
import type { AlgorithmSummary } from '../../../../shared/api';
import { useT } from '../../i18n/use-t';
import { useAlgorithmsStore } from '../../stores/algorithms';
import { showAlgorithm } from '../../stores/flows';
import { useUiStore } from '../../stores/ui';
import { ErrorBox } from '../common/error-box';
import { AlgorithmBadge } from './algorithm-badge';

export function AlgorithmList(): ReactElement {
  const t = useT();
  const list = useAlgorithmsStore((s) => s.list);
  const loaded = useAlgorithmsStore((s) => s.loaded);
  const error = useAlgorithmsStore((s) => s.error);
  const selected = useUiStore((s) => s.selected);

  return (
    <div className="algorithm-list-wrap">
      {error ? <ErrorBox error={error} title={t('sidebar.listFailed')} /> : null}
      <ul className="algorithm-list" data-testid="algorithm-list" aria-labelledby="algorithms-heading">
        {list.map((a) => (
          <AlgorithmItem key={a.name} algorithm={a} selected={a.name === selected} />
        ))}
      </ul>
      {loaded && list.length === 0 ? <p className="sidebar-empty">{t('sidebar.empty')}</p> : null}
      {!loaded && !error ? <p className="sidebar-empty">{t('common.loading')}</p> : null}
    </div>
  );
}

function AlgorithmItem({ algorithm: a, selected }: { algorithm: AlgorithmSummary; selected: boolean }): ReactElement {
  const t = useT();
  const openDialog = useUiStore((s) => s.openDialog);
  const problem =
    a.problemKind === 'folder-not-found'
      ? t('sidebar.folderNotFound')
      : a.problemKind === 'manifest-not-found'
        ? t('sidebar.manifestNotFound')
        : a.problem;
  return (
    <li className="algorithm-row">
      <button
        type="button"
        className={`algorithm-item${selected ? ' selected' : ''}${a.problem ? ' has-problem' : ''}`}
        data-testid={`algorithm-item-${a.name}`}
        aria-current={selected ? 'page' : undefined}
        onClick={() => showAlgorithm(a.name)}
        title={a.path}
      >
        <span className="algorithm-item-top">
          <span className="algorithm-name">{a.name}</span>
          <AlgorithmBadge algorithm={a} />
        </span>
        {a.description ? (
          <span className="algorithm-desc" data-literal="">
            {a.description}
          </span>
        ) : null}
        <span className="algorithm-meta">
          {a.versions === 0
            ? t('sidebar.noVersions')
            : t('sidebar.versions', { count: a.versions, latest: a.latestVersion ?? '—' })}
        </span>
        {problem ? (
          <span className="algorithm-problem" data-testid={`algorithm-problem-${a.name}`}>
            {problem}
          </span>
        ) : null}
      </button>
      <span className="algorithm-actions">
        <button
          type="button"
          className="icon-button"
          data-testid={`rename-${a.name}`}
          aria-label={t('sidebar.rename', { name: a.name })}
          title={t('sidebar.rename', { name: a.name })}
          onClick={() => openDialog({ kind: 'rename-algorithm', name: a.name })}
        >
          ✎
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid={`remove-${a.name}`}
          aria-label={t('sidebar.remove', { name: a.name })}
          title={t('sidebar.remove', { name: a.name })}
          onClick={() => openDialog({ kind: 'remove-algorithm', name: a.name })}
        >
          🗑
        </button>
      </span>
    </li>
  );
}
