// The web bridge behind `kiln ui`: the built renderer over HTTP and the API over a WebSocket,
// the same contract Electron's IPC carries. Bound to loopback unless asked otherwise, always
// behind its token, refusing foreign Origins and Hosts.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  API_VERSION,
  CLIENT_MESSAGE,
  isMethodName,
  parseInput,
  type ApiHandlers,
  type JobEventEnvelope,
  type ServerMessage,
} from '../../shared/api.js';
import type { JobRegistry } from '../services/jobs.js';
import type { KilnServices } from '../services/kiln-services.js';
import { toEnvelope } from '../services/api/errors.js';
import { KilnError } from '../../shared/errors.js';
import { cookieName, hostPolicy, newToken, originOk, tokenOk } from './auth.js';
import { languageOf, signinPage } from './signin-page.js';
import { rendererDir, securityHeaders, serveStatic } from './static-files.js';

export interface BridgeOptions {
  services: KilnServices;
  jobs: JobRegistry;
  handlers: ApiHandlers;
  host?: string;
  port?: number;
  token?: string;
  staticDir?: string | null;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes?: number;
}

export interface Bridge {
  url: string;
  /** The URL to open: carries the token once, then a cookie does. */
  openUrl: string;
  token: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Most events in one WebSocket message. */
const MAX_BATCH = 500;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const staticDir = opts.staticDir === undefined ? rendererDir() : opts.staticDir;
  const maxUpload = opts.maxUploadBytes ?? 4 * 1024 ** 3;
  const wildcard = host === '0.0.0.0' || host === '::';
  let policy = hostPolicy(host, 0);
  let port = 0;

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: toEnvelope(err) });
      else res.destroy();
    });
  });

  const refuse = (res: ServerResponse, status: number, message: string): void => {
    securityHeaders(res);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${message}\n`);
  };

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bridge.invalid');
    const origin = originOk(req, policy, wildcard);
    if (!origin.ok) return refuse(res, 403, `Kiln: refused (${origin.why})`);
    const auth = tokenOk(req, url, token);
    if (!auth.ok) {
      // A page tab (its cookie lost, or the server restarted): say how to get back in, in its language.
      if ((req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith('/api/')) {
        securityHeaders(res);
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : signinPage(languageOf(req), req.headers.host ?? host, port));
        return;
      }
      return refuse(
        res,
        401,
        'Kiln: this address needs the token from the URL that `kiln ui` printed (kiln ui --url prints it again).',
      );
    }
    if (auth.via === 'query' && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(302, {
        // Named after this server: another `kiln ui` on the same host keeps its own.
        'set-cookie': `${cookieName(token)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
      });
      res.end();
      return;
    }
    if (url.pathname === '/api/uploads' && req.method === 'POST') return upload(req, res);
    const output = /^\/api\/runs\/([^/]+)\/(outputs|inputs)\/([^/]+)$/.exec(url.pathname);
    if (output && req.method === 'GET')
      return serveOutput(
        decodeURIComponent(output[1]!),
        decodeURIComponent(output[3]!),
        res,
        output[2] === 'inputs' ? 'input' : 'output',
      );
    if (url.pathname.startsWith('/api/'))
      return sendJson(res, 404, {
        error: KilnError.of('NOT_FOUND', 'bridge.noEndpoint', { path: url.pathname }).toEnvelope(),
      });
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    return serveStatic(staticDir, url.pathname, res);
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxUpload)
      return sendJson(res, 413, {
        error: KilnError.of('BAD_INPUT', 'bridge.tooLarge', { max: maxUpload }).toEnvelope(),
      });
    const rawName = String(req.headers['x-kiln-filename'] ?? 'upload.bin');
    let name: string;
    try {
      name =
        path
          .basename(decodeURIComponent(rawName))
          .replace(/[^\w.\- ]+/g, '_')
          .slice(0, 120) || 'upload.bin';
    } catch {
      name = 'upload.bin';
    }
    const dir = path.join(opts.services.home, 'uploads');
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.incoming-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      hash.update(c);
      if (size > maxUpload) req.destroy(new Error('upload too large'));
    });
    try {
      await pipeline(req, createWriteStream(tmp));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    // Content-addressed: the same file uploaded twice is stored once.
    const finalDir = path.join(dir, hash.digest('hex').slice(0, 24));
    await mkdir(finalDir, { recursive: true });
    const final = path.join(finalDir, name);
    await rename(tmp, final);
    sendJson(res, 200, { path: final, size });
  }

  /** A run's recorded output (or input, for thumbnails): only paths the catalog holds, never one from the URL. */
  async function serveOutput(
    runId: string,
    key: string,
    res: ServerResponse,
    kind: 'output' | 'input' = 'output',
  ): Promise<void> {
    const file =
      kind === 'input' ? await opts.services.inputFile(runId, key) : await opts.services.outputFile(runId, key);
    const st = file ? await stat(file.path).catch(() => null) : null;
    if (!file || !st?.isFile())
      return sendJson(res, 404, {
        error: KilnError.of('NOT_FOUND', 'bridge.noOutput', { run: runId, kind, key }).toEnvelope(),
      });
    securityHeaders(res);
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(st.size),
      'cache-control': 'no-cache',
    });
    createReadStream(file.path).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://bridge.invalid');
    const origin = originOk(req, policy, wildcard);
    const auth = tokenOk(req, url, token);
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api/ws') return reject(404, 'Not Found');
    if (!origin.ok) return reject(403, 'Forbidden');
    if (!auth.ok) return reject(401, 'Unauthorized');
    // The page says which API it was built for (?api=N); a page from before that was API 1.
    const clientApi = Number(url.searchParams.get('api') ?? '1');
    wss.handleUpgrade(req, socket, head, (ws) => connection(ws, Number.isInteger(clientApi) ? clientApi : 0));
  });

  function connection(ws: WebSocket, clientApi: number): void {
    // A tab of an older (or newer) Kiln: every call gets the same clear "reload" error, not a
    // call the other side would misread.
    const mismatch =
      clientApi === API_VERSION
        ? null
        : KilnError.of('API_MISMATCH', 'ui.apiMismatch', { client: clientApi, server: API_VERSION }).toEnvelope();
    const subscriptions = new Map<string, () => void>();
    const send = (m: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    // Job events are coalesced per tick into one message (in order), so a log streaming
    // thousands of lines a second costs the browser a few messages, not thousands.
    let queued: JobEventEnvelope[] = [];
    const flush = (): void => {
      const batch = queued;
      queued = [];
      if (batch.length === 1) return send({ type: 'event', envelope: batch[0]! });
      // Bounded messages: the browser handles each as its own task and can paint in between.
      for (let i = 0; i < batch.length; i += MAX_BATCH)
        send({ type: 'events', envelopes: batch.slice(i, i + MAX_BATCH) });
    };
    const sendEvent = (envelope: JobEventEnvelope): void => {
      if (queued.push(envelope) === 1) setImmediate(flush);
    };
    send({ type: 'hello', apiVersion: API_VERSION });
    if (mismatch) send({ id: null, type: 'error', error: mismatch });
    ws.on('message', (data, isBinary) => {
      void onMessage(isBinary ? null : frameText(data));
    });
    ws.on('close', () => {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
    });

    async function onMessage(text: string | null): Promise<void> {
      let raw: unknown;
      try {
        raw = text === null ? undefined : JSON.parse(text);
      } catch {
        return send({ id: null, type: 'error', error: KilnError.of('BAD_ARGUMENT', 'bridge.notJson').toEnvelope() });
      }
      const parsed = CLIENT_MESSAGE.safeParse(raw);
      if (!parsed.success) {
        const id =
          raw && typeof raw === 'object' && Number.isInteger((raw as { id?: unknown }).id)
            ? (raw as { id: number }).id
            : null;
        const issue = parsed.error.issues[0];
        return send({
          id,
          type: 'error',
          error: {
            code: 'BAD_ARGUMENT',
            message: `malformed message: ${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid'}`,
          },
        });
      }
      const msg = parsed.data;
      if (mismatch) return send({ id: msg.id, type: 'error', error: mismatch });
      try {
        if (msg.type === 'call') {
          if (!isMethodName(msg.method))
            return send({
              id: msg.id,
              type: 'error',
              error: KilnError.of('BAD_ARGUMENT', 'bridge.unknownMethod', { method: msg.method }).toEnvelope(),
            });
          const input = parseInput(msg.method, msg.input);
          if (!input.ok) return send({ id: msg.id, type: 'error', error: input.error });
          const handler = opts.handlers[msg.method] as (i: unknown) => Promise<unknown>;
          const result = await handler(input.value);
          return send({ id: msg.id, type: 'result', result });
        }
        if (msg.type === 'subscribe') {
          subscriptions.get(msg.jobId)?.();
          const off = opts.jobs.subscribe(msg.jobId, msg.since, sendEvent);
          subscriptions.set(msg.jobId, off);
          return send({ id: msg.id, type: 'result', result: { subscribed: msg.jobId } });
        }
        subscriptions.get(msg.jobId)?.();
        subscriptions.delete(msg.jobId);
        return send({ id: msg.id, type: 'result', result: { unsubscribed: msg.jobId } });
      } catch (err) {
        return send({ id: msg.id, type: 'error', error: toEnvelope(err) });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  policy = hostPolicy(host, port);
  const shownHost = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    host,
    port,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A text frame as a string: ws hands a Buffer (an array of them when asked for fragments). */
function frameText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  securityHeaders(res);
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
