// @vitest-environment jsdom
// Stores: build events become what the build panel shows; other stores re-fetch (debounced)
// after a build; re-fetch after a reconnect.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildJobResult } from '../../../shared/api';
import { useAlgorithmsStore, LIST_REFRESH_DEBOUNCE_MS } from '../../../renderer/src/stores/algorithms';
import { useEngineStore, ENGINE_POLL_MS } from '../../../renderer/src/stores/engine';
import { build } from '../../../renderer/src/stores/flows';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { selectLatestJob, useJobsStore } from '../../../renderer/src/stores/jobs';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useVersionsStore } from '../../../renderer/src/stores/versions';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_DOWN, ENGINE_OK, summary } from './fixtures';

const NAME = 'image-enhance';
const JOB = 'j-build-0001';
let fake: FakeTransport;
let stop: () => void;

const RESULT: BuildJobResult = {
  kind: 'build',
  reused: false,
  durationMs: 4200,
  version: {
    id: 1,
    algorithm: NAME,
    version: '20261123-101500-abc123',
    tag: `kiln/${NAME}:20261123-101500-abc123`,
    imageId: 'sha256:1',
    contentHash: 'sha256:abc123',
    sizeBytes: 1000,
    sourcePath: '/x',
    buildId: 'b1',
    createdAt: '2026-11-23T10:15:00Z',
  },
};

beforeEach(() => {
  fake = new FakeTransport({
    'build.start': () => ({ jobId: JOB }),
    'algorithms.list': () => [summary(NAME, fake.callsOf('algorithms.list').length > 1 ? 1 : 0)],
    'versions.list': () => [RESULT.version],
    'engine.status': () => ENGINE_OK,
  });
  stop = initStores(fake, { load: false });
});

afterEach(() => {
  vi.useRealTimers();
  stop();
  resetStores();
});

async function startBuild(): Promise<void> {
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
  await build(NAME);
}

describe('jobs store', () => {
  it('applies build events (step, cached, log, done) into what the build panel shows', async () => {
    await startBuild();
    expect(fake.subscribes).toEqual([{ jobId: JOB, since: 0 }]);
    const jobs = (): ReturnType<typeof useJobsStore.getState> => useJobsStore.getState();
    expect(selectLatestJob(jobs(), 'build', NAME)?.status).toBe('running');

    fake.emit(JOB, {
      type: 'build.context',
      files: 12,
      bytes: 34_000,
      hashedBytes: 34_000,
      cachedFiles: 10,
      contentHash: 'sha256:abc123',
    });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 1, total: 3, instruction: 'FROM debian:bookworm-slim' });
    fake.emit(JOB, { type: 'build.cached', stage: 'main', index: 1 });
    fake.emit(JOB, {
      type: 'build.step',
      stage: 'main',
      index: 2,
      total: 3,
      instruction: 'RUN apt-get install -y python3',
    });
    fake.emit(JOB, { type: 'build.log', stage: 'main', line: 'Reading package lists...' });
    fake.emit(JOB, { type: 'build.log', stage: 'main', line: 'Setting up python3\nDone' });
    // Queued until the frame: nothing applied yet.
    expect(selectLatestJob(jobs(), 'build', NAME)?.steps).toEqual([]);
    jobs().flush();

    let view = selectLatestJob(jobs(), 'build', NAME)!;
    expect(view.lastSeq).toBe(6);
    expect(view.context).toMatchObject({ files: 12, cachedFiles: 10 });
    expect(view.steps.map((s) => [s.index, s.total, s.cached])).toEqual([
      [1, 3, true],
      [2, 3, false],
    ]);
    expect(view.current).toMatchObject({ index: 2, total: 3, instruction: 'RUN apt-get install -y python3' });
    expect(view.logCount).toBe(3);
    expect(jobs().logs[JOB]?.slice(0, 3)).toEqual(['Reading package lists...', 'Setting up python3', 'Done']);

    // A replayed event (same seq) changes nothing.
    jobs().ingest({
      jobId: JOB,
      seq: 5,
      ts: 0,
      event: { type: 'build.log', stage: 'main', line: 'Reading package lists...' },
    });
    jobs().flush();
    expect(selectLatestJob(jobs(), 'build', NAME)?.logCount).toBe(3);

    fake.emit(JOB, { type: 'build.done', version: RESULT.version.version, tag: RESULT.version.tag, durationMs: 4200 });
    fake.emit(JOB, { type: 'job.done', result: RESULT });
    jobs().flush();
    view = selectLatestJob(jobs(), 'build', NAME)!;
    expect(view.status).toBe('succeeded');
    expect(view.builtVersion).toBe(RESULT.version.version);
    expect(view.endedAt).not.toBeNull();
    expect(fake.listenerCount(JOB)).toBe(0); // unsubscribed once the job ended
  });

  it('keeps the failing step and the error of a failed build', async () => {
    await startBuild();
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 4, total: 9, instruction: 'RUN make' });
    fake.emit(JOB, { type: 'build.log', stage: 'main', line: 'cc: error: no such file' });
    fake.emit(JOB, {
      type: 'job.failed',
      error: {
        code: 'BUILD_FAILED',
        message: 'step 4/9 failed: RUN make',
        hint: 'Fix the command in kiln.yaml build:',
      },
    });
    useJobsStore.getState().flush();
    const view = selectLatestJob(useJobsStore.getState(), 'build', NAME)!;
    expect(view.status).toBe('failed');
    expect(view.current).toMatchObject({ index: 4, instruction: 'RUN make', logStart: 0 });
    expect(view.error).toMatchObject({ code: 'BUILD_FAILED', hint: 'Fix the command in kiln.yaml build:' });
  });

  it('a start error is kept for the panel (message and hint), and no job is tracked', async () => {
    fake.handlers['build.start'] = () => {
      throw new KilnCallError('ENGINE_UNAVAILABLE', 'No engine', 'Start Docker');
    };
    await startBuild();
    expect(selectLatestJob(useJobsStore.getState(), 'build', NAME)).toBeNull();
    expect(useJobsStore.getState().startError[`build:${NAME}`]).toEqual({
      code: 'ENGINE_UNAVAILABLE',
      message: 'No engine',
      hint: 'Start Docker',
      details: null,
    });
  });
});

describe('re-fetching', () => {
  it('the algorithms list (and versions) are re-fetched once, debounced, after build.done', async () => {
    await useAlgorithmsStore.getState().refresh();
    expect(useAlgorithmsStore.getState().list[0]?.versions).toBe(0);
    await startBuild();
    vi.useFakeTimers();
    fake.emit(JOB, { type: 'build.done', version: RESULT.version.version, tag: RESULT.version.tag, durationMs: 4200 });
    fake.emit(JOB, { type: 'job.done', result: RESULT });
    useJobsStore.getState().flush();
    expect(fake.callsOf('algorithms.list')).toHaveLength(1); // debounced: not yet
    await vi.advanceTimersByTimeAsync(LIST_REFRESH_DEBOUNCE_MS + 10);
    expect(fake.callsOf('algorithms.list')).toHaveLength(2); // build.done and job.done: one fetch
    expect(fake.callsOf('versions.list')).toEqual([{ name: NAME }]);
    expect(useAlgorithmsStore.getState().list[0]?.versions).toBe(1);
    expect(useVersionsStore.getState().byName[NAME]?.list[0]?.version).toBe(RESULT.version.version);
  });

  it('after a reconnect the stores re-fetch what they show', async () => {
    vi.useFakeTimers();
    fake.setStatus('reconnecting');
    expect(useEngineStore.getState().connection).toBe('reconnecting');
    fake.setStatus('connected');
    await vi.advanceTimersByTimeAsync(LIST_REFRESH_DEBOUNCE_MS + 10);
    expect(fake.callsOf('engine.status')).toHaveLength(1);
    expect(fake.callsOf('algorithms.list')).toHaveLength(1);
  });

  it('polls engine.status every 5 s while the engine is unreachable, and stops once it answers', async () => {
    vi.useFakeTimers();
    let down = true;
    fake.handlers['engine.status'] = () => (down ? ENGINE_DOWN : ENGINE_OK);
    await useEngineStore.getState().refresh();
    expect(fake.callsOf('engine.status')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(ENGINE_POLL_MS);
    expect(fake.callsOf('engine.status')).toEqual([{}, { refresh: true }]);
    down = false;
    await vi.advanceTimersByTimeAsync(ENGINE_POLL_MS);
    expect(fake.callsOf('engine.status')).toHaveLength(3);
    expect(useEngineStore.getState().status?.reachable).toBe(true);
    await vi.advanceTimersByTimeAsync(ENGINE_POLL_MS * 3);
    expect(fake.callsOf('engine.status')).toHaveLength(3);
  });
});
