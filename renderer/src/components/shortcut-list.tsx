// The shortcut list (?): every action of actions.ts with its keys (or a pointer to the
// command palette for those without).
import type { ReactElement } from 'react';
import { ACTIONS } from '../actions';
import { useT } from '../i18n/use-t';
import { shortcutLabel } from '../lib/shortcuts';
import { useOverlayStore } from '../stores/overlay';
import { Dialog } from './common/dialog';

export function ShortcutList(): ReactElement | null {
  const t = useT();
  const open = useOverlayStore((s) => s.open === 'shortcuts');
  const close = useOverlayStore((s) => s.close);
  if (!open) return null;
  return (
    <Dialog title={t('shortcuts.title')} onClose={close} testId="shortcut-list">
      <table className="table shortcut-table">
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.action')}</th>
            <th scope="col">{t('shortcuts.keys')}</th>
          </tr>
        </thead>
        <tbody>
          {ACTIONS.map((a) => (
            <tr key={a.id} data-testid={`shortcut-${a.id}`}>
              <td>{t(a.label)}</td>
              <td>
                {a.shortcut ? (
                  <kbd>{shortcutLabel(a.shortcut)}</kbd>
                ) : (
                  <span className="muted">{t('shortcuts.none')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
