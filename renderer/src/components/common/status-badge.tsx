// A run/build/job status as a small coloured label.
import type { ReactElement } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/use-t';

const LABELS: Record<string, MessageKey> = {
  running: 'status.running',
  succeeded: 'status.succeeded',
  reused: 'status.reused',
  failed: 'status.failed',
  cancelled: 'status.cancelled',
  aborted: 'status.aborted',
  idle: 'status.idle',
};

export function StatusBadge({ status }: { status: string | null }): ReactElement {
  const t = useT();
  const key = status ? LABELS[status] : undefined;
  return <span className={`badge badge-${status ?? 'none'}`}>{key ? t(key) : t('status.none')}</span>;
}
