// A code file of the algorithm in Monaco (the same editor kiln.yaml opens in). Ctrl/Cmd+S saves.
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { onResolvedTheme, resolvedTheme } from '../../lib/theme';
import { codeKey, useCodeFilesStore } from '../../stores/code-files';
import { monaco } from './monaco-setup';

type Editor = ReturnType<typeof monaco.editor.create>;

const monacoTheme = (): string => (resolvedTheme() === 'dark' ? 'vs-dark' : 'vs');

export default function CodeEditor({
  name,
  path,
  language,
}: {
  name: string;
  path: string;
  language: string;
}): ReactElement {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const key = codeKey(name, path);
  const text = useCodeFilesStore((s) => s.docs[key]?.text ?? '');

  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.createModel(useCodeFilesStore.getState().docs[key]?.text ?? '', language);
    const ed = monaco.editor.create(host.current, {
      model,
      theme: monacoTheme(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      ariaLabel: t('code.ariaLabel', { file: path }),
    });
    const sub = model.onDidChangeContent(() => useCodeFilesStore.getState().setText(name, path, model.getValue()));
    ed.addCommand(
      monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS,
      () => void useCodeFilesStore.getState().save(name, path),
    );
    const stopTheme = onResolvedTheme(() => monaco.editor.setTheme(monacoTheme()));
    setEditor(ed);
    return () => {
      stopTheme();
      sub.dispose();
      ed.dispose();
      model.dispose();
      setEditor(null);
    };
    // One editor per file; the label follows the language below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, language]);

  useEffect(() => {
    editor?.updateOptions({ ariaLabel: t('code.ariaLabel', { file: path }) });
  }, [editor, t, path]);

  // Text replaced outside the editor (taken from disk): show it.
  useEffect(() => {
    const model = editor?.getModel();
    if (model && model.getValue() !== text) model.setValue(text);
  }, [editor, text]);

  return <div className="editor-host" ref={host} data-testid="code-editor" />;
}
