// Live tuning's call discipline: a change waits `delayMs` of quiet (debounce), then one call
// goes out. While it is in flight further changes do not pile up: at most one call is pending,
// and it is sent when the in-flight one ends, reading the values of that moment, so a newer
// change supersedes an older pending one. `send` reads the current values itself.

export interface LiveState {
  /** A change is waiting out the debounce. */
  waiting: boolean;
  inFlight: boolean;
  /** A call will go out when the in-flight one ends. */
  pending: boolean;
}

export interface LiveSchedulerOptions {
  delayMs: number;
  /** Sends one call with the values of now; resolves (or rejects) when it has ended. */
  send: () => Promise<void>;
  onState?: (s: LiveState) => void;
}

export class LiveScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private pending = false;
  private disposed = false;

  constructor(private readonly opts: LiveSchedulerOptions) {}

  get state(): LiveState {
    return { waiting: this.timer !== null, inFlight: this.inFlight, pending: this.pending };
  }

  /** A value changed: (re)start the quiet period. */
  changed(): void {
    if (this.disposed) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, this.opts.delayMs);
    this.report();
  }

  /** Drops a waiting change and the pending call; an in-flight call runs to its end. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
    this.report();
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private fire(): void {
    if (this.disposed) return;
    if (this.inFlight) {
      this.pending = true;
      this.report();
      return;
    }
    this.inFlight = true;
    this.report();
    let call: Promise<void>;
    try {
      call = this.opts.send();
    } catch (err) {
      call = Promise.reject(err);
    }
    void call
      .catch(() => undefined) // the call's own store shows its error; the loop goes on
      .then(() => {
        this.inFlight = false;
        if (this.pending && !this.disposed) {
          this.pending = false;
          this.fire();
        } else this.report();
      });
  }

  private report(): void {
    this.opts.onState?.(this.state);
  }
}
