// The command palette (Ctrl/Cmd+K): every action of actions.ts, filtered as you type, chosen
// with the arrow keys and taken with Enter (or a click). Actions that need an algorithm are
// listed but unavailable while none is shown.
import { useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import { ACTIONS, actionAvailable, performAction, type Action } from '../actions';
import { useT } from '../i18n/use-t';
import { filterActions } from '../lib/action-filter';
import { shortcutLabel } from '../lib/shortcuts';
import { useOverlayStore } from '../stores/overlay';
import { useUiStore } from '../stores/ui';
import { Dialog } from './common/dialog';

export function CommandPalette(): ReactElement | null {
  const open = useOverlayStore((s) => s.open === 'palette');
  return open ? <PaletteBody /> : null;
}

function PaletteBody(): ReactElement {
  const t = useT();
  const close = useOverlayStore((s) => s.close);
  const selected = useUiStore((s) => s.selected);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const items = useMemo(() => filterActions(ACTIONS, query, (a) => t(a.label)), [query, t]);
  const current = Math.min(index, Math.max(0, items.length - 1));

  const take = (action: Action | undefined): void => {
    if (!action || !actionAvailable(action, selected)) return;
    close();
    performAction(action);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const step = (d: number): void => setIndex(items.length ? (current + d + items.length) % items.length : 0);
    if (e.key === 'ArrowDown') step(1);
    else if (e.key === 'ArrowUp') step(-1);
    else if (e.key === 'Home') setIndex(0);
    else if (e.key === 'End') setIndex(Math.max(0, items.length - 1));
    else if (e.key === 'Enter') take(items[current]);
    else return;
    e.preventDefault();
  };

  return (
    <Dialog title={t('palette.title')} onClose={close} testId="command-palette">
      <div className="palette">
        <input
          type="text"
          className="palette-input"
          data-testid="palette-input"
          data-autofocus
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[current] ? `palette-${items[current].id}` : undefined}
          aria-label={t('palette.filter')}
          placeholder={t('palette.filter')}
          value={query}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="palette-list" id="palette-list" role="listbox" aria-label={t('palette.title')}>
          {items.map((a, i) => {
            const available = actionAvailable(a, selected);
            return (
              <li
                key={a.id}
                id={`palette-${a.id}`}
                role="option"
                className={`palette-item${i === current ? ' active' : ''}`}
                data-testid={`palette-item-${a.id}`}
                aria-selected={i === current}
                aria-disabled={!available}
                onMouseEnter={() => setIndex(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => take(a)}
              >
                <span className="palette-label">{t(a.label)}</span>
                {!available ? <span className="muted palette-note">{t('palette.needsAlgorithm')}</span> : null}
                {a.shortcut ? <kbd className="palette-keys">{shortcutLabel(a.shortcut)}</kbd> : null}
              </li>
            );
          })}
        </ul>
        {items.length === 0 ? <p className="muted">{t('palette.none')}</p> : null}
        <p className="muted palette-hint">{t('palette.hint')}</p>
      </div>
    </Dialog>
  );
}
