// connectEngine over real sockets: a path with nothing there, a unix socket served by an HTTP
// server that answers /_ping and /version as Docker 20.10 (and Podman 5.4) did, a socket that
// accepts and never answers, and a TCP port nobody listens on.
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KilnError } from '../../shared/errors.js';
import { formatMessage } from '../../shared/messages/index.js';
import {
  candidateFromAddress,
  classifyProbeError,
  connectEngine,
  type EndpointCandidate,
  EngineUnavailableError,
  nodeEndpointFs,
} from '../../electron/services/engine/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'engine');
const DOCKER_VERSION = readFileSync(path.join(FIXTURES, 'version-docker-20.10.json'), 'utf8');
const PODMAN_VERSION = readFileSync(path.join(FIXTURES, 'version-podman-5.4.json'), 'utf8');
const RECORDED_ERRORS = JSON.parse(readFileSync(path.join(FIXTURES, 'dockerode-errors-20.10.json'), 'utf8')) as Array<
  Record<string, unknown>
>;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmpDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kiln-connect-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

interface EngineDouble {
  sock: string;
  requests: string[];
}

/** An HTTP server on a unix socket answering like the engine: /_ping "OK", /version JSON, 404 otherwise. */
async function serveEngine(dir: string, flavour: 'docker' | 'podman', delayMs = 0): Promise<EngineDouble> {
  const sock = path.join(dir, `${flavour}.sock`);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const headers: Record<string, string> =
      flavour === 'docker'
        ? {
            'Api-Version': '1.41',
            'Docker-Experimental': 'false',
            Ostype: 'linux',
            Server: 'Docker/20.10.24+dfsg1 (linux)',
          }
        : {
            'Api-Version': '1.41',
            'Libpod-Api-Version': '5.4.0',
            'Libpod-Buildha-Version': '1.39.0',
            'Docker-Experimental': 'true',
          };
    setTimeout(() => {
      if (req.url === '/_ping') {
        res.writeHead(200, {
          ...headers,
          'Cache-Control': 'no-cache, no-store, must-revalidate',
          Pragma: 'no-cache',
          'Content-Type': 'text/plain; charset=utf-8',
        });
        res.end('OK');
      } else if (req.url === '/version') {
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
        res.end(flavour === 'docker' ? DOCKER_VERSION : PODMAN_VERSION);
      } else if (req.url === '/libpod/_ping' && flavour === 'podman') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('OK');
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"page not found"}\n');
      }
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { sock, requests };
}

/** A unix socket that accepts connections and never writes a byte. */
async function serveSilence(dir: string): Promise<string> {
  const sock = path.join(dir, 'silent.sock');
  const held: net.Socket[] = [];
  const server = net.createServer((s) => held.push(s));
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of held) s.destroy();
        server.close(() => resolve());
      }),
  );
  return sock;
}

/** A loopback TCP port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function candidate(address: string): EndpointCandidate {
  return candidateFromAddress(address, 'explicit', '--endpoint', {
    platform: 'linux',
    fs: nodeEndpointFs(),
    env: {},
    tls: null,
    tlsProblem: null,
  });
}

async function failure(p: Promise<unknown>): Promise<EngineUnavailableError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof EngineUnavailableError) return err;
    throw err;
  }
  throw new Error('expected connectEngine to fail');
}

describe('connectEngine', () => {
  it('(a) a socket path that does not exist: ENGINE_UNAVAILABLE naming it as missing, with what to do', async () => {
    const sock = path.join(tmpDir(), 'nope.sock');
    const err = await failure(connectEngine({ endpoint: `unix://${sock}` }));
    expect(err).toBeInstanceOf(KilnError);
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toBe(`No Docker engine answered. Tried: ${sock} [--endpoint] (missing).`);
    expect(err.message).not.toContain('\n');
    expect(err.hint).toContain('sudo systemctl start docker');
    expect(err.hint).toContain('DOCKER_HOST');
    expect(err.attempts).toEqual([
      {
        label: sock,
        source: 'explicit',
        origin: '--endpoint',
        outcome: 'missing',
        why: 'missing',
        whySaid: { id: 'engine.why.missing' },
      },
    ]);
    const env = err.toEnvelope();
    expect(env).toMatchObject({ code: 'ENGINE_UNAVAILABLE', hint: err.hint, messageId: 'engine.noneAnswered' });
    // The UI renders the same error in Chinese: the place tried stays as it is, the words around it do not.
    const zh = formatMessage(env.messageId!, env.params, 'zh-CN');
    expect(zh.message).toBe(`没有 Docker 引擎应答。尝试过：${sock} [--endpoint]（不存在）。`);
    expect(zh.hint).toMatch(/^请启动 Docker（`sudo systemctl start docker`/);
    expect(formatMessage(env.messageId!, env.params, 'en').message).toBe(err.message);
  });

  it('(b) a unix socket that answers /_ping and /version like Docker 20.10: connected, with its version', async () => {
    const engine = await serveEngine(tmpDir(), 'docker');
    const conn = await connectEngine({ endpoint: `unix://${engine.sock}` });
    expect(conn.endpoint).toBe(engine.sock);
    expect(conn.source).toBe('explicit');
    expect(conn.local).toBe(true);
    expect(conn.version).toEqual({ Version: '20.10.24+dfsg1', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' });
    expect(conn.isPodman).toBe(false);
    expect(engine.requests).toEqual(['GET /_ping', 'GET /version']);
    // The client it returns talks to that socket.
    const again = await conn.docker.version();
    expect(again.KernelVersion).toBe('6.18.44-fc-v669');
    expect(engine.requests).toEqual(['GET /_ping', 'GET /version', 'GET /version']);
  });

  it('tells Podman from Docker by the "Podman Engine" component of /version', async () => {
    const engine = await serveEngine(tmpDir(), 'podman');
    const conn = await connectEngine({ endpoint: engine.sock });
    expect(conn.isPodman).toBe(true);
    expect(conn.version).toEqual({ Version: '5.4.0', ApiVersion: '1.41', Os: 'linux', Arch: 'arm64' });
  });

  it('(c) a socket that accepts and never answers: a timeout, named, after the deadline', async () => {
    const sock = await serveSilence(tmpDir());
    const started = Date.now();
    const err = await failure(connectEngine({ endpoint: `unix://${sock}`, timeoutMs: 300 }));
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(3000);
    expect(err.message).toBe(
      `No Docker engine answered. Tried: ${sock} [--endpoint] (timeout: no answer within 0.3 s).`,
    );
    expect(err.attempts[0]?.outcome).toBe('timeout');
    expect(err.hint).toContain('did not answer in time');
  });

  it('names every endpoint tried and why each failed: missing, timeout, connection refused', async () => {
    const dir = tmpDir();
    const missing = path.join(dir, 'missing.sock');
    const silent = await serveSilence(dir);
    const port = await closedPort();
    const err = await failure(
      connectEngine({
        candidates: [
          candidate(`unix://${missing}`),
          candidate(`unix://${silent}`),
          candidate(`tcp://127.0.0.1:${port}`),
        ],
        timeoutMs: 300,
      }),
    );
    expect(err.message).toBe(
      `No Docker engine answered. Tried: ${missing} [--endpoint] (missing); ${silent} [--endpoint] (timeout: no answer within 0.3 s); ` +
        `tcp://127.0.0.1:${port} [--endpoint] (connection refused).`,
    );
    expect(err.attempts.map((a) => a.outcome)).toEqual(['missing', 'timeout', 'refused']);
  });

  it('reports an address it cannot use at all', async () => {
    const err = await failure(connectEngine({ endpoint: 'ftp://gpu-box' }));
    expect(err.message).toBe(
      'No Docker engine answered. Tried: ftp://gpu-box [--endpoint] (unsupported scheme ftp:// (use unix, tcp, npipe or ssh)).',
    );
    expect(err.hint).toContain('Fix the engine address');
  });

  it('takes the first candidate in order that answers, not the fastest, and records those before it', async () => {
    const dir = tmpDir();
    const missing = path.join(dir, 'missing.sock');
    const slow = await serveEngine(dir, 'podman', 150);
    const fast = await serveEngine(dir, 'docker');
    const conn = await connectEngine({
      candidates: [candidate(missing), candidate(slow.sock), candidate(fast.sock)],
      timeoutMs: 1500,
    });
    expect(conn.endpoint).toBe(slow.sock);
    expect(conn.isPodman).toBe(true);
    expect(conn.attempts.map((a) => `${a.label}:${a.outcome}`)).toEqual([`${missing}:missing`, `${slow.sock}:ok`]);
  });

  it('finds the engine through DOCKER_HOST when discovering', async () => {
    const engine = await serveEngine(tmpDir(), 'docker');
    const noDefaults = { exists: (f: string) => f === engine.sock, readText: () => undefined };
    const conn = await connectEngine({
      env: { DOCKER_HOST: `unix://${engine.sock}` },
      platform: 'linux',
      homedir: '/nonexistent',
      fs: noDefaults,
    });
    expect(conn.source).toBe('DOCKER_HOST');
    expect(conn.attempts).toEqual([
      { label: engine.sock, source: 'DOCKER_HOST', origin: 'DOCKER_HOST', outcome: 'ok', why: 'Docker API 1.41' },
    ]);
  });

  it('classifies the socket errors dockerode really raised (EACCES cannot be produced as root, so it comes from the recording)', () => {
    const byLabel = (label: string): Error => {
      const rec = RECORDED_ERRORS.find((e) => e.label === label);
      if (!rec) throw new Error(`no recorded error ${label}`);
      return Object.assign(new Error(String(rec.message)), {
        code: rec.code,
        errno: rec.errno,
        syscall: rec.syscall,
        address: rec.address,
      });
    };
    expect(classifyProbeError(byLabel('socket-permission-denied'), 1500)).toEqual({
      outcome: 'permission-denied',
      why: 'permission denied',
      whySaid: { id: 'engine.why.permission' },
    });
    expect(classifyProbeError(byLabel('socket-missing'), 1500)).toEqual({
      outcome: 'missing',
      why: 'missing',
      whySaid: { id: 'engine.why.missing' },
    });
    expect(classifyProbeError(byLabel('socket-stale-refused'), 1500)).toEqual({
      outcome: 'refused',
      why: 'connection refused',
      whySaid: { id: 'engine.why.refused' },
    });
    const err = new EngineUnavailableError([
      {
        label: '/var/run/docker.sock',
        source: 'default',
        origin: '',
        outcome: 'permission-denied',
        why: 'permission denied',
      },
    ]);
    expect(err.message).toBe('No Docker engine answered. Tried: /var/run/docker.sock (permission denied).');
    expect(err.hint).toContain('sudo usermod -aG docker $USER');
  });
});
