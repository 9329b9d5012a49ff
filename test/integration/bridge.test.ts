// `kiln ui`'s bridge: token, Origin and Host checks, malformed messages, jobs over the
// WebSocket with replay after a reconnect, uploads and output files.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, tempHome } from '../support/kiln-cli.js';
import { cookieName } from '../../electron/bridge/auth.js';
import { sessionCookie, startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { kilnContainers } from '../support/docker.js';
import { readPng, writeSolidPng } from '../support/images.js';

let home: ReturnType<typeof tempHome>;
let ui: RunningUi;
let work: string;
beforeAll(async () => {
  home = tempHome();
  work = mkdtempSync(path.join(os.tmpdir(), 'kiln-bridge-'));
  ui = await startUi(home.home);
});
afterAll(async () => {
  expect(await ui.stop()).toBe(0);
  home.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${ui.origin}${pathname}`, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('the bridge gate', () => {
  it('binds to loopback and prints a URL with a token', () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
  });

  it('answers 401 without the token or with a wrong one, for pages and the API', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/api/runs/x/outputs/y')).status).toBe(401);
    await expect(WsClient.connect(ui, { cookie: null })).rejects.toMatchObject({ status: 401 });
    await expect(WsClient.connect(ui, { cookie: `${cookieName(ui.token)}=wrong` })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('trades the token in the URL for an HttpOnly cookie', async () => {
    const r = await get(`/?token=${ui.token}`);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/');
    expect(String(r.headers['set-cookie'])).toMatch(
      new RegExp(`^${cookieName(ui.token)}=.+; HttpOnly; SameSite=Strict; Path=/$`),
    );
    const page = await get('/', { cookie: sessionCookie(ui.token) });
    expect(page.status).toBe(200); // npm test builds dist/renderer first
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // The page loads the app's own bundle, and the bridge serves that script.
    const src = /<script type="module"[^>]* src="\.?(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(src, page.body).toBeDefined();
    const script = await get(src!, { cookie: sessionCookie(ui.token) });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(script.body).toContain('kilnDesktop'); // the renderer's transport choice, in the bundle
  });

  it('refuses a WebSocket from a foreign Origin, and a foreign Host (DNS rebinding)', async () => {
    await expect(WsClient.connect(ui, { origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
    const r = await get('/', { cookie: sessionCookie(ui.token), host: `evil.example:${ui.port}` });
    expect(r.status).toBe(403);
  });

  it('refuses plain HTTP requests from a foreign Origin, even with the token', async () => {
    const cookie = sessionCookie(ui.token);
    for (const origin of ['http://evil.example', `http://localhost.evil.example:${ui.port}`, 'null']) {
      const page = await get('/', { cookie, origin });
      expect(page.status, origin).toBe(403);
      const output = await get('/api/runs/x/outputs/y', { cookie, origin });
      expect(output.status, origin).toBe(403);
      const upload = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          `${ui.origin}/api/uploads`,
          { method: 'POST', headers: { cookie, origin, 'x-kiln-filename': 'evil.txt' } },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end('not wanted');
      });
      expect(upload.status, origin).toBe(403);
      expect(upload.body).toContain('refused');
    }
    // Nothing was stored for the refused upload; the bridge's own Origin is served.
    expect(existsSync(path.join(home.home, 'uploads'))).toBe(false);
    expect((await get('/', { cookie, origin: ui.origin })).status).toBe(200);
  });
});

describe('the WebSocket API', () => {
  it('rejects malformed messages and keeps the connection', async () => {
    const c = await WsClient.connect(ui);
    try {
      c.sendRaw('not json');
      c.sendRaw(JSON.stringify({ id: 5, type: 'launch' }));
      await expect(c.call('no.such.method')).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
      await expect(c.call('build.start', { name: 'Not A Name' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
      await expect(c.call('algorithms.get', { name: 'x', extra: 1 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
      expect(c.errors[0]).toMatchObject({ id: null, code: 'BAD_ARGUMENT', message: 'message is not JSON' });
      expect(c.errors[1]).toMatchObject({ id: 5, code: 'BAD_ARGUMENT' });
      const info = await c.call('app.info');
      expect(info).toMatchObject({ apiVersion: 1, transport: 'websocket', home: home.home });
    } finally {
      c.close();
    }
  });

  it('reports an algorithm folder without kiln.yaml as MANIFEST_NOT_FOUND', async () => {
    const c = await WsClient.connect(ui);
    try {
      await expect(c.call('algorithms.open', { path: work })).rejects.toMatchObject({ code: 'MANIFEST_NOT_FOUND' });
    } finally {
      c.close();
    }
  });

  it('adds kiln.yaml to an existing folder without touching the files already there', async () => {
    const c = await WsClient.connect(ui);
    try {
      const folder = path.join(work, 'My Filter');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'predict.py'), '# my own code\n');
      const detail = await c.call('algorithms.init', { path: folder, template: 'python' });
      expect(detail.name).toBe('my-filter');
      expect(readFileSync(path.join(folder, 'predict.py'), 'utf8')).toBe('# my own code\n');
      expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toMatch(/^name: my-filter$/m);
      await expect(c.call('algorithms.init', { path: folder, template: 'python' })).rejects.toMatchObject({
        code: 'BAD_ARGUMENT',
      });
      const list = await c.call('algorithms.list');
      expect(list.map((a: { name: string }) => a.name)).toContain('my-filter');
    } finally {
      c.close();
    }
  });

  it('builds and runs as jobs, streams events, and replays the tail after a reconnect', async () => {
    const c = await WsClient.connect(ui);
    const detail = await c.call('algorithms.open', { path: path.join(EXAMPLES, 'image-enhance') });
    expect(detail.name).toBe('image-enhance');
    expect(detail.problems).toEqual([]);
    expect(Object.keys(detail.form.args)).toEqual(['brightness', 'contrast', 'sharpen', 'mode']);

    const { jobId } = await c.call('build.start', { name: 'image-enhance' });
    await c.subscribe(jobId, 0);
    const done = await c.waitForEvent((e) => e.jobId === jobId && e.event.type.startsWith('job.'));
    expect(done.event.type).toBe('job.done');
    const seqs = c.events.filter((e) => e.jobId === jobId).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // gap-free from 1
    c.close();

    // A second connection replays only what came after the seq it had seen.
    const again = await WsClient.connect(ui);
    try {
      await again.subscribe(jobId, 1);
      await again.waitForEvent((e) => e.event.type === 'job.done');
      expect(again.events[0]!.seq).toBe(2);
      expect(again.events.map((e) => e.seq)).toEqual(seqs.slice(1));

      // Upload an input, run with args, fetch the output image through the bridge.
      const photo = path.join(work, 'photo.png');
      writeSolidPng(photo, 6, 4, [100, 100, 100]);
      const uploaded = await new Promise<{ path: string }>((resolve, reject) => {
        const req = http.request(
          `${ui.origin}/api/uploads`,
          {
            method: 'POST',
            headers: { cookie: sessionCookie(ui.token), 'x-kiln-filename': 'photo.png', origin: ui.origin },
          },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve(JSON.parse(body)));
          },
        );
        req.on('error', reject);
        req.end(readFileSync(photo));
      });
      expect(uploaded.path.startsWith(path.join(home.home, 'uploads'))).toBe(true);
      const run = await again.call('run.start', {
        name: 'image-enhance',
        inputs: { image: uploaded.path },
        args: { brightness: 2 },
        gpu: 'auto',
      });
      await again.subscribe(run.jobId, 0);
      const end = await again.waitForEvent((e) => e.jobId === run.jobId && e.event.type.startsWith('job.'));
      expect(end.event).toMatchObject({ type: 'job.done' });
      const runId = (end.event as { result: { run: { id: string } } }).result.run.id;
      const download = await new Promise<{ status: number; type: string | undefined; body: Buffer }>(
        (resolve, reject) => {
          http
            .get(
              `${ui.origin}/api/runs/${runId}/outputs/image`,
              { headers: { cookie: sessionCookie(ui.token) } },
              (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (d: Buffer) => chunks.push(d));
                res.on('end', () =>
                  resolve({
                    status: res.statusCode ?? 0,
                    type: res.headers['content-type'],
                    body: Buffer.concat(chunks),
                  }),
                );
                res.on('error', reject);
              },
            )
            .on('error', reject);
        },
      );
      expect(download.status).toBe(200);
      expect(download.type).toBe('image/png');
      const out = path.join(work, 'out.png');
      writeFileSync(out, download.body);
      expect(readPng(out).pixel(1, 1).slice(0, 3)).toEqual([200, 200, 200]);
      const listed = await again.call('jobs.list', { algorithm: 'image-enhance' });
      expect(listed.map((j: { jobId: string; status: string }) => [j.jobId, j.status])).toEqual(
        expect.arrayContaining([
          [jobId, 'succeeded'],
          [run.jobId, 'succeeded'],
        ]),
      );
      const runs = await again.call('runs.list', { name: 'image-enhance' });
      expect(runs[0]).toMatchObject({ id: runId, status: 'succeeded', args: { brightness: 2 } });
      expect(await kilnContainers()).toEqual([]);
    } finally {
      again.close();
    }
  });

  it('warns when asked to listen beyond loopback', async () => {
    const wide = await startUi(home.home, ['--host', '0.0.0.0']);
    try {
      expect(wide.stderr()).toContain('warning: serving on 0.0.0.0');
    } finally {
      expect(await wide.stop()).toBe(0);
    }
  });
});
