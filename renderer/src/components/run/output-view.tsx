// One output file, shown by its type: image, playable video, pretty JSON, text, or a link.
import type { ReactElement } from 'react';
import type { IoType } from '../../../../shared/manifest/constants';
import type { RunFile } from '../../../../shared/records';
import { useT } from '../../i18n/use-t';
import { formatBytes } from '../../lib/format';
import { transport } from '../../stores/transport-ref';
import { JsonOutput, TextOutput } from './text-outputs';

const BY_EXT: Array<[RegExp, IoType]> = [
  [/\.(png|jpe?g|gif|webp|bmp|svg|avif)$/i, 'image'],
  [/\.(mp4|webm|mov|m4v|ogv)$/i, 'video'],
  [/\.json$/i, 'json'],
  [/\.(txt|log|csv|md|ya?ml)$/i, 'text'],
];

export function outputKind(type: IoType | undefined, path: string): IoType {
  if (type && type !== 'binary') {
    // An image the browser cannot draw (e.g. PGM) is offered as a download.
    if (type === 'image' && /\.(pgm|ppm|pbm|pnm|tiff?)$/i.test(path)) return 'binary';
    return type;
  }
  for (const [re, kind] of BY_EXT) if (re.test(path)) return kind;
  return 'binary';
}

export function OutputView({
  runId,
  file,
  type,
}: {
  runId: string;
  file: RunFile & { size: number };
  type: IoType | undefined;
}): ReactElement {
  const t = useT();
  const url = transport().outputUrl(runId, file.key);
  const kind = outputKind(type, file.path);
  const name = file.path.split(/[\\/]/).pop() ?? file.key;
  return (
    <figure className={`output output-${kind}`} data-testid={`output-${file.key}`} data-kind={kind}>
      <figcaption>
        <span className="mono">{file.key}</span>
        <span className="muted">
          {name} · {formatBytes(file.size)}
        </span>
        <a className="link-button" href={url} download={name}>
          {t('outputs.download')}
        </a>
      </figcaption>
      {kind === 'image' ? (
        <img src={url} alt={t('outputs.imageAlt', { key: file.key })} className="output-image" />
      ) : null}
      {kind === 'video' ? (
        <video
          src={url}
          controls
          preload="metadata"
          className="output-video"
          aria-label={t('outputs.videoLabel', { key: file.key })}
        >
          {t('outputs.noVideo')}
        </video>
      ) : null}
      {kind === 'json' ? <JsonOutput url={url} /> : null}
      {kind === 'text' ? <TextOutput url={url} /> : null}
      {kind === 'binary' ? <p className="muted">{t('outputs.binary')}</p> : null}
    </figure>
  );
}
