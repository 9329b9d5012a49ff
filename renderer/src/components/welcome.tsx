// What the main pane shows with no algorithm selected: what to do, in three steps.
import type { ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { withShortcut } from '../lib/shortcuts';
import { useAlgorithmsStore } from '../stores/algorithms';
import { newFromTemplate, openFolder } from '../stores/flows';

export function Welcome(): ReactElement {
  const t = useT();
  const count = useAlgorithmsStore((s) => s.list.length);
  return (
    <section className="welcome" data-testid="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{count === 0 ? t('welcome.title') : t('welcome.pick')}</h1>
      <ol className="steps">
        <li>
          <strong>{t('welcome.step1.title')}</strong>
          <p>{t('welcome.step1.body')}</p>
          <div className="step-actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void openFolder()}
              title={withShortcut(t('action.openFolder'), 'openFolder')}
            >
              {t('action.openFolder')}
            </button>
            <button
              type="button"
              className="button"
              onClick={newFromTemplate}
              title={withShortcut(t('action.newFromTemplate'), 'newFromTemplate')}
            >
              {t('action.newFromTemplate')}
            </button>
          </div>
        </li>
        <li>
          <strong>{t('welcome.step2.title')}</strong>
          <p>{t('welcome.step2.body')}</p>
        </li>
        <li>
          <strong>{t('welcome.step3.title')}</strong>
          <p>{t('welcome.step3.body')}</p>
        </li>
      </ol>
    </section>
  );
}
