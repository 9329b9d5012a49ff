// The live-tuning call discipline (lib/live-scheduler.ts), with fake timers: debounced, at most
// one call in flight and one pending, the pending one sent with the values of its moment.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveScheduler } from '../../../renderer/src/lib/live-scheduler';

/** A send whose calls end when the test says so; each call records the value it read. */
function controlledSend(read: () => number): {
  send: () => Promise<void>;
  sent: number[];
  inFlight: () => number;
  finish: () => Promise<void>;
} {
  const sent: number[] = [];
  const open: Array<() => void> = [];
  return {
    sent,
    inFlight: () => open.length,
    send: () => {
      sent.push(read());
      return new Promise<void>((resolve) => open.push(resolve));
    },
    finish: async () => {
      open.shift()?.();
      await vi.advanceTimersByTimeAsync(0); // let the scheduler see the end
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveScheduler', () => {
  it('waits for 300 ms of quiet, then sends once with the last value', async () => {
    let value = 0;
    const c = controlledSend(() => value);
    const s = new LiveScheduler({ delayMs: 300, send: c.send });
    for (const v of [1, 2, 3, 4, 5]) {
      value = v;
      s.changed();
      await vi.advanceTimersByTimeAsync(100); // faster than the debounce
    }
    expect(c.sent).toEqual([]);
    expect(s.state).toEqual({ waiting: true, inFlight: false, pending: false });
    await vi.advanceTimersByTimeAsync(199);
    expect(c.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.sent).toEqual([5]);
    expect(s.state).toEqual({ waiting: false, inFlight: true, pending: false });
    await c.finish();
    expect(s.state).toEqual({ waiting: false, inFlight: false, pending: false });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(c.sent).toEqual([5]);
  });

  it('never has two calls in flight: changes during a call leave one pending, sent with the latest values', async () => {
    let value = 10;
    const c = controlledSend(() => value);
    const s = new LiveScheduler({ delayMs: 300, send: c.send });
    s.changed();
    await vi.advanceTimersByTimeAsync(300);
    expect(c.sent).toEqual([10]);

    // Three separate bursts while the first call is still running.
    for (const v of [11, 12, 13]) {
      value = v;
      s.changed();
      await vi.advanceTimersByTimeAsync(400);
      expect(c.inFlight()).toBe(1);
    }
    expect(s.state).toEqual({ waiting: false, inFlight: true, pending: true });
    value = 14; // a newer change supersedes the pending one before it goes
    s.changed();
    await vi.advanceTimersByTimeAsync(300);
    expect(c.sent).toEqual([10]);

    await c.finish();
    expect(c.sent).toEqual([10, 14]); // one call for all four changes, with the last value
    expect(c.inFlight()).toBe(1);
    expect(s.state).toEqual({ waiting: false, inFlight: true, pending: false });
    await c.finish();
    expect(c.sent).toEqual([10, 14]);
    expect(s.state).toEqual({ waiting: false, inFlight: false, pending: false });
  });

  it('goes on after a failed call, and cancel drops what was waiting or pending', async () => {
    let value = 1;
    let fail = true;
    const sent: number[] = [];
    const s = new LiveScheduler({
      delayMs: 300,
      send: async () => {
        sent.push(value);
        if (fail) throw new Error('the run failed');
      },
    });
    s.changed();
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([1]);
    fail = false;
    value = 2;
    s.changed();
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([1, 2]);

    value = 3;
    s.changed();
    s.cancel();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([1, 2]);
    s.dispose();
    s.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([1, 2]);
  });
});
