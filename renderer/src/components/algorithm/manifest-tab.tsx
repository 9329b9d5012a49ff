// kiln.yaml in the editor with its problems, save state, and the folder's files.
import { lazy, Suspense, useEffect, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { withShortcut } from '../../lib/shortcuts';
import { isDirty, useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { saveManifest } from '../../stores/flows';
import { watchDisk } from '../../lib/disk-sync';
import { useCodeFilesStore } from '../../stores/code-files';
import { ErrorBox } from '../common/error-box';
import { CodeFilePanel } from '../editor/code-file-panel';
import { ConflictBar } from '../editor/conflict-bar';
import { MonacoLocaleNotice } from '../editor/locale-notice';
import { withMonacoLocale } from '../editor/monaco-locale';
import { OpenInEditorButton } from '../editor/open-in-editor';
import { ProblemsList } from '../editor/problems-list';
import { FilesList } from './files-list';
import { SaveStateText } from '../editor/save-state';

// The editor module pulls in Monaco: loaded on first use, in its own chunk.
const ManifestEditor = lazy(withMonacoLocale(() => import('../editor/manifest-editor')));

export function ManifestTab({ name }: { name: string }): ReactElement {
  const openFile = useCodeFilesStore((s) => s.open[name]);
  return openFile ? <CodeFilePanel name={name} path={openFile} /> : <ManifestPanel name={name} />;
}

function ManifestPanel({ name }: { name: string }): ReactElement {
  const t = useT();
  const doc = useAlgorithmDetailStore((s) => s.docs[name]);
  const dirty = isDirty(doc);
  const saveState = doc?.saveState ?? 'idle';
  const loaded = !!doc?.detail;

  // kiln.yaml changed on disk (another editor, a git checkout): reloaded quietly, or a choice.
  useEffect(
    () => (loaded ? watchDisk(() => void useAlgorithmDetailStore.getState().checkDisk(name)) : undefined),
    [name, loaded],
  );

  return (
    <div className="manifest-tab">
      <div className="toolbar">
        <span className="file-name">kiln.yaml</span>
        {dirty ? (
          <span className="dirty-dot" data-testid="dirty" aria-hidden="true" title={t('editor.unsaved')}>
            ●
          </span>
        ) : null}
        <SaveStateText dirty={dirty} saveState={saveState} />
        <span className="toolbar-spacer" />
        <OpenInEditorButton name={name} path="kiln.yaml" />
        <button
          type="button"
          className="button primary"
          data-testid="save"
          disabled={!doc?.detail || !dirty || saveState === 'saving' || !!doc.conflict}
          title={withShortcut(t('editor.save'), 'save')}
          onClick={() => void saveManifest(name)}
        >
          {t('editor.save')}
        </button>
      </div>
      {doc?.conflict ? (
        <ConflictBar
          file="kiln.yaml"
          mine={doc.text}
          theirs={doc.conflict}
          language="yaml"
          onKeepMine={() => useAlgorithmDetailStore.getState().keepMine(name)}
          onTakeTheirs={() => useAlgorithmDetailStore.getState().takeTheirs(name)}
        />
      ) : null}
      {doc?.saveError && saveState === 'error' ? (
        <ErrorBox error={doc.saveError} title={t('editor.saveFailed')} />
      ) : null}
      <MonacoLocaleNotice />
      <div className="editor-frame">
        {doc?.detail ? (
          <Suspense fallback={<div className="editor-loading">{t('editor.loading')}</div>}>
            <ManifestEditor name={name} />
          </Suspense>
        ) : (
          <div className="editor-loading">{t('common.loading')}</div>
        )}
      </div>
      <ProblemsList name={name} />
      <FilesList name={name} />
    </div>
  );
}
