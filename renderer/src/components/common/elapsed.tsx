// A duration that ticks while something runs.
import { useEffect, useState, type ReactElement } from 'react';
import { formatDuration } from '../../lib/format';

export function Elapsed({
  since,
  until,
  className,
}: {
  since: number;
  until: number | null;
  className?: string;
}): ReactElement {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until !== null) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [until]);
  const ms = (until ?? now) - since;
  return (
    <span className={className ?? 'elapsed'} aria-live="off">
      {formatDuration(Math.max(0, ms))}
    </span>
  );
}
