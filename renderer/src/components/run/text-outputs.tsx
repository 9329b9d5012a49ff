// JSON and text outputs, loaded from the output URL: JSON pretty and collapsible, text as is
// (both capped, so a huge file cannot freeze the page).
import { useEffect, useState, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t';
import { JsonTree } from './json-tree';

const MAX_CHARS = 2_000_000;

type Loaded =
  { state: 'loading' } | { state: 'ok'; text: string; truncated: boolean } | { state: 'error'; message: string };

function useText(url: string): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    setLoaded({ state: 'loading' });
    fetch(url, { signal: ctrl.signal, credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const text = await res.text();
        setLoaded({ state: 'ok', text: text.slice(0, MAX_CHARS), truncated: text.length > MAX_CHARS });
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted)
          setLoaded({ state: 'error', message: err instanceof Error ? err.message : String(err) });
      });
    return () => ctrl.abort();
  }, [url]);
  return loaded;
}

export function TextOutput({ url }: { url: string }): ReactElement {
  const t = useT();
  const loaded = useText(url);
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  if (loaded.state === 'error')
    return <p className="field-error">{t('outputs.loadFailed', { message: loaded.message })}</p>;
  return (
    <>
      <pre className="output-text">{loaded.text}</pre>
      {loaded.truncated ? <p className="muted">{t('outputs.truncated')}</p> : null}
    </>
  );
}

export function JsonOutput({ url }: { url: string }): ReactElement {
  const t = useT();
  const loaded = useText(url);
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  if (loaded.state === 'error')
    return <p className="field-error">{t('outputs.loadFailed', { message: loaded.message })}</p>;
  let value: unknown;
  try {
    value = JSON.parse(loaded.text);
  } catch {
    return (
      <>
        <p className="field-error">{t('outputs.badJson')}</p>
        <pre className="output-text">{loaded.text}</pre>
      </>
    );
  }
  return (
    <div className="json-view">
      <JsonTree value={value} />
    </div>
  );
}
