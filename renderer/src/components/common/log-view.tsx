// A virtualized log: fixed row height, only the rows in view (plus a few) are in the DOM,
// so 100,000 lines scroll and stream smoothly. Follows the end while scrolled to the bottom.
// Positions are set with React style props (CSSOM, allowed by the CSP), the only ones in the app.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { LogBuffer } from '../../lib/log-buffer';

/** Must match .log-row's height in styles/log.css. */
export const LOG_ROW_HEIGHT = 18;
const OVERSCAN = 8;

export interface LogViewProps {
  buffer: LogBuffer | undefined;
  /** Line count; a change re-renders (the buffer itself is mutable). */
  count: number;
  label: string;
  /** Viewport height to assume before layout is measured (and in jsdom, which has no layout). */
  defaultHeight?: number;
  expanded?: boolean;
  testId?: string;
}

export function LogView({
  buffer,
  count,
  label,
  defaultHeight = 240,
  expanded = false,
  testId = 'log-view',
}: LogViewProps): ReactElement {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(defaultHeight);
  const [following, setFollowing] = useState(true);
  const followRef = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      if (el.clientHeight > 0) setViewport(el.clientHeight);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [expanded]);

  // Stay at the end while following. The rows in view follow from `count` (below), so a new
  // line costs one render, not a second one for a scrollTop state set here or by the scroll event.
  const end = Math.max(0, count * LOG_ROW_HEIGHT - viewport);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !followRef.current) return;
    if (el.scrollTop !== end) el.scrollTop = end;
  }, [end]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const atEnd = el.scrollTop + viewport >= count * LOG_ROW_HEIGHT - LOG_ROW_HEIGHT * 2;
    followRef.current = atEnd;
    setFollowing(atEnd);
    if (!atEnd) setScrollTop(el.scrollTop);
  }, [count, viewport]);

  const jumpToEnd = (): void => {
    followRef.current = true;
    setFollowing(true);
    const el = ref.current;
    if (el) el.scrollTop = count * LOG_ROW_HEIGHT;
  };

  useEffect(() => {
    if (count === 0) {
      followRef.current = true;
      setFollowing(true);
    }
  }, [count]);

  const top = following ? end : scrollTop;
  const first = Math.max(0, Math.floor(top / LOG_ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + viewport) / LOG_ROW_HEIGHT) + OVERSCAN);
  const rows: ReactElement[] = [];
  if (buffer) {
    for (let i = first; i < last; i++) {
      rows.push(
        <div className="log-row" key={i} data-line={i + 1}>
          {buffer.get(i) || '\u00a0'}
        </div>,
      );
    }
  }

  return (
    <div className={`log-view-wrap${expanded ? ' log-expanded' : ''}`}>
      <div
        ref={ref}
        className="log-view"
        data-literal=""
        role="log"
        aria-live="off"
        aria-label={label}
        tabIndex={0}
        onScroll={onScroll}
        data-testid={testId}
        data-line-count={count}
      >
        {count === 0 ? <div className="log-empty">{t('log.empty')}</div> : null}
        <div className="log-spacer" style={{ height: count * LOG_ROW_HEIGHT }}>
          <div className="log-window" style={{ transform: `translateY(${first * LOG_ROW_HEIGHT}px)` }}>
            {rows}
          </div>
        </div>
      </div>
      {!following && count > 0 ? (
        <button type="button" className="log-jump" onClick={jumpToEnd}>
          {t('log.jumpToEnd')}
        </button>
      ) : null}
      {buffer && buffer.dropped > 0 ? (
        <p className="log-dropped">{t('log.dropped', { count: buffer.dropped })}</p>
      ) : null}
    </div>
  );
}
