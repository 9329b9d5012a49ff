// A Transport for renderer unit tests: answers calls from handlers, records them, and lets a
// test push job events. (The real bridge is tested end to end.)
import type { JobEventEnvelope, JobStreamEvent, MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import type { ConnectionStatus, JobListener, Transport } from '../../../renderer/src/transport/transport';

type Handler<M extends MethodName> = (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]?: Handler<M> };

export class FakeTransport implements Transport {
  capabilities = { nativeDialogs: false };
  readonly calls: Array<{ method: MethodName; input: unknown }> = [];
  readonly subscribes: Array<{ jobId: string; since: number }> = [];
  private readonly listeners = new Map<string, Set<JobListener>>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly seqs = new Map<string, number>();

  constructor(public handlers: Handlers = {}) {}

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    const h = this.handlers[method];
    if (!h) return Promise.reject(new KilnCallError('INTERNAL', `no fake handler for ${method}`));
    return Promise.resolve().then(() => h(input));
  }

  callsOf(method: MethodName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input);
  }

  subscribe(jobId: string, since: number, listener: JobListener): () => void {
    this.subscribes.push({ jobId, since });
    let set = this.listeners.get(jobId);
    if (!set) this.listeners.set(jobId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Pushes the next event of a job (seq counts up from 1). */
  emit(jobId: string, event: JobStreamEvent): JobEventEnvelope {
    const seq = (this.seqs.get(jobId) ?? 0) + 1;
    this.seqs.set(jobId, seq);
    const envelope: JobEventEnvelope = { jobId, seq, ts: Date.now(), event };
    for (const l of [...(this.listeners.get(jobId) ?? [])]) l(envelope);
    return envelope;
  }

  listenerCount(jobId: string): number {
    return this.listeners.get(jobId)?.size ?? 0;
  }

  onStatus(cb: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(cb);
    cb('connected');
    return () => this.statusListeners.delete(cb);
  }

  setStatus(s: ConnectionStatus): void {
    for (const cb of [...this.statusListeners]) cb(s);
  }

  async fileToInputPath(file: File): Promise<string> {
    return `/uploads/${file.name}`;
  }

  outputUrl(runId: string, key: string): string {
    return `/api/runs/${runId}/outputs/${key}`;
  }

  inputUrl(runId: string, key: string): string {
    return `/api/runs/${runId}/inputs/${key}`;
  }
}
