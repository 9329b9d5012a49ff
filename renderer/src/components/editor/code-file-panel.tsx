// A code file of the algorithm open in the editor, in place of kiln.yaml: its toolbar (back to
// kiln.yaml, save state, Save, Open in your editor), the conflict choice, and the editor.
import { lazy, Suspense, useEffect, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { watchDisk } from '../../lib/disk-sync';
import { withShortcut } from '../../lib/shortcuts';
import { codeKey, isCodeDirty, useCodeFilesStore } from '../../stores/code-files';
import { ErrorBox } from '../common/error-box';
import { ConflictBar } from './conflict-bar';
import { MonacoLocaleNotice } from './locale-notice';
import { OpenInEditorButton } from './open-in-editor';
import { withMonacoLocale } from './monaco-locale';
import { SaveStateText } from './save-state';

const CodeEditor = lazy(withMonacoLocale(() => import('./code-editor')));

const LANGUAGES: Record<string, string> = {
  py: 'python',
  c: 'cpp',
  h: 'cpp',
  cc: 'cpp',
  cpp: 'cpp',
  hpp: 'cpp',
  cu: 'cpp',
  sh: 'shell',
  bash: 'shell',
  yaml: 'yaml',
  yml: 'yaml',
};

export function languageFor(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return LANGUAGES[ext] ?? 'plaintext';
}

export function CodeFilePanel({ name, path }: { name: string; path: string }): ReactElement {
  const t = useT();
  const key = codeKey(name, path);
  const doc = useCodeFilesStore((s) => s.docs[key]);
  const store = useCodeFilesStore.getState();
  const dirty = isCodeDirty(doc);
  const saveState = doc?.saveState ?? 'idle';

  useEffect(() => watchDisk(() => void useCodeFilesStore.getState().checkDisk(name, path)), [name, path]);

  return (
    <div className="manifest-tab code-file" data-testid="code-file" data-path={path}>
      <div className="toolbar">
        <button type="button" className="button" data-testid="back-to-manifest" onClick={() => store.closeFile(name)}>
          {t('code.backToManifest')}
        </button>
        <span className="file-name" data-testid="open-file-name">
          {path}
        </span>
        <SaveStateText dirty={dirty} saveState={saveState} />
        <span className="toolbar-spacer" />
        <OpenInEditorButton name={name} path={path} />
        <button
          type="button"
          className="button primary"
          data-testid="save"
          disabled={!doc?.savedSha256 || !dirty || saveState === 'saving' || !!doc.conflict}
          title={withShortcut(t('editor.save'), 'save')}
          onClick={() => void store.save(name, path)}
        >
          {t('editor.save')}
        </button>
      </div>
      {doc?.conflict ? (
        <ConflictBar
          file={path}
          mine={doc.text}
          theirs={doc.conflict}
          language={languageFor(path)}
          onKeepMine={() => store.keepMine(name, path)}
          onTakeTheirs={() => store.takeTheirs(name, path)}
        />
      ) : null}
      {doc?.loadError ? <ErrorBox error={doc.loadError} title={t('code.openFailed', { file: path })} /> : null}
      {doc?.saveError && saveState === 'error' ? (
        <ErrorBox error={doc.saveError} title={t('code.saveFailed', { file: path })} />
      ) : null}
      <MonacoLocaleNotice />
      <div className="editor-frame">
        {doc?.savedSha256 ? (
          <Suspense fallback={<div className="editor-loading">{t('editor.loading')}</div>}>
            <CodeEditor name={name} path={path} language={languageFor(path)} />
          </Suspense>
        ) : doc?.loading ? (
          <div className="editor-loading">{t('common.loading')}</div>
        ) : null}
      </div>
    </div>
  );
}
