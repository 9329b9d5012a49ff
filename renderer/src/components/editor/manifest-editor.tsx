// kiln.yaml in Monaco: YAML highlighting, and the parser's problems as inline markers
// (set from the store, which re-parses ~200 ms after each change). Ctrl/Cmd+S saves.
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { ManifestProblem } from '../../../../shared/manifest/parse';
import type { TFunction } from '../../i18n';
import { useLocalize, type BackendText, type LocalText } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { onResolvedTheme, resolvedTheme } from '../../lib/theme';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { saveManifest } from '../../stores/flows';
import { monaco } from './monaco-setup';
import { setRevealer } from './reveal';
import { plainText } from '../common/said-text';

type Editor = ReturnType<typeof monaco.editor.create>;
type Model = ReturnType<typeof monaco.editor.createModel>;

const MARKER_OWNER = 'kiln.yaml';

function monacoTheme(): string {
  return resolvedTheme() === 'dark' ? 'vs-dark' : 'vs';
}

export function toMarkers(
  model: Model,
  problems: readonly ManifestProblem[],
  t: TFunction,
  localize: (said: BackendText) => LocalText,
): Parameters<typeof monaco.editor.setModelMarkers>[2] {
  const lines = model.getLineCount();
  return problems.map((p) => {
    const line = Math.min(Math.max(1, p.line), lines);
    const maxCol = model.getLineMaxColumn(line);
    const col = Math.min(Math.max(1, p.column), Math.max(1, maxCol - 1));
    const word = model.getWordAtPosition({ lineNumber: line, column: col });
    const end = word && word.endColumn > col ? word.endColumn : maxCol > col ? maxCol : col + 1;
    const hint = p.suggestion ? ` ${t('editor.didYouMean', { suggestion: p.suggestion })}` : '';
    return {
      severity: monaco.MarkerSeverity.Error,
      startLineNumber: line,
      startColumn: col,
      endLineNumber: line,
      endColumn: end,
      message: plainText(`${p.path ? `${p.path}: ` : ''}${localize(p).message}${hint}`),
      source: 'kiln',
    };
  });
}

export default function ManifestEditor({ name }: { name: string }): ReactElement {
  const t = useT();
  const localize = useLocalize();
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const text = useAlgorithmDetailStore((s) => s.docs[name]?.text ?? '');
  const problems = useAlgorithmDetailStore((s) => s.docs[name]?.problems);

  useEffect(() => {
    if (!host.current) return;
    const initial = useAlgorithmDetailStore.getState().docs[name]?.text ?? '';
    const model = monaco.editor.createModel(initial, 'yaml');
    const ed = monaco.editor.create(host.current, {
      model,
      theme: monacoTheme(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderWhitespace: 'boundary',
      fixedOverflowWidgets: true,
      ariaLabel: t('editor.ariaLabel'),
    });
    const sub = model.onDidChangeContent(() => useAlgorithmDetailStore.getState().setText(name, model.getValue()));
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void saveManifest(name));
    const stopTheme = onResolvedTheme(() => monaco.editor.setTheme(monacoTheme()));
    setRevealer((line, column) => {
      ed.revealLineInCenter(line);
      ed.setPosition({ lineNumber: line, column });
      ed.focus();
    });
    setEditor(ed);
    return () => {
      setRevealer(null);
      stopTheme();
      sub.dispose();
      ed.dispose();
      model.dispose();
      setEditor(null);
    };
    // The editor is made once per algorithm; label changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);

  useEffect(() => {
    editor?.updateOptions({ ariaLabel: t('editor.ariaLabel') });
  }, [editor, t]);

  // Text changed outside the editor (loaded, reloaded after save): show it.
  useEffect(() => {
    const model = editor?.getModel();
    if (model && model.getValue() !== text) model.setValue(text);
  }, [editor, text]);

  useEffect(() => {
    const model = editor?.getModel();
    if (model) monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(model, problems ?? [], t, localize));
  }, [editor, problems, t, localize]);

  return <div className="editor-host" ref={host} data-testid="editor" />;
}
