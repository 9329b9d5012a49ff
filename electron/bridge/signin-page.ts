// What a tab without this server's session sees (its cookie is gone, the server restarted, or
// it is another server's tab): a page, in the reader's language, that says how to get back in,
// instead of a bare text line.
import type { IncomingMessage } from 'node:http';
import { formatMessage, type MessageLanguage } from '../../shared/messages/index.js';

/** zh* first in Accept-Language (by q) -> Simplified Chinese; anything else -> English. */
export function languageOf(req: IncomingMessage): MessageLanguage {
  const ranked = String(req.headers['accept-language'] ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const first = ranked.find((x) => x.tag.startsWith('zh') || x.tag.startsWith('en') || x.tag === '*');
  return first?.tag.startsWith('zh') ? 'zh-CN' : 'en';
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page's HTML; `port` is the one this server listens on (what `kiln ui --url --port` takes). */
export function signinPage(language: MessageLanguage, host: string, port: number): string {
  const m = (id: Parameters<typeof formatMessage>[0], params?: Record<string, string | number>): string =>
    escapeHtml(formatMessage(id, params, language).message);
  const title = m('ui.signin.title');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.3rem; }
pre { background: #f3f4f6; padding: .75rem 1rem; border-radius: 6px; overflow-x: auto; }
@media (prefers-color-scheme: dark) { body { background: #16181d; color: #e6e6e6; } pre { background: #262a33; } }
</style>
</head>
<body>
<main data-kiln-signin>
<h1>${title}</h1>
<p>${m('ui.signin.why', { host })}</p>
<p>${m('ui.signin.how')}</p>
<pre><code>kiln ui --url</code></pre>
<p>${m('ui.signin.several', { port })}</p>
<pre><code>kiln ui --url --port ${port}</code></pre>
</main>
</body>
</html>
`;
}
