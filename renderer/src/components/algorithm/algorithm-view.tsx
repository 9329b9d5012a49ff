// One algorithm: its header, and tabs for the manifest, builds (with versions) and runs.
import type { KeyboardEvent, ReactElement } from 'react';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/use-t';
import { withShortcut, type ShortcutId } from '../../lib/shortcuts';
import { isDirty, useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { TABS, useUiStore, type Tab } from '../../stores/ui';
import { BuildTab } from '../build/build-tab';
import type { DisplayError } from '../../transport/errors';
import { ErrorBox } from '../common/error-box';
import { RunTab } from '../run/run-tab';
import { FOLDER_NOT_FOUND, FolderNotFound } from './folder-not-found';
import { ManifestTab } from './manifest-tab';

const TAB_LABEL: Record<Tab, MessageKey> = { manifest: 'tab.manifest', build: 'tab.build', run: 'tab.run' };
const TAB_SHORTCUT: Record<Tab, ShortcutId> = { manifest: 'tabManifest', build: 'tabBuild', run: 'tabRun' };

/** The folder an 'algorithms.folderNotFound' error names. */
function missingPath(error: DisplayError): string {
  const p = error.params?.['path'] ?? error.details?.['folder'];
  return typeof p === 'string' ? p : '';
}

export function AlgorithmView({ name }: { name: string }): ReactElement {
  const t = useT();
  const tab = useUiStore((s) => s.tab);
  const setTab = useUiStore((s) => s.setTab);
  const detail = useAlgorithmDetailStore((s) => s.docs[name]?.detail ?? null);
  const loadError = useAlgorithmDetailStore((s) => s.docs[name]?.loadError ?? null);
  const dirty = useAlgorithmDetailStore((s) => isDirty(s.docs[name]));
  // A folder that disappeared: say so, and offer what to do, instead of tabs over nothing.
  const folderMissing = !!loadError && !detail && loadError.messageId === FOLDER_NOT_FOUND;

  const onTabKey = (e: KeyboardEvent): void => {
    const i = TABS.indexOf(tab);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
      if (next) {
        setTab(next);
        document.getElementById(`tab-${next}`)?.focus();
      }
    }
  };

  return (
    <section className="algorithm-view" aria-labelledby="algorithm-title">
      <header className="algorithm-head">
        <div>
          <h1 id="algorithm-title">{name}</h1>
          {detail ? (
            <p className="algorithm-path" title={detail.path}>
              {detail.path}
            </p>
          ) : null}
        </div>
      </header>
      {folderMissing ? (
        <FolderNotFound name={name} path={missingPath(loadError)} />
      ) : loadError && !detail ? (
        <ErrorBox error={loadError} title={t('algorithm.loadFailed')} />
      ) : null}
      {folderMissing ? null : (
        <>
          <div className="tabs" role="tablist" aria-label={t('algorithm.sections')} onKeyDown={onTabKey}>
            {TABS.map((id) => (
              <button
                key={id}
                id={`tab-${id}`}
                type="button"
                role="tab"
                className="tab"
                aria-selected={tab === id}
                aria-controls={`panel-${id}`}
                tabIndex={tab === id ? 0 : -1}
                data-testid={`tab-${id}`}
                title={withShortcut(t(TAB_LABEL[id]), TAB_SHORTCUT[id])}
                onClick={() => setTab(id)}
              >
                {t(TAB_LABEL[id])}
                {id === 'manifest' && dirty ? (
                  <>
                    <span className="dirty-dot" aria-hidden="true">
                      ●
                    </span>
                    <span className="visually-hidden">{t('editor.unsaved')}</span>
                  </>
                ) : null}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'manifest' ? <ManifestTab name={name} /> : null}
            {tab === 'build' ? <BuildTab name={name} /> : null}
            {tab === 'run' ? <RunTab name={name} /> : null}
          </div>
        </>
      )}
    </section>
  );
}
