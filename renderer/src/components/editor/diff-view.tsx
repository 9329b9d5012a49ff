// Monaco's diff editor, read-only: the version on disk (left) against the edited one (right).
import { useEffect, useRef, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { resolvedTheme } from '../../lib/theme';
import { monaco } from './monaco-setup';

export default function DiffView({
  original,
  modified,
  language,
}: {
  original: string;
  modified: string;
  language: string;
}): ReactElement {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const left = monaco.editor.createModel(original, language);
    const right = monaco.editor.createModel(modified, language);
    const diff = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      theme: resolvedTheme() === 'dark' ? 'vs-dark' : 'vs',
      ariaLabel: t('editor.conflict.diffLabel'),
    });
    diff.setModel({ original: left, modified: right });
    return () => {
      diff.dispose();
      left.dispose();
      right.dispose();
    };
  }, [original, modified, language, t]);
  return <div className="diff-host" ref={host} />;
}
