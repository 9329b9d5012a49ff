// Why an action is not possible yet, one reason per line.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import type { Blocker } from '../../lib/run-form';

export function Blockers({ blockers, id }: { blockers: readonly Blocker[]; id: string }): ReactElement | null {
  const t = useT();
  if (blockers.length === 0) return null;
  return (
    <ul className="blockers" id={id}>
      {blockers.map((b, i) => (
        <li key={`${b.key}-${i}`}>{t(b.key, b.params)}</li>
      ))}
    </ul>
  );
}
