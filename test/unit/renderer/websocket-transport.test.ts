// @vitest-environment jsdom
// The WebSocket transport over the bridge's wire protocol: request ids, error envelopes,
// reconnect with backoff, and re-subscription with since = the last seq seen (no event lost
// or delivered twice); uploads in browser mode.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_VERSION, type ClientMessage, type JobEventEnvelope, type ServerMessage } from '../../../shared/api';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import type { ConnectionStatus, Transport } from '../../../renderer/src/transport/transport';
import { WebSocketTransport, type WebSocketLike } from '../../../renderer/src/transport/websocket';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: ClientMessage[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
    this.receive({ type: 'hello', apiVersion: 1 });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code: 1006 }));
  }
  receive(msg: ServerMessage): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(msg) }));
  }
  event(jobId: string, seq: number): void {
    const envelope: JobEventEnvelope = { jobId, seq, ts: seq, event: { type: 'run.log', line: `line ${seq}` } };
    this.receive({ type: 'event', envelope });
  }
}

let sockets: FakeSocket[];
let transport: WebSocketTransport;
const last = (): FakeSocket => sockets[sockets.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  transport = new WebSocketTransport({
    origin: 'http://127.0.0.1:7420',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    initialBackoffMs: 100,
    maxBackoffMs: 1000,
  });
});

afterEach(() => {
  transport.close();
  vi.useRealTimers();
});

describe('websocket transport', () => {
  it('connects to /api/ws on the page origin and matches results to request ids', async () => {
    expect(last().url).toBe(`ws://127.0.0.1:7420/api/ws?api=${API_VERSION}`);
    const p = transport.call('algorithms.list', {});
    expect(last().sent).toEqual([]); // queued until open
    last().open();
    expect(last().sent).toEqual([{ id: 1, type: 'call', method: 'algorithms.list', input: {} }]);
    last().receive({ id: 1, type: 'result', result: [] });
    await expect(p).resolves.toEqual([]);
  });

  it('rejects with an Error carrying code and hint from the error envelope', async () => {
    last().open();
    const p = transport.call('algorithms.open', { path: '/nope' });
    last().receive({
      id: 1,
      type: 'error',
      error: { code: 'MANIFEST_NOT_FOUND', message: 'No kiln.yaml in /nope', hint: 'Create one with kiln init' },
    });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KilnCallError);
    expect(err).toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      message: 'No kiln.yaml in /nope',
      hint: 'Create one with kiln init',
    });
  });

  it('reconnects with backoff and re-subscribes every active job with since = the last seq seen', async () => {
    const statuses: ConnectionStatus[] = [];
    transport.onStatus((s) => statuses.push(s));
    last().open();
    const seen: number[] = [];
    const other: number[] = [];
    transport.subscribe('j-run-0001', 0, (e) => seen.push(e.seq));
    transport.subscribe('j-run-0002', 7, (e) => other.push(e.seq));
    expect(last().sent).toEqual([
      { id: 1, type: 'subscribe', jobId: 'j-run-0001', since: 0 },
      { id: 2, type: 'subscribe', jobId: 'j-run-0002', since: 7 },
    ]);
    last().event('j-run-0001', 1);
    last().event('j-run-0001', 2);
    last().event('j-run-0001', 3);
    last().event('j-run-0002', 8);

    const inflight = transport.call('engine.status', {});
    last().drop();
    await expect(inflight).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting']);

    // First retry fails too; the next waits longer (backoff).
    await vi.advanceTimersByTimeAsync(130);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(130);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(150);
    expect(sockets).toHaveLength(3);

    last().open();
    expect(statuses[statuses.length - 1]).toBe('connected');
    expect(last().sent).toEqual([
      { id: 4, type: 'subscribe', jobId: 'j-run-0001', since: 3 },
      { id: 5, type: 'subscribe', jobId: 'j-run-0002', since: 8 },
    ]);
    // The server replays from since; an overlap is not delivered twice.
    last().event('j-run-0001', 3);
    last().event('j-run-0001', 4);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(other).toEqual([8]);
  });

  it('delivers a batch of events (one message for a burst of log lines) in order', () => {
    last().open();
    const seen: number[] = [];
    transport.subscribe('j-run-0001', 0, (e) => seen.push(e.seq));
    const envelopes: JobEventEnvelope[] = [1, 2, 3].map((seq) => ({
      jobId: 'j-run-0001',
      seq,
      ts: seq,
      event: { type: 'run.log', line: `line ${seq}` },
    }));
    last().receive({ type: 'events', envelopes });
    last().receive({ type: 'events', envelopes: envelopes.slice(1) }); // overlap: not delivered twice
    expect(seen).toEqual([1, 2, 3]);
  });

  it('unsubscribes on the wire when the last listener goes, and stops re-subscribing it', async () => {
    last().open();
    const stop = transport.subscribe('j-run-0003', 0, () => undefined);
    stop();
    expect(last().sent.map((m) => m.type)).toEqual(['subscribe', 'unsubscribe']);
    last().drop();
    await vi.advanceTimersByTimeAsync(200);
    last().open();
    expect(last().sent).toEqual([]);
  });

  it('tells the subscriber when a subscribe is refused (e.g. the job is unknown)', () => {
    last().open();
    const errors: string[] = [];
    transport.subscribe(
      'j-gone-0001',
      0,
      () => undefined,
      (e) => errors.push(e.code),
    );
    last().receive({ id: 1, type: 'error', error: { code: 'NOT_FOUND', message: 'no job j-gone-0001' } });
    expect(errors).toEqual(['NOT_FOUND']);
  });

  it('uploads a file with its name in x-kiln-filename and returns the host path; outputs load from /api/runs', async () => {
    const fetchImpl = vi.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response(JSON.stringify({ path: '/kiln/uploads/u1/照片 1.png' }), { status: 200 }),
    );
    const t = new WebSocketTransport({
      origin: 'http://127.0.0.1:7420',
      createSocket: (url) => new FakeSocket(url),
      fetchImpl,
    });
    const file = new File(['png-bytes'], '照片 1.png');
    await expect(t.fileToInputPath(file)).resolves.toBe('/kiln/uploads/u1/照片 1.png');
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:7420/api/uploads');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(file);
    expect((init?.headers as Record<string, string>)['x-kiln-filename']).toBe(encodeURIComponent('照片 1.png'));
    expect(t.outputUrl('r-1', 'image')).toBe('http://127.0.0.1:7420/api/runs/r-1/outputs/image');
    expect(t.inputUrl('r-1', 'image')).toBe('http://127.0.0.1:7420/api/runs/r-1/inputs/image');
    expect((t as Transport).showRunItem).toBeUndefined();

    fetchImpl.mockResolvedValueOnce(
      new Response(JSON.stringify({ error: { code: 'BAD_INPUT', message: 'too large', hint: 'max 2 GB' } }), {
        status: 413,
      }),
    );
    await expect(t.fileToInputPath(file)).rejects.toMatchObject({ code: 'BAD_INPUT', hint: 'max 2 GB' });
    t.close();
  });

  it('tells the page it is outdated when the server speaks another API version', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const seen: unknown[] = [];
    transport.onOutdated((info) => seen.push(info));
    last().open();
    expect(warn).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    last().receive({ type: 'hello', apiVersion: API_VERSION + 1 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([{ page: API_VERSION, server: API_VERSION + 1 }]);
    // A listener added later hears it at once.
    const late: unknown[] = [];
    transport.onOutdated((info) => late.push(info));
    expect(late).toEqual([{ page: API_VERSION, server: API_VERSION + 1 }]);
    warn.mockRestore();
  });

  it('turns an API_MISMATCH answer into the outdated notice, and rejects the call with it', async () => {
    const seen: unknown[] = [];
    transport.onOutdated((info) => seen.push(info));
    last().open();
    const call = transport.call('algorithms.list', {});
    const sent = last().sent.find((m) => m.type === 'call')!;
    last().receive({
      id: sent.id,
      type: 'error',
      error: {
        code: 'API_MISMATCH',
        message: 'Kiln was updated',
        messageId: 'ui.apiMismatch',
        params: { client: API_VERSION, server: API_VERSION + 1 },
      },
    });
    await expect(call).rejects.toMatchObject({ code: 'API_MISMATCH' });
    expect(seen).toEqual([{ page: API_VERSION, server: API_VERSION + 1 }]);
  });
});
