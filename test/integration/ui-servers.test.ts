// Two `kiln ui` servers on one host (two GPU boxes forwarded to two local ports) never break each
// other: each names its session cookie after itself, a tab without its cookie gets a page (in
// its language) saying how to get back in, and `kiln ui --url [--port N]` prints a running
// server's URL again from a file only the user can read. And a tab of an older Kiln meets a
// newer server with a clear "reload" answer, not broken calls.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieName } from '../../electron/bridge/auth.js';
import { API_VERSION, type ServerMessage } from '../../shared/api.js';
import { sessionCookie, startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.js';
import { kiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let a: RunningUi;
let b: RunningUi;
let stoppedA = false;
let stoppedB = false;

beforeAll(async () => {
  home = tempHome('kiln-two-ui-');
  // Same user, same KILN_HOME, one host: as two forwarded GPU boxes look to a laptop's browser.
  a = await startUi(home.home);
  b = await startUi(home.home);
});
afterAll(async () => {
  if (!stoppedA) await a?.stop();
  if (!stoppedB) await b?.stop();
  home.cleanup();
});

function get(
  origin: string,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${origin}${pathname}`, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('two kiln ui servers on one host', () => {
  it('set cookies of different names, and each accepts the header that carries both', async () => {
    expect(a.port).not.toBe(b.port);
    const ra = await get(a.origin, `/?token=${a.token}`);
    const rb = await get(b.origin, `/?token=${b.token}`);
    const nameA = String(ra.headers['set-cookie']).split('=')[0];
    const nameB = String(rb.headers['set-cookie']).split('=')[0];
    expect(nameA).toBe(cookieName(a.token));
    expect(nameB).toBe(cookieName(b.token));
    expect(nameA).not.toBe(nameB);
    // A browser sends every cookie of the host to every port: both servers' cookies, together.
    const both = `${sessionCookie(a.token)}; ${sessionCookie(b.token)}`;
    expect((await get(a.origin, '/', { cookie: both })).status).toBe(200);
    expect((await get(b.origin, '/', { cookie: both })).status).toBe(200);
    // One server's cookie is no key to the other.
    expect((await get(a.origin, '/', { cookie: sessionCookie(b.token) })).status).toBe(401);
    await expect(WsClient.connect(a, { cookie: sessionCookie(b.token) })).rejects.toMatchObject({ status: 401 });
    const ws = await WsClient.connect(b, { cookie: both });
    await expect(ws.call('app.info')).resolves.toMatchObject({ apiVersion: API_VERSION });
    ws.close();
  });

  it('in a real browser, opening the second server keeps the first one signed in', async () => {
    let browser: LaunchedBrowser | undefined;
    try {
      browser = await launchBrowser();
      const { page } = browser;
      await page.goto(a.url);
      await page.getByTestId('algorithm-list').waitFor({ state: 'attached' });
      await page.goto(b.url);
      await page.getByTestId('algorithm-list').waitFor({ state: 'attached' });
      // Back to the first, without its token in the address: the cookie still lets it in.
      const res = await page.goto(`${a.origin}/`);
      expect(res?.status()).toBe(200);
      await page.getByTestId('algorithm-list').waitFor({ state: 'attached' });
      const names = (await browser.context.cookies()).map((c) => c.name).sort();
      expect(names).toEqual([cookieName(a.token), cookieName(b.token)].sort());
    } finally {
      await browser?.close();
    }
  }, 120_000);

  it('a tab without its cookie gets a page saying how to get back in, in its language', async () => {
    const page = await get(a.origin, '/', { 'accept-language': 'en-US,en;q=0.9' });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toMatch(/^<!doctype html>/);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('this tab is not signed in to this server');
    expect(page.body).toContain('<code>kiln ui --url</code>');
    expect(page.body).toContain(`<code>kiln ui --url --port ${a.port}</code>`);

    const zh = await get(b.origin, '/algorithms', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.status).toBe(401);
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('此标签页未登录到该服务器');
    expect(zh.body).toContain(`kiln ui --url --port ${b.port}`);
    // A wrong token in the address is the same page; the API keeps its short answer.
    expect((await get(a.origin, '/?token=wrong')).body).toContain('kiln ui --url');
    const api = await get(a.origin, '/api/runs/x/outputs/y');
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('kiln ui --url prints the URL of the server asked for, from a file only the user can read', async () => {
    for (const ui of [a, b]) {
      const file = path.join(home.home, 'ui', `${ui.port}.json`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const r = await kiln(['ui', '--url', '--port', String(ui.port)], { home: home.home, timeoutMs: 30_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${ui.url}\n`);
    }
    expect(statSync(path.join(home.home, 'ui')).mode & 0o777).toBe(0o700);
    const json = await kiln(['ui', '--url', '--port', String(b.port), '--json'], { home: home.home });
    expect(json.json).toMatchObject({ url: b.url, port: b.port, host: '127.0.0.1' });
    // Two running and no --port: which one is for the user to say.
    const several = await kiln(['ui', '--url'], { home: home.home });
    expect(several.code).toBe(2);
    expect(several.stderr).toContain(
      `several kiln ui servers are running (ports ${[a.port, b.port].sort((x, y) => x - y).join(', ')})`,
    );
    expect(several.stderr).toContain('kiln ui --url --port');
  });

  it('after a server stops its file is gone; with none running, kiln ui --url says so', async () => {
    expect(await a.stop()).toBe(0);
    stoppedA = true;
    expect(existsSync(path.join(home.home, 'ui', `${a.port}.json`))).toBe(false);
    const gone = await kiln(['ui', '--url', '--port', String(a.port)], { home: home.home });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`no kiln ui server is running on port ${a.port} (running: ${b.port})`);
    const only = await kiln(['ui', '--url'], { home: home.home });
    expect(only.code).toBe(0);
    expect(only.stdout).toBe(`${b.url}\n`);

    expect(await b.stop()).toBe(0);
    stoppedB = true;
    const none = await kiln(['ui', '--url'], { home: home.home });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(`no kiln ui server is running for ${home.home}`);
    expect(none.stderr).toContain('kiln ui');
    const noneJson = await kiln(['ui', '--url', '--json'], { home: home.home });
    expect(noneJson.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('a tab of an older Kiln meeting a newer server', () => {
  let ui: RunningUi;
  let uiHome: ReturnType<typeof tempHome>;
  beforeAll(async () => {
    uiHome = tempHome('kiln-old-tab-');
    ui = await startUi(uiHome.home);
  });
  afterAll(async () => {
    expect(await ui.stop()).toBe(0);
    uiHome.cleanup();
  });

  /** A raw client that says which API it speaks on the handshake, as the renderer does. */
  function connect(
    query: string,
  ): Promise<{ ws: WebSocket; messages: ServerMessage[]; next(): Promise<ServerMessage> }> {
    const ws = new WebSocket(`${ui.origin.replace('http', 'ws')}/api/ws${query}`, {
      headers: { cookie: sessionCookie(ui.token) },
      origin: ui.origin,
    });
    const messages: ServerMessage[] = [];
    const waiting: Array<() => void> = [];
    ws.on('message', (d: Buffer) => {
      messages.push(JSON.parse(d.toString('utf8')) as ServerMessage);
      for (const w of waiting.splice(0)) w();
    });
    let read = 0;
    const next = async (): Promise<ServerMessage> => {
      while (messages.length <= read) await new Promise<void>((r) => waiting.push(r));
      return messages[read++]!;
    };
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ ws, messages, next }));
      ws.once('error', reject);
    });
  }

  it('answers every call of a page built for another API with API_MISMATCH ("reload the page")', async () => {
    const old = await connect(`?api=${API_VERSION - 1}`);
    try {
      expect(await old.next()).toEqual({ type: 'hello', apiVersion: API_VERSION });
      const notice = await old.next();
      expect(notice).toMatchObject({
        id: null,
        type: 'error',
        error: {
          code: 'API_MISMATCH',
          messageId: 'ui.apiMismatch',
          params: { client: API_VERSION - 1, server: API_VERSION },
          hint: 'Reload the page.',
        },
      });
      old.ws.send(JSON.stringify({ id: 1, type: 'call', method: 'algorithms.list', input: {} }));
      expect(await old.next()).toMatchObject({ id: 1, type: 'error', error: { code: 'API_MISMATCH' } });
      old.ws.send(JSON.stringify({ id: 2, type: 'subscribe', jobId: 'j-0000-abcd', since: 0 }));
      expect(await old.next()).toMatchObject({ id: 2, type: 'error', error: { code: 'API_MISMATCH' } });
    } finally {
      old.ws.close();
    }
  });

  it('serves a page of the same API version as before', async () => {
    const same = await connect(`?api=${API_VERSION}`);
    try {
      expect(await same.next()).toEqual({ type: 'hello', apiVersion: API_VERSION });
      same.ws.send(JSON.stringify({ id: 1, type: 'call', method: 'app.info', input: {} }));
      expect(await same.next()).toMatchObject({ id: 1, type: 'result', result: { apiVersion: API_VERSION } });
    } finally {
      same.ws.close();
    }
  });
});

describe('conditional saves over the WebSocket bridge', () => {
  it('refuses a save whose expected content changed on disk, and writes with the current hash', async () => {
    const h = tempHome('kiln-ws-save-');
    const ui = await startUi(h.home);
    const folder = path.join(h.home, 'algo');
    mkdirSync(folder);
    const text = 'name: ws-save\nentry: {python: predict.py:P}\noutputs: {o: {type: json}}\n';
    writeFileSync(path.join(folder, 'kiln.yaml'), text);
    writeFileSync(path.join(folder, 'predict.py'), 'class P:\n    pass\n');
    const c = await WsClient.connect(ui);
    try {
      const detail = await c.call('algorithms.open', { path: folder });
      writeFileSync(path.join(folder, 'kiln.yaml'), `${text}# theirs\n`);
      await expect(
        c.call('manifest.save', { name: 'ws-save', text: `${text}# mine\n`, expected: detail.manifestSha256 }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toBe(`${text}# theirs\n`);
      const disk = await c.call('files.stat', { name: 'ws-save', path: 'kiln.yaml' });
      await c.call('manifest.save', { name: 'ws-save', text: `${text}# mine\n`, expected: disk.sha256 });
      expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toBe(`${text}# mine\n`);
      await expect(c.call('files.read', { name: 'ws-save', path: '../catalog.db' })).rejects.toMatchObject({
        code: 'UNSAFE_PATH',
      });
    } finally {
      c.close();
      expect(await ui.stop()).toBe(0);
      h.cleanup();
    }
  });
});

describe('a tab whose server restarted (a new token)', () => {
  it('says how to get back in, keeps its page, and reconnects once the new URL is opened', async () => {
    const h = tempHome('kiln-restart-');
    let ui = await startUi(h.home);
    const port = ui.port;
    let browser: LaunchedBrowser | undefined;
    try {
      browser = await launchBrowser();
      const tab = browser.page;
      await tab.goto(ui.url);
      await tab.getByTestId('algorithm-list').waitFor({ state: 'attached' });
      expect(await ui.stop()).toBe(0);
      ui = await startUi(h.home, ['--port', String(port)]);
      expect(ui.port).toBe(port);

      // The old cookie no longer opens the server: the tab says so instead of spinning.
      const banner = tab.getByTestId('signed-out-banner');
      await banner.waitFor({ timeout: 30_000 });
      await expect(banner.textContent()).resolves.toContain('kiln ui --url');
      expect(tab.url()).toBe(`${ui.origin}/`); // not reloaded: what was on screen stays

      // `kiln ui --url` gives the new address; opened in another tab, it signs this one in too.
      const printed = await kiln(['ui', '--url'], { home: h.home });
      expect(printed.stdout.trim()).toBe(ui.url);
      const other = await browser.context.newPage();
      await other.goto(printed.stdout.trim());
      await other.getByTestId('algorithm-list').waitFor({ state: 'attached' });
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
    } finally {
      await browser?.close();
      expect(await ui.stop()).toBe(0);
      h.cleanup();
    }
  }, 120_000);
});
