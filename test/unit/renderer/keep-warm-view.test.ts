// @vitest-environment jsdom
// The Run screen with Keep warm: the switch starts a serve job and says when it is warm (setup
// once); while a live re-run is in flight the previous outputs stay in place, marked as
// updating; the status and log collapse.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServedInfo } from '../../../shared/api';
import type { RunRecord } from '../../../shared/records';
import { KeepWarmToggle } from '../../../renderer/src/components/run/keep-warm-toggle';
import { RunOutputs } from '../../../renderer/src/components/run/run-outputs';
import { RunProgress } from '../../../renderer/src/components/run/run-progress';
import { en } from '../../../renderer/src/i18n/en';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useJobsStore } from '../../../renderer/src/stores/jobs';
import { useKeepWarmStore } from '../../../renderer/src/stores/keep-warm';
import { useRunFormStore } from '../../../renderer/src/stores/run-form';
import { useRunsStore } from '../../../renderer/src/stores/runs';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK } from './fixtures';

const NAME = 'image-enhance';
let fake: FakeTransport;
let stop: () => void;

const SERVED: ServedInfo = {
  algorithm: NAME,
  version: '20261202-100000-abc',
  url: 'http://127.0.0.1:40000',
  containerId: 'c1',
  setupMs: 1500,
  startedAt: '2026-12-02T10:00:00Z',
  logPath: '/k/logs/serve/s1.log',
};

const RUN: RunRecord = {
  id: 'r20261202-100001-aaaaaa',
  algorithm: NAME,
  version: SERVED.version,
  status: 'succeeded',
  args: { brightness: 1 },
  inputs: [{ key: 'image', path: '/uploads/a.png', sha256: 'x' }],
  outputs: [{ key: 'stats', path: '/k/outputs/r1/stats.json', sha256: 'y', size: 20 }],
  outDir: '/k/outputs/r1',
  gpu: 'as served',
  errorCode: null,
  errorMessage: null,
  errorMessageId: null,
  errorParams: null,
  stderrTail: null,
  logPath: null,
  timings: { total: 12 },
  containerId: 'c1',
  warm: true,
  startedAt: '2026-12-02T10:00:01Z',
  finishedAt: '2026-12-02T10:00:02Z',
};

beforeEach(() => {
  fake = new FakeTransport({
    'serve.start': () => ({ jobId: 'j-serve-0001' }),
    'serve.stop': () => ({ stopped: true }),
    'run.start': () => ({ jobId: 'j-run-0002' }),
    'runs.list': () => [RUN],
  });
  stop = initStores(fake, { load: false });
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

const flush = (): void => act(() => useJobsStore.getState().flush());

describe('Keep warm on the Run screen', () => {
  it('the switch serves the version and says it is warm, with the setup that ran once', async () => {
    const form = useRunFormStore.getState().forms[NAME]!;
    render(createElement(KeepWarmToggle, { name: NAME, form, disabled: false }));
    const panel = screen.getByTestId('keep-warm');
    expect(panel.dataset['state']).toBe('off');
    expect(panel.textContent).toContain(en['warm.about']);
    await act(async () => {
      fireEvent.click(screen.getByTestId('keep-warm-toggle'));
    });
    expect(fake.callsOf('serve.start')).toEqual([{ name: NAME, gpu: 'auto' }]);
    expect(panel.dataset['state']).toBe('starting');
    expect(panel.textContent).toContain(en['warm.starting']);

    fake.emit('j-serve-0001', { type: 'job.done', result: { kind: 'serve', served: SERVED } });
    flush();
    expect(panel.dataset['state']).toBe('on');
    expect(panel.textContent).toContain(en['warm.on'].replace('{version}', SERVED.version));
    expect(panel.textContent).toContain(en['warm.setup'].replace('{ms}', '1.5 s'));
    expect(screen.getByTestId<HTMLInputElement>('keep-warm-toggle').checked).toBe(true);

    await act(async () => {
      fireEvent.click(screen.getByTestId('keep-warm-toggle'));
    });
    expect(fake.callsOf('serve.stop')).toEqual([{ name: NAME }]);
    expect(panel.dataset['state']).toBe('off');
  });

  it('a failed start shows the error and the setup output', async () => {
    const form = useRunFormStore.getState().forms[NAME]!;
    render(createElement(KeepWarmToggle, { name: NAME, form, disabled: false }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('keep-warm-toggle'));
    });
    fake.emit('j-serve-0001', { type: 'run.log', line: 'Traceback (most recent call last):' });
    fake.emit('j-serve-0001', {
      type: 'job.failed',
      error: {
        code: 'ALGORITHM_FAILED',
        message: 'the algorithm exited with status 1 before it was ready (setup failed)',
      },
    });
    flush();
    const panel = screen.getByTestId('keep-warm');
    expect(panel.dataset['state']).toBe('off');
    expect(screen.getByTestId('keep-warm-error').textContent).toContain('before it was ready (setup failed)');
    expect(panel.querySelector('[data-testid="log-view"]')).toBeTruthy();
    expect(screen.getByTestId<HTMLInputElement>('keep-warm-toggle').checked).toBe(false);
  });

  it('keeps the previous outputs in place while a live re-run is in flight; status and log collapse', async () => {
    await act(async () => {
      await useRunsStore.getState().refresh(NAME);
    });
    render(
      createElement('div', null, createElement(RunOutputs, { name: NAME }), createElement(RunProgress, { name: NAME })),
    );
    const outputs = screen.getByTestId('run-outputs');
    expect(outputs.dataset['runId']).toBe(RUN.id);

    // Warm, then a run starts: the last result stays, marked as updating.
    await act(async () => {
      await turnWarmOn();
    });
    await act(async () => {
      await useJobsStore
        .getState()
        .startRun({ name: NAME, version: SERVED.version, inputs: {}, args: {}, gpu: 'auto' });
    });
    expect(outputs.dataset['runId']).toBe(RUN.id);
    expect(outputs.dataset['updating']).toBe('true');
    expect(outputs.textContent).toContain(en['outputs.updating']);
    expect(outputs.textContent).not.toContain(en['outputs.none']);

    fake.emit('j-run-0002', { type: 'run.log', line: 'warming' });
    flush();
    const toggle = screen.getByTestId('run-details-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('log-view')).toBeTruthy();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('log-view')).toBeNull();
    expect(screen.getByTestId('run-status')).toBeTruthy(); // the status line stays
  });
});

/** Keep warm on, as the switch does, with the serve job done. */
async function turnWarmOn(): Promise<void> {
  await useKeepWarmStore.getState().enable(NAME, '');
  fake.emit('j-serve-0001', { type: 'job.done', result: { kind: 'serve', served: SERVED } });
  useJobsStore.getState().flush();
  expect(useKeepWarmStore.getState().byName[NAME]?.status).toBe('on');
}
