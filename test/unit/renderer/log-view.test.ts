// @vitest-environment jsdom
// The virtualized log: with 100,000 lines only a window of rows is in the DOM, scrolling
// moves the window, and lines streamed through the jobs store arrive in per-frame batches.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_ROW_HEIGHT, LogView } from '../../../renderer/src/components/common/log-view';
import { LogBuffer } from '../../../renderer/src/lib/log-buffer';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useJobsStore } from '../../../renderer/src/stores/jobs';
import { FakeTransport } from './fake-transport';

afterEach(() => {
  cleanup();
  resetStores();
});

function bufferOf(n: number): LogBuffer {
  const b = new LogBuffer();
  for (let i = 1; i <= n; i++) b.append(`line ${i}`);
  return b;
}

describe('log view', () => {
  it('renders only a window of rows for 100,000 lines, following the end', () => {
    const buffer = bufferOf(100_000);
    render(createElement(LogView, { buffer, count: buffer.length, label: 'Build log', defaultHeight: 360 }));
    const view = screen.getByTestId('log-view');
    expect(view.getAttribute('role')).toBe('log');
    expect(view.getAttribute('aria-label')).toBe('Build log');
    const rows = view.querySelectorAll('.log-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    // Follows the end: the last line is rendered.
    expect(rows[rows.length - 1]?.textContent).toBe('line 100000');
    // The spacer keeps the full scroll height.
    expect((view.firstElementChild as HTMLElement).style.height).toBe(`${100_000 * LOG_ROW_HEIGHT}px`);
  });

  it('moves the window when scrolled', () => {
    const buffer = bufferOf(100_000);
    render(createElement(LogView, { buffer, count: buffer.length, label: 'Run log', defaultHeight: 360 }));
    const view = screen.getByTestId('log-view');
    view.scrollTop = 50_000 * LOG_ROW_HEIGHT;
    fireEvent.scroll(view);
    const lines = [...view.querySelectorAll('.log-row')].map((r) => r.textContent);
    expect(lines).toContain('line 50001');
    expect(lines).not.toContain('line 100000');
    expect(lines.length).toBeLessThan(60);
    // Scrolled up: no longer following, a button offers to.
    expect(screen.getByRole('button', { name: /Follow the end/ })).toBeTruthy();
  });

  it('takes 100,000 streamed lines in one batch per frame and renders a window of them', () => {
    const fake = new FakeTransport();
    const stop = initStores(fake, { load: false });
    const jobId = 'j-run-0100';
    useJobsStore.getState().track(jobId, 'run', 'image-enhance');
    const renders: number[] = [];
    const unsub = useJobsStore.subscribe((s) => renders.push(s.jobs[jobId]?.logCount ?? 0));
    for (let i = 1; i <= 100_000; i++) fake.emit(jobId, { type: 'run.log', line: `out ${i}` });
    act(() => useJobsStore.getState().flush());
    expect(renders).toEqual([100_000]); // one store update for the whole batch
    const job = useJobsStore.getState().jobs[jobId]!;
    render(
      createElement(LogView, { buffer: useJobsStore.getState().logs[jobId], count: job.logCount, label: 'Run log' }),
    );
    const rows = screen.getByTestId('log-view').querySelectorAll('.log-row');
    expect(rows.length).toBeLessThan(60);
    expect(rows[rows.length - 1]?.textContent).toBe('out 100000');
    unsub();
    stop();
  });

  it('a frame applies a burst only as far as its time budget, the rest on the next frames, in order', () => {
    const fake = new FakeTransport();
    const stop = initStores(fake, { load: false });
    const jobId = 'j-run-0200';
    useJobsStore.getState().track(jobId, 'run', 'image-enhance');
    for (let i = 1; i <= 20_000; i++) fake.emit(jobId, { type: 'run.log', line: `out ${i}` });
    // A spent budget: one chunk goes in, the rest waits (the frame callback passes a budget).
    act(() => useJobsStore.getState().flush(0));
    const partial = useJobsStore.getState().jobs[jobId]!.logCount;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(20_000);
    fake.emit(jobId, { type: 'run.log', line: 'after the burst' });
    act(() => useJobsStore.getState().flush());
    const log = useJobsStore.getState().logs[jobId]!;
    expect(log.length).toBe(20_001);
    expect(log.get(partial)).toBe(`out ${partial + 1}`);
    expect(log.get(20_000)).toBe('after the burst');
    stop();
  });

  it('caps memory: the oldest lines go first, in blocks, and are counted', () => {
    const b = new LogBuffer(1000);
    for (let i = 1; i <= 1001; i++) b.append(`l${i}`);
    expect(b.length).toBe(900);
    expect(b.dropped).toBe(101);
    expect(b.get(0)).toBe('l102');
    expect(b.get(b.length - 1)).toBe('l1001');
  });
});
