// Why an action is not possible yet, one reason per line.
import type { ReactElement } from 'react';
import { useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { SaidText } from './said-text';
import type { Blocker } from '../../lib/run-form';

export function Blockers({ blockers, id }: { blockers: readonly Blocker[]; id: string }): ReactElement | null {
  const t = useT();
  const localize = useLocalize();
  if (blockers.length === 0) return null;
  return (
    <ul className="blockers" id={id}>
      {blockers.map((b, i) => (
        <li key={`${b.key}-${i}`}>
          <SaidText
            text={t(b.key, {
              ...b.params,
              ...Object.fromEntries(Object.entries(b.said ?? {}).map(([k, v]) => [k, localize(v).message])),
            })}
          />
        </li>
      ))}
    </ul>
  );
}
