// @vitest-environment jsdom
// Keep warm + live tuning in the stores, with fake timers: turning it on starts a serve job;
// once warm, slider changes re-run on the served version, debounced, one run in flight, one
// pending with the latest values; another version restarts the warm container; off stops it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunJobResult, ServedInfo } from '../../../shared/api';
import type { RunRecord } from '../../../shared/records';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { useJobsStore } from '../../../renderer/src/stores/jobs';
import { useKeepWarmStore } from '../../../renderer/src/stores/keep-warm';
import { LIVE_DELAY_MS, useLiveTuningStore, liveBusy } from '../../../renderer/src/stores/live-tuning';
import { useRunFormStore } from '../../../renderer/src/stores/run-form';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK } from './fixtures';

const NAME = 'image-enhance';
let fake: FakeTransport;
let stop: () => void;
let jobs = 0;

const served = (version: string): ServedInfo => ({
  algorithm: NAME,
  version,
  url: 'http://127.0.0.1:40000',
  containerId: `c-${version}`,
  setupMs: 1500,
  startedAt: '2026-12-02T10:00:00Z',
  logPath: '/home/.kiln/logs/serve/s1.log',
});

function runRecord(jobId: string, args: Record<string, unknown>, version: string): RunRecord {
  return {
    id: `r-${jobId}`,
    algorithm: NAME,
    version,
    status: 'succeeded',
    args,
    inputs: [{ key: 'image', path: '/uploads/a.png', sha256: 'x' }],
    outputs: [],
    outDir: null,
    gpu: 'as served',
    errorCode: null,
    errorMessage: null,
    errorMessageId: null,
    errorParams: null,
    stderrTail: null,
    logPath: null,
    timings: { total: 20 },
    containerId: `c-${version}`,
    warm: true,
    startedAt: '2026-12-02T10:00:01Z',
    finishedAt: '2026-12-02T10:00:02Z',
  };
}

/** run.start calls made so far: their inputs. */
const runCalls = (): Array<{ version?: string; args: Record<string, unknown> }> =>
  fake.callsOf('run.start') as Array<{ version?: string; args: Record<string, unknown> }>;

/** Ends the job with the given result, as the back end would, and applies the events. */
function finishJob(jobId: string, result: RunJobResult | { kind: 'serve'; served: ServedInfo }): void {
  fake.emit(jobId, { type: 'job.done', result });
  useJobsStore.getState().flush();
}

async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  jobs = 0;
  fake = new FakeTransport({
    'serve.start': () => ({ jobId: `j-serve-${++jobs}` }),
    'serve.stop': () => ({ stopped: true }),
    'serve.status': () => ({ served: null }),
    'run.start': () => ({ jobId: `j-run-${++jobs}` }),
    'jobs.cancel': () => ({ cancelled: true }),
    'runs.list': () => [],
  });
  stop = initStores(fake, { load: false });
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
  useRunFormStore.getState().setInputPath(NAME, 'image', '/uploads/a.png', 'a.png');
});

afterEach(() => {
  stop();
  resetStores();
  vi.useRealTimers();
});

async function warmUp(version = 'v1'): Promise<void> {
  await useKeepWarmStore.getState().enable(NAME, '');
  expect(useKeepWarmStore.getState().byName[NAME]).toMatchObject({ status: 'starting', jobId: 'j-serve-1' });
  expect(fake.callsOf('serve.start')).toEqual([{ name: NAME, gpu: 'auto' }]);
  finishJob('j-serve-1', { kind: 'serve', served: served(version) });
  expect(useKeepWarmStore.getState().byName[NAME]).toMatchObject({ status: 'on', served: { version } });
}

describe('keep warm and live tuning (stores)', () => {
  it('re-runs on the warm version after 300 ms of quiet; fast slider moves make one run with the last value', async () => {
    await warmUp();
    // Warm now: the current inputs run once on it.
    await settle(LIVE_DELAY_MS);
    expect(runCalls()).toHaveLength(1);
    expect(runCalls()[0]).toMatchObject({ version: 'v1', args: { brightness: 1 } });
    finishJob('j-run-2', { kind: 'run', run: runRecord('j-run-2', { brightness: 1 }, 'v1') });
    await settle();

    const setArg = useRunFormStore.getState().setArg;
    for (const v of ['1.1', '1.2', '1.3', '1.4']) {
      setArg(NAME, 'brightness', v);
      await settle(50);
    }
    expect(runCalls()).toHaveLength(1);
    expect(liveBusy(useLiveTuningStore.getState(), NAME)).toBe(true);
    await settle(LIVE_DELAY_MS);
    expect(runCalls()).toHaveLength(2);
    expect(runCalls()[1]).toMatchObject({ version: 'v1', args: { brightness: 1.4 } });
  });

  it('while a run is in flight, later changes wait as one pending run with the latest values', async () => {
    await warmUp();
    await settle(LIVE_DELAY_MS);
    expect(runCalls()).toHaveLength(1); // j-run-2 in flight
    const setArg = useRunFormStore.getState().setArg;
    setArg(NAME, 'brightness', '2');
    await settle(LIVE_DELAY_MS + 10);
    setArg(NAME, 'brightness', '2.5');
    await settle(LIVE_DELAY_MS + 10);
    setArg(NAME, 'contrast', '0.5');
    await settle(LIVE_DELAY_MS + 10);
    expect(runCalls()).toHaveLength(1); // not piled up
    expect(useLiveTuningStore.getState().byName[NAME]).toMatchObject({ inFlight: true, pending: true });

    finishJob('j-run-2', { kind: 'run', run: runRecord('j-run-2', { brightness: 1 }, 'v1') });
    await settle();
    expect(runCalls()).toHaveLength(2);
    expect(runCalls()[1]).toMatchObject({ version: 'v1', args: { brightness: 2.5, contrast: 0.5 } });
    finishJob('j-run-3', { kind: 'run', run: runRecord('j-run-3', { brightness: 2.5 }, 'v1') });
    await settle(5_000);
    expect(runCalls()).toHaveLength(2);
    expect(liveBusy(useLiveTuningStore.getState(), NAME)).toBe(false);
  });

  it('another version restarts the warm container; off stops it and changes no longer run', async () => {
    await warmUp();
    await settle(LIVE_DELAY_MS);
    finishJob('j-run-2', { kind: 'run', run: runRecord('j-run-2', { brightness: 1 }, 'v1') });
    await settle();

    useRunFormStore.getState().setVersion(NAME, 'v0');
    await settle();
    expect(fake.callsOf('serve.start')).toEqual([
      { name: NAME, gpu: 'auto' },
      { name: NAME, version: 'v0', gpu: 'auto' },
    ]);
    expect(useKeepWarmStore.getState().byName[NAME]?.status).toBe('starting');
    useRunFormStore.getState().setArg(NAME, 'brightness', '0.5'); // not warm while it restarts
    await settle(LIVE_DELAY_MS);
    expect(runCalls()).toHaveLength(1);
    finishJob('j-serve-3', { kind: 'serve', served: served('v0') });
    await settle(LIVE_DELAY_MS);
    expect(runCalls()).toHaveLength(2);
    expect(runCalls()[1]).toMatchObject({ version: 'v0', args: { brightness: 0.5 } });
    finishJob('j-run-4', { kind: 'run', run: runRecord('j-run-4', { brightness: 0.5 }, 'v0') });
    await settle();

    await useKeepWarmStore.getState().disable(NAME);
    expect(fake.callsOf('serve.stop')).toEqual([{ name: NAME }]);
    expect(useKeepWarmStore.getState().byName[NAME]).toMatchObject({ status: 'off', served: null });
    useRunFormStore.getState().setArg(NAME, 'brightness', '0.7');
    await settle(LIVE_DELAY_MS * 3);
    expect(runCalls()).toHaveLength(2);
  });

  it('a serve job that fails shows its error and leaves it off', async () => {
    await useKeepWarmStore.getState().enable(NAME, '');
    fake.emit('j-serve-1', {
      type: 'job.failed',
      error: { code: 'ALGORITHM_FAILED', message: 'the algorithm exited with status 1 before it was ready' },
    });
    useJobsStore.getState().flush();
    expect(useKeepWarmStore.getState().byName[NAME]).toMatchObject({
      status: 'off',
      error: { code: 'ALGORITHM_FAILED' },
    });
    useRunFormStore.getState().setArg(NAME, 'brightness', '2');
    await settle(LIVE_DELAY_MS * 2);
    expect(runCalls()).toEqual([]);
  });
});
