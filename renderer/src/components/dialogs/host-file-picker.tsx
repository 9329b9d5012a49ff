// A file browser of the host (files.list) for a browser tab, where no native picker can see the
// GPU box's disk: the home folder and the folders added in Settings, breadcrumbs, a list driven
// by the keyboard, and a filter by the input's type. It returns a host path, as a native picker does.
import { useCallback, useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { HostEntry, HostListing } from '../../../../shared/api';
import { useLanguage, useT } from '../../i18n/use-t';
import { formatBytes, formatDateTime } from '../../lib/format';
import { breadcrumbs, hostBaseName, joinHost, matchesExtensions } from '../../lib/host-paths';
import { transport } from '../../stores/transport-ref';
import { toDisplayError, type DisplayError } from '../../transport/errors';
import { Dialog } from '../common/dialog';
import { ErrorBox } from '../common/error-box';

export interface HostFilePickerProps {
  mode: 'file' | 'folder';
  title: string;
  /** Extensions offered first (the input's type); null: any file. */
  accept?: readonly string[] | null;
  /** Names the type in "Only image files". */
  typeLabel?: string;
  initialPath?: string;
  onPick: (path: string) => void;
  onClose: () => void;
}

export function HostFilePicker({
  mode,
  title,
  accept = null,
  typeLabel,
  initialPath,
  onPick,
  onClose,
}: HostFilePickerProps): ReactElement {
  const t = useT();
  const language = useLanguage();
  const listId = useId();
  const [listing, setListing] = useState<HostListing | null>(null);
  const [error, setError] = useState<DisplayError | null>(null);
  const [loading, setLoading] = useState(true);
  const [filter, setFilter] = useState('');
  const [showHidden, setShowHidden] = useState(false);
  const [onlyType, setOnlyType] = useState(true);
  const [active, setActive] = useState(0);

  const load = useCallback(async (path?: string): Promise<void> => {
    setLoading(true);
    try {
      const next = await transport().call('files.list', path ? { path } : {});
      setListing(next);
      setError(null);
      setActive(0);
      setFilter('');
    } catch (err) {
      setError(toDisplayError(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(initialPath);
  }, [load, initialPath]);

  const entries = useMemo<HostEntry[]>(() => {
    if (!listing) return [];
    const q = filter.trim().toLowerCase();
    return listing.entries.filter((e) => {
      if (!showHidden && e.name.startsWith('.')) return false;
      if (q && !e.name.toLowerCase().includes(q)) return false;
      if (e.kind === 'folder') return true;
      if (mode === 'folder' || e.kind !== 'file') return false;
      return !onlyType || matchesExtensions(e.name, accept);
    });
  }, [listing, filter, showHidden, onlyType, mode, accept]);

  const current = entries[Math.min(active, entries.length - 1)];

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);
  const hiddenCount = (listing?.entries.length ?? 0) - entries.length;

  const open = (e: HostEntry | undefined): void => {
    if (!e || !listing) return;
    const p = joinHost(listing.path, e.name);
    if (e.kind === 'folder') void load(p);
    else if (mode === 'file' && e.kind === 'file') onPick(p);
  };
  const up = (): void => {
    if (listing?.parent) void load(listing.parent);
  };

  const onListKey = (e: KeyboardEvent): void => {
    const last = entries.length - 1;
    const move = (i: number): void => {
      e.preventDefault();
      setActive(Math.max(0, Math.min(last, i)));
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp' && !e.altKey) move(active - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(last);
    else if (e.key === 'PageDown') move(active + 10);
    else if (e.key === 'PageUp') move(active - 10);
    else if (e.key === 'Enter' || (e.key === 'ArrowRight' && current?.kind === 'folder')) {
      e.preventDefault();
      open(current);
    } else if (e.key === 'Backspace' || e.key === 'ArrowLeft' || (e.key === 'ArrowUp' && e.altKey)) {
      e.preventDefault();
      up();
    }
  };

  const choose = (): void => {
    if (!listing) return;
    if (mode === 'folder') onPick(current?.kind === 'folder' ? joinHost(listing.path, current.name) : listing.path);
    else if (current?.kind === 'file') onPick(joinHost(listing.path, current.name));
  };

  const optionId = (i: number): string => `${listId}-${i}`;
  const footer = (
    <div className="dialog-actions">
      <span className="muted picker-selected" aria-live="polite">
        {current && (mode === 'folder' || current.kind === 'file')
          ? t('picker.selected', { name: current.name })
          : null}
      </span>
      <button type="button" className="button" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button
        type="button"
        className="button primary"
        data-testid="picker-choose"
        disabled={!listing || (mode === 'file' && current?.kind !== 'file')}
        onClick={choose}
      >
        {mode === 'folder' ? t('picker.chooseFolder') : t('picker.choose')}
      </button>
    </div>
  );

  return (
    <Dialog title={title} onClose={onClose} testId="host-file-picker">
      <div className="picker">
        {listing ? (
          <div className="picker-places" role="group" aria-label={t('picker.places')}>
            {listing.roots.map((r, i) => (
              <button
                key={r}
                type="button"
                className={`button small${listing.root === r ? ' active' : ''}`}
                aria-pressed={listing.root === r}
                title={r}
                onClick={() => void load(r)}
              >
                {i === 0 ? t('picker.home') : hostBaseName(r)}
              </button>
            ))}
          </div>
        ) : null}
        {listing ? (
          <nav className="picker-crumbs" aria-label={t('picker.crumbs')}>
            <button
              type="button"
              className="button small"
              disabled={!listing.parent}
              aria-label={t('picker.upLabel')}
              onClick={up}
            >
              {t('picker.up')}
            </button>
            <ol>
              {breadcrumbs(listing.root, listing.path).map((c, i, all) => (
                <li key={c.path}>
                  {i === all.length - 1 ? (
                    <span aria-current="location" className="mono">
                      {c.label}
                    </span>
                  ) : (
                    <button type="button" className="link-button mono" onClick={() => void load(c.path)}>
                      {c.label}
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        {error ? (
          <div>
            <ErrorBox error={error} title={t('picker.failed')} testId="picker-error" />
            {!listing ? (
              <button type="button" className="button small" onClick={() => void load()}>
                {t('picker.backHome')}
              </button>
            ) : null}
          </div>
        ) : null}
        <div className="picker-tools">
          <label className="inline-field">
            <span className="visually-hidden">{t('picker.filter')}</span>
            <input
              type="text"
              data-testid="picker-filter"
              data-autofocus
              value={filter}
              placeholder={t('picker.filterPlaceholder')}
              aria-controls={listId}
              spellCheck={false}
              onChange={(e) => {
                setFilter(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown' || e.key === 'Enter') {
                  e.preventDefault();
                  if (e.key === 'Enter') open(current);
                  else document.getElementById(listId)?.focus();
                }
              }}
            />
          </label>
          {mode === 'file' && accept ? (
            <label className="inline-field">
              <input
                type="checkbox"
                data-testid="picker-only-type"
                checked={onlyType}
                onChange={(e) => setOnlyType(e.target.checked)}
              />
              <span>{t('picker.onlyType', { type: typeLabel ?? accept.join(' ') })}</span>
            </label>
          ) : null}
          <label className="inline-field">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
            <span>{t('picker.showHidden')}</span>
          </label>
        </div>
        <ul
          id={listId}
          className="picker-list"
          role="listbox"
          tabIndex={0}
          data-testid="picker-list"
          aria-label={t('picker.listLabel', { folder: listing?.path ?? '' })}
          aria-activedescendant={current ? optionId(entries.indexOf(current)) : undefined}
          aria-busy={loading}
          aria-describedby={`${listId}-keys`}
          onKeyDown={onListKey}
        >
          {entries.map((e, i) => (
            <li
              key={e.name}
              id={optionId(i)}
              role="option"
              aria-selected={current === e}
              className={`picker-entry picker-${e.kind}${current === e ? ' active' : ''}`}
              data-name={e.name}
              onClick={() => setActive(i)}
              onDoubleClick={() => open(e)}
            >
              <span className={`picker-icon picker-icon-${e.kind}`} aria-hidden="true" />
              <span className="picker-name">
                {e.name}
                {e.kind === 'folder' ? <span className="visually-hidden"> ({t('picker.folderKind')})</span> : null}
              </span>
              <span className="picker-size num">{e.kind === 'file' ? formatBytes(e.size) : ''}</span>
              <span className="picker-mtime muted">{formatDateTime(e.mtime, language)}</span>
            </li>
          ))}
        </ul>
        {listing && !loading && entries.length === 0 ? (
          <p className="muted" data-testid="picker-empty">
            {hiddenCount > 0 ? t('picker.noMatch', { count: hiddenCount }) : t('picker.empty')}
          </p>
        ) : null}
        {listing && listing.truncated > 0 ? (
          <p className="muted">{t('picker.truncated', { count: listing.truncated })}</p>
        ) : null}
        {listing && listing.skippedLinks > 0 ? (
          <p className="muted">{t('picker.skippedLinks', { count: listing.skippedLinks })}</p>
        ) : null}
        <p className="field-hint" id={`${listId}-keys`}>
          {t('picker.keys')}
        </p>
        {footer}
      </div>
    </Dialog>
  );
}
