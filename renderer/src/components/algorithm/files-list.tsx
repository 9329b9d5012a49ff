// The algorithm folder's files (AlgorithmDetail.files), as the build context will see them.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { formatBytes } from '../../lib/format';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { useCodeFilesStore } from '../../stores/code-files';

const SHOWN = 500;
/** What the editor opens (the back end refuses binaries and anything larger). */
const EDITABLE_BYTES = 1_000_000;

export function FilesList({ name }: { name: string }): ReactElement | null {
  const t = useT();
  const files = useAlgorithmDetailStore((s) => s.docs[name]?.detail?.files);
  if (!files) return null;
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const total = files.reduce((n, f) => n + f.size, 0);
  return (
    <details className="files" open={files.length <= 30}>
      <summary>{t('files.title', { count: files.length, size: formatBytes(total) })}</summary>
      <table className="table files-table" data-testid="files">
        <thead>
          <tr>
            <th scope="col">{t('files.path')}</th>
            <th scope="col" className="num">
              {t('files.size')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, SHOWN).map((f) => (
            <tr key={f.path}>
              <td className="mono">
                {f.path !== 'kiln.yaml' && f.size <= EDITABLE_BYTES ? (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="open-file"
                    data-path={f.path}
                    title={t('files.open', { file: f.path })}
                    onClick={() => void useCodeFilesStore.getState().openFile(name, f.path)}
                  >
                    {f.path}
                  </button>
                ) : (
                  f.path
                )}
              </td>
              <td className="num">{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > SHOWN ? <p className="muted">{t('files.more', { count: sorted.length - SHOWN })}</p> : null}
    </details>
  );
}
