// The toasts of stores/toasts.ts, stacked at the bottom right, announced politely.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { useToastsStore } from '../../stores/toasts';

export function Toasts(): ReactElement {
  const t = useT();
  const toasts = useToastsStore((s) => s.toasts);
  const dismiss = useToastsStore((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" data-testid="toast" data-key={toast.text.key}>
          <div className="toast-body">
            {toast.title ? <strong className="toast-title">{t(toast.title.key, toast.title.params)}</strong> : null}
            <span>{t(toast.text.key, toast.text.params)}</span>
            {toast.action ? (
              <button
                type="button"
                className="link-button"
                data-testid="toast-action"
                onClick={() => {
                  dismiss(toast.id);
                  toast.action?.run();
                }}
              >
                {t(toast.action.label.key, toast.action.label.params)}
              </button>
            ) : null}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={t('dialog.close')}
            data-testid="toast-close"
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
