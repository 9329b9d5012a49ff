// A test client for the bridge: starts `kiln ui` as a user would and speaks its WebSocket protocol.
import type { ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import type { JobEventEnvelope, ServerMessage } from '../../shared/api.js';
import { cookieName } from '../../electron/bridge/auth.js';
import { startKiln } from './kiln-cli.js';

/** The Cookie header a browser sends this server after the first visit (the name is the server's own). */
export function sessionCookie(token: string): string {
  return `${cookieName(token)}=${token}`;
}

export interface RunningUi {
  url: string;
  origin: string;
  token: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<number>;
}

export async function startUi(home: string, args: string[] = []): Promise<RunningUi> {
  const child = startKiln(['ui', '--json', ...args], { home });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const deadline = Date.now() + 30_000;
  while (!stdout.trim().endsWith('}') && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kiln ui exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = JSON.parse(stdout) as { url: string; port: number };
  const u = new URL(info.url);
  return {
    url: info.url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    port: info.port,
    child,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

export class WsClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error & { code?: string }): void }
  >();
  readonly events: JobEventEnvelope[] = [];
  readonly errors: Array<{ id: number | null; code: string; message: string }> = [];
  private eventWaiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
      const m = JSON.parse(text.toString('utf8')) as ServerMessage;
      if (m.type === 'event' || m.type === 'events') {
        this.events.push(...(m.type === 'event' ? [m.envelope] : m.envelopes));
        for (const w of this.eventWaiters.splice(0)) w();
      } else if (m.type === 'result') {
        this.pending.get(m.id)?.resolve(m.result);
        this.pending.delete(m.id);
      } else if (m.type === 'error') {
        this.errors.push({ id: m.id, code: m.error.code, message: m.error.message });
        if (m.id !== null) {
          this.pending.get(m.id)?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
          this.pending.delete(m.id);
        }
      }
    });
  }

  static connect(
    ui: { origin: string; token: string },
    opts: { origin?: string; cookie?: string | null } = {},
  ): Promise<WsClient> {
    const headers: Record<string, string> = {};
    if (opts.cookie !== null) headers['cookie'] = opts.cookie ?? sessionCookie(ui.token);
    const ws = new WebSocket(`${ui.origin.replace('http', 'ws')}/api/ws`, {
      headers,
      origin: opts.origin ?? ui.origin,
    });
    return new Promise((resolve, reject) => {
      const client = new WsClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read results untyped unless they pass T
  call<T = any>(method: string, input: unknown = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, type: 'call', method, input }));
    });
  }

  subscribe(jobId: string, since: number): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, type: 'subscribe', jobId, since }));
    });
  }

  async waitForEvent(pred: (e: JobEventEnvelope) => boolean, timeoutMs = 300_000): Promise<JobEventEnvelope> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for an event');
      await new Promise<void>((resolve) => {
        this.eventWaiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}
