// A log section with its heading and an Expand/Collapse toggle (build and run panels).
import { useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { LogBuffer } from '../../lib/log-buffer';
import { LogView } from './log-view';

export function ExpandableLog({
  buffer,
  count,
  label,
  collapsedHeight,
}: {
  buffer: LogBuffer | undefined;
  count: number;
  label: string;
  collapsedHeight: number;
}): ReactElement {
  const t = useT();
  const [expanded, setExpanded] = useState(false);
  return (
    <>
      <div className="log-head">
        <h3>{t('log.title')}</h3>
        <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
          {expanded ? t('log.collapse') : t('log.expand')}
        </button>
      </div>
      <LogView
        buffer={buffer}
        count={count}
        label={label}
        expanded={expanded}
        defaultHeight={expanded ? 480 : collapsedHeight}
      />
    </>
  );
}
