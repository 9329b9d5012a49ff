// Kiln was updated while this page stayed open: the server speaks another API version, so the
// page says so and offers a reload, instead of calls failing one by one. And a tab whose session
// is gone (the server restarted) says how to get back in, keeping what is on screen.
import { useEffect, useState, type ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { transport } from '../stores/transport-ref';
import type { OutdatedInfo } from '../transport/transport';

export function UpdateBanner(): ReactElement | null {
  const t = useT();
  const [info, setInfo] = useState<OutdatedInfo | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => transport().onOutdated?.(setInfo), []);
  useEffect(() => transport().onSignedOut?.(setSignedOut), []);
  if (!info && signedOut) {
    // No reload offered: the page would only show the sign-in notice, and unsaved edits stay here.
    return (
      <div className="update-banner" role="alert" data-testid="signed-out-banner">
        <strong>{t('conn.signedOut')}</strong> <span className="muted">{t('conn.signedOutHow')}</span>
      </div>
    );
  }
  if (!info) return null;
  return (
    <div className="update-banner" role="alert" data-testid="update-banner">
      <strong>{t('conn.updated')}</strong>{' '}
      <span className="muted">{t('conn.updatedAbout', { page: info.page, server: info.server })}</span>{' '}
      <button type="button" className="button primary" data-testid="reload" onClick={() => location.reload()}>
        {t('conn.reload')}
      </button>
    </div>
  );
}
