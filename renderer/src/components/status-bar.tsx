// Always visible: the link to Kiln, the engine (version, reachable or why not, and what to
// do), the GPUs found. Click "Check again" to re-probe; it polls by itself while unreachable.
import type { ReactElement } from 'react';
import { useLocalize } from '../i18n/backend';
import { useT } from '../i18n/use-t';
import { plainText, SaidText } from './common/said-text';
import { useEngineStore } from '../stores/engine';

export function StatusBar(): ReactElement {
  const t = useT();
  const localize = useLocalize();
  const status = useEngineStore((s) => s.status);
  const error = useEngineStore((s) => s.error);
  const checking = useEngineStore((s) => s.checking);
  const connection = useEngineStore((s) => s.connection);
  const app = useEngineStore((s) => s.app);
  const refresh = useEngineStore((s) => s.refresh);

  const reachable = status?.reachable === true;
  const said = status && !status.reachable ? status.error : error;
  const problem = said ? localize(said) : null;
  const engineName = status?.isPodman ? 'Podman' : 'Docker';
  const gpu = status?.gpu;

  return (
    <footer className="status-bar" role="status" aria-live="polite">
      {connection !== 'connected' ? (
        <span className="status-item warn" data-testid="connection-status" data-state={connection}>
          {connection === 'disconnected'
            ? t('conn.disconnected')
            : connection === 'connecting'
              ? t('conn.connecting')
              : t('conn.reconnecting')}
        </span>
      ) : null}
      <span
        className={`status-item engine ${reachable ? 'ok' : status || error ? 'bad' : 'unknown'}`}
        data-testid="engine-status"
        data-reachable={status ? String(reachable) : 'unknown'}
        title={
          !reachable && problem
            ? plainText([problem.message, problem.hint].filter(Boolean).join('\n'))
            : (status?.endpoint ?? undefined)
        }
      >
        <span className="dot" aria-hidden="true" />
        {reachable ? (
          t('engine.reachable', {
            engine: engineName,
            version: status?.version ?? '?',
            api: status?.apiVersion ?? '?',
          })
        ) : problem ? (
          <SaidText text={t('engine.unreachable', { message: problem.message })} />
        ) : (
          t('engine.checking')
        )}
        {!reachable && problem?.hint ? (
          <span className="status-hint">
            {' '}
            <SaidText text={problem.hint} />
          </span>
        ) : null}
      </span>
      {reachable ? (
        <span className="status-item" data-testid="gpu-status">
          {gpu && gpu.available && gpu.gpus.length > 0
            ? t('engine.gpus', {
                count: gpu.gpus.length,
                names: [...new Set(gpu.gpus.map((g) => g.name ?? 'GPU'))].join(', '),
              })
            : t('engine.noGpu', {
                reason: gpu
                  ? localize({ message: gpu.reason, messageId: gpu.reasonSaid?.id, params: gpu.reasonSaid?.params })
                      .message
                  : '',
              })}
        </span>
      ) : null}
      <button
        type="button"
        className="status-button"
        onClick={() => void refresh(true)}
        disabled={checking}
        aria-label={t('engine.recheckLabel')}
      >
        {checking ? t('engine.checkingShort') : t('engine.recheck')}
      </button>
      <span className="toolbar-spacer" />
      {app ? <span className="status-item muted">Kiln {app.version}</span> : null}
    </footer>
  );
}
