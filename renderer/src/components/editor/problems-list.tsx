// The manifest's problems under the editor: line:column, key, message, "did you mean".
import type { ReactElement } from 'react';
import { useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { SaidText } from '../common/said-text';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { revealInEditor } from './reveal';

export function ProblemsList({ name }: { name: string }): ReactElement | null {
  const t = useT();
  const localize = useLocalize();
  const problems = useAlgorithmDetailStore((s) => s.docs[name]?.problems);
  const checking = useAlgorithmDetailStore((s) => s.docs[name]?.checking ?? false);
  const loaded = useAlgorithmDetailStore((s) => !!s.docs[name]?.detail);
  if (!loaded || !problems) return null;
  if (problems.length === 0) {
    return (
      <p className="problems-ok" data-testid="manifest-problems" data-count={0}>
        {checking ? t('editor.checking') : t('editor.noProblems')}
      </p>
    );
  }
  return (
    <div className="problems" data-testid="manifest-problems" data-count={problems.length}>
      <h3>{t('editor.problems', { count: problems.length })}</h3>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.line}:${p.column}:${i}`}>
            <button type="button" className="problem" onClick={() => revealInEditor(p.line, p.column)}>
              <span className="problem-where">
                {p.line}:{p.column}
              </span>
              {p.path ? (
                <code className="problem-path" data-literal="">
                  {p.path}
                </code>
              ) : null}
              <span className="problem-message">
                <SaidText text={localize(p).message} />
              </span>
              {p.suggestion ? (
                <span className="problem-suggestion">{t('editor.didYouMean', { suggestion: p.suggestion })}</span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
