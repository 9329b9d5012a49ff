// @vitest-environment jsdom
// A failed run's stored error (catalog schema 3 keeps its message id and parameters) is shown in
// the UI's language in the run history and the run's error box; a record from before schema 3
// (no id) shows the English text it was stored with.
import { act, cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/records';
import { RunError } from '../../../renderer/src/components/run/run-error';
import { RunsHistory } from '../../../renderer/src/components/run/runs-history';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useRunsStore } from '../../../renderer/src/stores/runs';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK } from './fixtures';

const NAME = 'image-enhance';

function failedRun(id: string, p: Partial<RunRecord>): RunRecord {
  return {
    id,
    algorithm: NAME,
    version: '20261201-100000-aaaaaa',
    status: 'failed',
    args: {},
    inputs: [],
    outputs: null,
    outDir: `/kiln/outputs/${id}`,
    gpu: 'none',
    errorCode: 3002,
    errorMessage: 'the algorithm failed with error 3002: bad pixels',
    errorMessageId: 'run.algorithmFailed',
    errorParams: { code: 3002, detail: 'bad pixels', log: '/kiln/logs/r.log' },
    stderrTail: null,
    logPath: null,
    timings: { total: 10 },
    containerId: null,
    warm: false,
    startedAt: '2026-12-02T10:00:01.000Z',
    finishedAt: '2026-12-02T10:00:02.000Z',
    ...p,
  };
}

const WITH_ID = failedRun('r20261202-100002-bbbbbb', { startedAt: '2026-12-02T10:00:02.000Z' });
const OLD = failedRun('r20261202-100001-aaaaaa', {
  errorMessage: 'the process that owned it stopped before it finished',
  errorMessageId: null,
  errorParams: null,
  errorCode: null,
  status: 'aborted',
});

let stop: () => void;
beforeEach(() => {
  stop = initStores(new FakeTransport({}), { load: false });
  useSettingsStore.setState({ language: 'zh-CN' });
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
  useRunsStore.setState({ byName: { [NAME]: { list: [WITH_ID, OLD], loaded: true, loading: false, error: null } } });
});
afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

const statusTitle = (id: string): string | null =>
  screen
    .getByTestId('runs-history')
    .querySelector(`[data-run-id="${id}"] [data-testid="run-status-cell"]`)!
    .getAttribute('title');

describe('stored run errors', () => {
  it('are in Chinese in the history row and the error box when the record has a message id', () => {
    render(createElement(RunsHistory, { name: NAME }));
    expect(statusTitle(WITH_ID.id)).toBe('算法出错，错误码 3002：bad pixels');
    act(() => useSettingsStore.setState({ language: 'en' }));
    expect(statusTitle(WITH_ID.id)).toBe('the algorithm failed with error 3002: bad pixels');
    cleanup();

    act(() => useSettingsStore.setState({ language: 'zh-CN' }));
    render(createElement(RunError, { record: WITH_ID }));
    const box = screen.getByTestId('run-error');
    expect(box.querySelector('.error-message')!.textContent).toBe('算法出错，错误码 3002：bad pixels');
    expect(box.querySelector('.error-hint')!.textContent).toContain('运行日志：/kiln/logs/r.log');
  });

  it('show the stored English text for records from before the message id was kept', () => {
    render(createElement(RunsHistory, { name: NAME }));
    expect(statusTitle(OLD.id)).toBe('the process that owned it stopped before it finished');
    cleanup();
    render(createElement(RunError, { record: OLD }));
    expect(screen.getByTestId('run-error').querySelector('.error-message')!.textContent).toBe(
      'the process that owned it stopped before it finished',
    );
  });
});
