// One run in the history: when (to the second), version, status, time, input names with
// thumbnails of image inputs and outputs, every arg (expandable), and its actions.
import { useState, type ReactElement } from 'react';
import type { InputSpec, OutputSpec } from '../../../../shared/manifest/schema';
import type { RunRecord } from '../../../../shared/records';
import { storedError, useLocalize } from '../../i18n/backend';
import { useLanguage, useT } from '../../i18n/use-t';
import { formatDateTime, formatDuration } from '../../lib/format';
import { argText, durationOf } from '../../lib/run-history';
import { transport } from '../../stores/transport-ref';
import { plainText } from '../common/said-text';
import { StatusBadge } from '../common/status-badge';
import { outputKind } from './output-view';

/** Args shown before "+n more". */
const ARGS_SHOWN = 3;

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** The same URL the outputs panel loads, drawn small by CSS and only when scrolled into view. */
function Thumb({ src, alt }: { src: string; alt: string }): ReactElement {
  const [failed, setFailed] = useState(false);
  if (failed) return <span className="thumb thumb-missing" aria-hidden="true" />;
  return <img className="thumb" src={src} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(true)} />;
}

export interface RunRowActions {
  selected: boolean;
  canRerun: boolean;
  rerunTitle: string;
  rerunTestId: string | undefined;
  onShow: () => void;
  onRerun: () => void;
  onDelete: () => Promise<void>;
}

export function RunsHistoryRow({
  run,
  inputsSpec,
  outputsSpec,
  actions,
}: {
  run: RunRecord;
  inputsSpec: Record<string, InputSpec> | undefined;
  outputsSpec: Record<string, OutputSpec> | undefined;
  actions: RunRowActions;
}): ReactElement {
  const t = useT();
  const language = useLanguage();
  const [expanded, setExpanded] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const when = formatDateTime(run.startedAt, language);
  const args = Object.entries(run.args);
  const shownArgs = expanded ? args : args.slice(0, ARGS_SHOWN);
  const t0 = transport();
  const localize = useLocalize();
  const failure = run.status === 'succeeded' ? null : storedError(run);

  const del = async (): Promise<void> => {
    setDeleting(true);
    try {
      await actions.onDelete();
    } finally {
      setDeleting(false);
      setConfirming(false);
    }
  };

  return (
    <tr className={actions.selected ? 'selected' : undefined} data-run-id={run.id}>
      <td>
        <time dateTime={run.startedAt} title={run.id}>
          {when}
        </time>
      </td>
      <td className="mono">{run.version ?? '—'}</td>
      <td title={failure ? plainText(localize(failure).message) : undefined} data-testid="run-status-cell">
        <StatusBadge status={run.status} />
        {run.errorCode ? <span className="muted"> {run.errorCode}</span> : null}
      </td>
      <td className="num">{formatDuration(durationOf(run))}</td>
      <td className="files-cell" data-testid="run-inputs">
        {run.inputs.length === 0 ? <span className="muted">—</span> : null}
        {run.inputs.map((f) => (
          <span key={f.key} className="file-chip" title={f.path}>
            {outputKind(inputsSpec?.[f.key]?.type, f.path) === 'image' ? (
              <Thumb src={t0.inputUrl(run.id, f.key)} alt={t('runs.thumbAlt', { key: f.key })} />
            ) : null}
            <span className="file-chip-name">
              <span className="mono">{f.key}</span>: {baseName(f.path)}
            </span>
          </span>
        ))}
      </td>
      <td className="files-cell" data-testid="run-output-thumbs">
        {(run.outputs ?? [])
          .filter((o) => outputKind(outputsSpec?.[o.key]?.type, o.path) === 'image')
          .map((o) => (
            <Thumb key={o.key} src={t0.outputUrl(run.id, o.key)} alt={t('runs.thumbAlt', { key: o.key })} />
          ))}
      </td>
      <td className="args-cell-full" data-testid="run-args">
        {args.length === 0 ? <span className="muted">—</span> : null}
        <ul className={`arg-list${expanded ? ' expanded' : ''}`}>
          {shownArgs.map(([k, v]) => (
            <li key={k} className="mono">
              {k}={argText(v)}
            </li>
          ))}
        </ul>
        {args.length > ARGS_SHOWN ? (
          <button
            type="button"
            className="link-button"
            aria-expanded={expanded}
            aria-label={expanded ? t('runs.argsCollapse') : t('runs.argsExpand', { when })}
            data-testid="run-args-toggle"
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? t('runs.argsLess') : t('runs.argsMore', { count: args.length - ARGS_SHOWN })}
          </button>
        ) : null}
      </td>
      <td className="actions-cell">
        {confirming ? (
          <span className="confirm" role="group" aria-label={t('runs.deleteConfirm')}>
            <span>{t('runs.deleteConfirm')}</span>
            <button
              type="button"
              className="button small danger"
              data-testid="run-delete-confirm"
              disabled={deleting}
              autoFocus
              onClick={() => void del()}
            >
              {t('runs.deleteYes')}
            </button>
            <button type="button" className="button small" onClick={() => setConfirming(false)}>
              {t('runs.deleteNo')}
            </button>
          </span>
        ) : (
          <>
            <button
              type="button"
              className="link-button"
              aria-pressed={actions.selected}
              aria-label={t('runs.showLabel', { when })}
              onClick={actions.onShow}
            >
              {t('runs.show')}
            </button>
            <button
              type="button"
              className="button small"
              data-testid={actions.rerunTestId}
              disabled={!actions.canRerun}
              title={actions.rerunTitle}
              aria-label={t('runs.rerunLabel', { when })}
              onClick={actions.onRerun}
            >
              {t('runs.rerun')}
            </button>
            <button
              type="button"
              className="button small"
              data-testid="run-delete"
              disabled={run.status === 'running'}
              aria-label={t('runs.deleteLabel', { when })}
              onClick={() => setConfirming(true)}
            >
              {t('runs.delete')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
