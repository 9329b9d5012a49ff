import { describe, expect, it } from 'vitest';
import type { JobEventEnvelope } from '../../shared/api.js';
import { KilnError } from '../../shared/errors.js';
import { JobRegistry } from '../../electron/services/jobs.js';
import { toEnvelope } from '../../electron/services/api/errors.js';

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('JobRegistry', () => {
  it('streams events with gap-free seqs and ends with job.done', async () => {
    const jobs = new JobRegistry();
    const info = jobs.start(
      'build',
      'demo',
      async ({ emit }) => {
        emit({ type: 'build.step', stage: 'main', index: 1, total: 2, instruction: 'FROM x' });
        emit({ type: 'build.cached', stage: 'main', index: 1 });
        return { kind: 'build', version: {} as never, reused: false, durationMs: 5 };
      },
      toEnvelope,
    );
    const seen: JobEventEnvelope[] = [];
    jobs.subscribe(info.jobId, 0, (e) => seen.push(e));
    await settle();
    expect(seen.map((e) => [e.seq, e.event.type])).toEqual([
      [1, 'build.step'],
      [2, 'build.cached'],
      [3, 'job.done'],
    ]);
    expect(jobs.get(info.jobId)).toMatchObject({ status: 'succeeded', lastSeq: 3 });
  });

  it('replays only events after `since` to a late subscriber', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const info = jobs.start(
      'run',
      'demo',
      async ({ emit }) => {
        for (let i = 0; i < 5; i++) emit({ type: 'run.log', line: `line ${i}` });
        await gate;
        emit({ type: 'run.log', line: 'after' });
        return { kind: 'run', run: {} as never };
      },
      toEnvelope,
    );
    await settle();
    const late: JobEventEnvelope[] = [];
    jobs.subscribe(info.jobId, 3, (e) => late.push(e));
    release();
    await settle();
    expect(late.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(late.at(-1)?.event.type).toBe('job.done');
  });

  it('reports failures as envelopes and cancellation as cancelled', async () => {
    const jobs = new JobRegistry();
    const failed = jobs.start(
      'build',
      'demo',
      async () => {
        throw new KilnError('BUILD_FAILED', 'step 3/9 failed', 'see the log');
      },
      toEnvelope,
    );
    const cancelled = jobs.start(
      'run',
      'demo',
      ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
      toEnvelope,
    );
    await settle();
    expect(jobs.cancel(cancelled.jobId)).toBe(true);
    await settle();
    expect(jobs.get(failed.jobId)).toMatchObject({
      status: 'failed',
      error: { code: 'BUILD_FAILED', message: 'step 3/9 failed', hint: 'see the log' },
    });
    expect(jobs.get(cancelled.jobId).status).toBe('cancelled');
    expect(jobs.cancel(cancelled.jobId)).toBe(false);
    expect(() => jobs.get('j-missing-0000')).toThrow(/no job/);
  });
});
