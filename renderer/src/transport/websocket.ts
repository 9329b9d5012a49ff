// Transport over the bridge's WebSocket (shared/api.ts ClientMessage/ServerMessage), for
// `kiln ui` in a browser. Auth is the cookie the server set; nothing to add here.
// After a drop it reconnects with backoff and re-subscribes every active job with
// since = the last seq seen, so no event is lost or delivered twice.
import type { ClientMessage, MethodInput, MethodName, MethodOutput, ServerMessage } from '../../../shared/api';
import { KilnCallError, isEnvelope, said } from './errors';
import { API_VERSION } from '../../../shared/api-version';
import { JobSubscriptions } from './subscriptions';
import type { ConnectionStatus, JobListener, OutdatedInfo, SubscribeErrorListener, Transport } from './transport';

/** The parts of the DOM WebSocket this transport uses (tests pass a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}

export interface WebSocketTransportOptions {
  /** Page origin, e.g. http://127.0.0.1:5173; defaults to location.origin. */
  origin?: string;
  createSocket?: (url: string) => WebSocketLike;
  fetchImpl?: typeof fetch;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

type Pending =
  | { kind: 'call'; resolve: (v: unknown) => void; reject: (e: KilnCallError) => void }
  | { kind: 'subscribe'; jobId: string }
  | { kind: 'unsubscribe' };

const OPEN = 1;

export class WebSocketTransport implements Transport {
  readonly capabilities = { nativeDialogs: false };
  private readonly origin: string;
  private readonly wsUrl: string;
  private readonly createSocket: (url: string) => WebSocketLike;
  private readonly fetchImpl: typeof fetch;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private socket: WebSocketLike | null = null;
  private status: ConnectionStatus = 'connecting';
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly pending = new Map<number, Pending>();
  /** Calls made while the socket is not open; sent on open. */
  private queue: ClientMessage[] = [];
  private readonly subs = new JobSubscriptions();
  private nextId = 1;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private outdated: OutdatedInfo | null = null;
  private signedOut = false;
  private readonly signedOutListeners = new Set<(signedOut: boolean) => void>();
  private readonly outdatedListeners = new Set<(info: OutdatedInfo) => void>();

  constructor(opts: WebSocketTransportOptions = {}) {
    this.origin = opts.origin ?? location.origin;
    // The page's API version rides on the handshake: a server of another version answers every
    // call with API_MISMATCH ("Kiln was updated: reload the page"), never with a call misread.
    this.wsUrl = `${this.origin.replace(/^http/, 'ws')}/api/ws?api=${API_VERSION}`;
    this.createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
    this.fetchImpl = opts.fetchImpl ?? ((input, init) => fetch(input, init));
    this.initialBackoffMs = opts.initialBackoffMs ?? 250;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.connect();
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'call', resolve: (v) => resolve(v as MethodOutput<M>), reject });
      const msg: ClientMessage = { id, type: 'call', method, input };
      if (this.isOpen()) this.send(msg);
      else this.queue.push(msg);
    });
  }

  subscribe(jobId: string, since: number, listener: JobListener, onError?: SubscribeErrorListener): () => void {
    const { created, remove } = this.subs.add(jobId, since, listener, onError);
    // When not open, the next open re-subscribes every active job.
    if (created && this.isOpen()) this.sendSubscribe(jobId, since);
    return () => {
      if (remove() && this.isOpen()) {
        const id = this.nextId++;
        this.pending.set(id, { kind: 'unsubscribe' });
        this.send({ id, type: 'unsubscribe', jobId });
      }
    };
  }

  onOutdated(cb: (info: OutdatedInfo) => void): () => void {
    this.outdatedListeners.add(cb);
    if (this.outdated) cb(this.outdated);
    return () => this.outdatedListeners.delete(cb);
  }

  onSignedOut(cb: (signedOut: boolean) => void): () => void {
    this.signedOutListeners.add(cb);
    cb(this.signedOut);
    return () => this.signedOutListeners.delete(cb);
  }

  private setSignedOut(v: boolean): void {
    if (this.signedOut === v) return;
    this.signedOut = v;
    for (const cb of [...this.signedOutListeners]) cb(v);
  }

  /** The page's own address answers 401 when this tab's cookie no longer opens the server. */
  private async checkSession(): Promise<void> {
    try {
      const res = await this.fetchImpl(`${this.origin}/`, {
        method: 'HEAD',
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (res.status === 401) this.setSignedOut(true);
    } catch {
      // the server is not there at all: the status says reconnecting
    }
  }

  private markOutdated(server: number): void {
    if (this.outdated) return;
    this.outdated = { page: API_VERSION, server };
    for (const cb of [...this.outdatedListeners]) cb(this.outdated);
  }

  onStatus(cb: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(cb);
    cb(this.status);
    return () => this.statusListeners.delete(cb);
  }

  async fileToInputPath(file: File): Promise<string> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.origin}/api/uploads`, {
        method: 'POST',
        body: file,
        credentials: 'same-origin',
        headers: { 'x-kiln-filename': encodeURIComponent(file.name), 'content-type': 'application/octet-stream' },
      });
    } catch (err) {
      throw KilnCallError.of(
        'UPLOAD_FAILED',
        said('bridge.uploadFailed', {
          file: file.name,
          detail: err instanceof Error ? err.message : String(err),
        }),
      );
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok && body && typeof (body as { path?: unknown }).path === 'string') return (body as { path: string }).path;
    const env = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
    if (isEnvelope(env)) throw KilnCallError.fromEnvelope(env);
    throw KilnCallError.of('UPLOAD_FAILED', said('bridge.uploadHttp', { file: file.name, status: res.status }));
  }

  outputUrl(runId: string, key: string): string {
    return `${this.origin}/api/runs/${encodeURIComponent(runId)}/outputs/${encodeURIComponent(key)}`;
  }

  inputUrl(runId: string, key: string): string {
    return `${this.origin}/api/runs/${encodeURIComponent(runId)}/inputs/${encodeURIComponent(key)}`;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.close(1000, 'closed by client');
    this.socket = null;
    this.failPendingCalls();
    for (const msg of this.queue) {
      const p = this.pending.get(msg.id);
      if (p?.kind === 'call') p.reject(new KilnCallError('DISCONNECTED', 'The connection to Kiln is closed'));
    }
    this.queue = [];
    this.pending.clear();
    this.setStatus('disconnected');
  }

  // ---- connection

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  private connect(): void {
    if (this.closed) return;
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.wsUrl);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      this.attempt = 0;
      this.setSignedOut(false);
      this.setStatus('connected');
      for (const { jobId, since } of this.subs.active()) this.sendSubscribe(jobId, since);
      const queued = this.queue;
      this.queue = [];
      for (const msg of queued) this.send(msg);
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (this.socket === socket) this.receive(ev.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPendingCalls();
      // Refused before it opened: the server may be down, or this tab's session gone (a restart).
      if (!opened) void this.checkSession();
      this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows; nothing to do here.
    };
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.setStatus('reconnecting');
    const base = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private setStatus(s: ConnectionStatus): void {
    if (this.status === s) return;
    this.status = s;
    for (const cb of [...this.statusListeners]) cb(s);
  }

  /** Fails the calls that were sent; calls still queued (never sent) wait for the next open. */
  private failPendingCalls(): void {
    const queued = new Set(this.queue.map((m) => m.id));
    for (const [id, p] of this.pending) {
      if (queued.has(id)) continue;
      if (p.kind === 'call') {
        p.reject(
          new KilnCallError(
            'DISCONNECTED',
            'The connection to Kiln was lost before the answer came',
            'It reconnects by itself; check the result, then try again.',
          ),
        );
      }
      this.pending.delete(id);
    }
  }

  private send(msg: ClientMessage): void {
    this.socket?.send(JSON.stringify(msg));
  }

  private sendSubscribe(jobId: string, since: number): void {
    const id = this.nextId++;
    this.pending.set(id, { kind: 'subscribe', jobId });
    this.send({ id, type: 'subscribe', jobId, since });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'events':
        for (const envelope of msg.envelopes) this.subs.deliver(envelope);
        break;
      case 'event':
        this.subs.deliver(msg.envelope);
        return;
      case 'hello':
        if (msg.apiVersion !== API_VERSION) {
          console.warn(`Kiln server speaks API ${msg.apiVersion}, this page expects ${API_VERSION}: reload the page.`);
          this.markOutdated(msg.apiVersion);
        }
        return;
      case 'result': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (p?.kind === 'call') p.resolve(msg.result);
        return;
      }
      case 'error': {
        if (msg.error.code === 'API_MISMATCH') {
          const server = Number(msg.error.params?.['server']);
          this.markOutdated(Number.isInteger(server) ? server : -1);
        }
        if (msg.id === null) {
          console.warn(`Kiln server: ${msg.error.message}`);
          return;
        }
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        const err = KilnCallError.fromEnvelope(msg.error);
        if (p?.kind === 'call') p.reject(err);
        else if (p?.kind === 'subscribe') this.subs.fail(p.jobId, err);
        return;
      }
    }
  }
}

export function createWebSocketTransport(opts?: WebSocketTransportOptions): WebSocketTransport {
  return new WebSocketTransport(opts);
}
