// Versions of the algorithm (versions.list), newest first.
import type { ReactElement } from 'react';
import { useT, useLanguage } from '../../i18n/use-t';
import { formatBytes, formatDate, shortHash } from '../../lib/format';
import { build } from '../../stores/flows';
import { useUiStore } from '../../stores/ui';
import { useVersionsStore } from '../../stores/versions';
import { ErrorBox } from '../common/error-box';

export function VersionsTable({ name }: { name: string }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const entry = useVersionsStore((s) => s.byName[name]);
  const list = entry?.list ?? [];
  const openDialog = useUiStore((s) => s.openDialog);
  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title" className="panel-title">
        {t('versions.title')}
      </h2>
      {entry?.error ? <ErrorBox error={entry.error} /> : null}
      {entry?.loaded && list.length === 0 ? <p className="muted">{t('versions.empty')}</p> : null}
      <table className="table" data-testid="versions-table" aria-labelledby="versions-title">
        <thead hidden={list.length === 0}>
          <tr>
            <th scope="col">{t('versions.version')}</th>
            <th scope="col">{t('versions.created')}</th>
            <th scope="col" className="num">
              {t('versions.size')}
            </th>
            <th scope="col">{t('versions.hash')}</th>
            <th scope="col">{t('versions.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('versions.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((v, i) => (
            <tr key={v.id} data-version={v.version}>
              <td className="mono" title={v.tag}>
                {v.version}
              </td>
              <td>{formatDate(v.createdAt, language)}</td>
              <td className="num">{formatBytes(v.sizeBytes)}</td>
              <td className="mono" title={v.contentHash}>
                {shortHash(v.contentHash)}
              </td>
              <td>
                {v.image === 'missing' ? (
                  <span
                    className="badge badge-failed"
                    data-testid="image-missing"
                    title={t('versions.imageMissingTitle')}
                  >
                    {t('versions.imageMissing')}
                  </span>
                ) : i === 0 ? (
                  <span className="badge badge-latest">{t('versions.latest')}</span>
                ) : (
                  <span className="badge badge-none">{t('versions.built')}</span>
                )}
              </td>
              <td className="row-actions">
                {v.image === 'missing' && i === 0 ? (
                  <button
                    type="button"
                    className="button small"
                    data-testid="rebuild"
                    title={t('versions.imageMissingTitle')}
                    onClick={() => void build(name)}
                  >
                    {t('versions.rebuild')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button small"
                  data-testid={`remove-version-${v.version}`}
                  aria-label={t('versions.removeLabel', { version: v.version })}
                  onClick={() => openDialog({ kind: 'remove-version', name, version: v.version, tag: v.tag })}
                >
                  {t('versions.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
