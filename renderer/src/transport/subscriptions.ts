// Job subscriptions kept by a transport: listeners per job and the last seq delivered, so
// each event reaches a listener once and in order, and a re-subscription after a drop
// asks for exactly what was missed (since = last seq seen).
import type { JobEventEnvelope } from '../../../shared/api';
import type { KilnCallError } from './errors';
import type { JobListener, SubscribeErrorListener } from './transport';

interface Subscription {
  lastSeq: number;
  listeners: Set<JobListener>;
  errorListeners: Set<SubscribeErrorListener>;
}

export class JobSubscriptions {
  private readonly subs = new Map<string, Subscription>();

  /** Adds a listener; `created` says whether the job needs a subscribe message on the wire. */
  add(
    jobId: string,
    since: number,
    listener: JobListener,
    onError?: SubscribeErrorListener,
  ): { created: boolean; remove: () => boolean } {
    let sub = this.subs.get(jobId);
    const created = !sub;
    if (!sub) {
      sub = { lastSeq: since, listeners: new Set(), errorListeners: new Set() };
      this.subs.set(jobId, sub);
    }
    const entry = sub;
    entry.listeners.add(listener);
    if (onError) entry.errorListeners.add(onError);
    let removed = false;
    return {
      created,
      /** Returns true when that was the job's last listener (unsubscribe on the wire). */
      remove: (): boolean => {
        if (removed) return false;
        removed = true;
        entry.listeners.delete(listener);
        if (onError) entry.errorListeners.delete(onError);
        if (entry.listeners.size === 0 && this.subs.get(jobId) === entry) {
          this.subs.delete(jobId);
          return true;
        }
        return false;
      },
    };
  }

  deliver(envelope: JobEventEnvelope): void {
    const sub = this.subs.get(envelope.jobId);
    if (!sub || envelope.seq <= sub.lastSeq) return;
    sub.lastSeq = envelope.seq;
    for (const l of [...sub.listeners]) l(envelope);
  }

  fail(jobId: string, error: KilnCallError): void {
    const sub = this.subs.get(jobId);
    if (!sub) return;
    for (const l of [...sub.errorListeners]) l(error);
  }

  lastSeq(jobId: string): number | undefined {
    return this.subs.get(jobId)?.lastSeq;
  }

  /** Every active job with the last seq seen: what to re-subscribe after a reconnect. */
  active(): Array<{ jobId: string; since: number }> {
    return [...this.subs].map(([jobId, s]) => ({ jobId, since: s.lastSeq }));
  }
}
