// @vitest-environment jsdom
// The run history: start time to the second, input names and lazy thumbnails from recorded
// paths, every arg behind "+n more", filters by status, version and an arg's value, sorting,
// and delete (runs.delete) with its confirmation, in English and Chinese.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../shared/records';
import { RunsHistory } from '../../../renderer/src/components/run/runs-history';
import { argMatches, DEFAULT_VIEW, viewRuns } from '../../../renderer/src/lib/run-history';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useRunFormStore } from '../../../renderer/src/stores/run-form';
import { useRunsStore } from '../../../renderer/src/stores/runs';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK, ENHANCE_FORM } from './fixtures';

const NAME = 'image-enhance';

function run(id: string, p: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    algorithm: NAME,
    version: '20261201-100000-aaaaaa',
    status: 'succeeded',
    args: { brightness: 1, contrast: 1, sharpen: false, mode: 'rgb' },
    inputs: [{ key: 'image', path: `/kiln/uploads/${id}/photo.png`, sha256: 'x' }],
    outputs: [
      { key: 'image', path: `/kiln/outputs/${id}/image.png`, sha256: 'y', size: 10 },
      { key: 'stats', path: `/kiln/outputs/${id}/stats.json`, sha256: 'z', size: 2 },
    ],
    outDir: `/kiln/outputs/${id}`,
    gpu: 'none',
    errorCode: null,
    errorMessage: null,
    errorMessageId: null,
    errorParams: null,
    stderrTail: null,
    logPath: null,
    timings: { total: 1200 },
    containerId: null,
    warm: false,
    startedAt: '2026-12-02T10:00:00.000Z',
    finishedAt: '2026-12-02T10:00:01.200Z',
    ...p,
  };
}

const RUNS: RunRecord[] = [
  run('r20261202-100007-cccccc', {
    startedAt: '2026-12-02T10:00:07.000Z',
    args: { brightness: 2.5, contrast: 1, sharpen: true, mode: 'gray' },
    timings: { total: 300 },
    version: '20261202-090000-bbbbbb',
  }),
  run('r20261202-100003-bbbbbb', {
    startedAt: '2026-12-02T10:00:03.000Z',
    status: 'failed',
    errorCode: 3002,
    outputs: null,
    args: { brightness: 0.5, contrast: 1, sharpen: false, mode: 'rgb' },
    timings: { total: 5000 },
  }),
  run('r20261202-100001-aaaaaa', { startedAt: '2026-12-02T10:00:01.000Z' }),
];

let fake: FakeTransport;
let stop: () => void;

beforeEach(() => {
  fake = new FakeTransport({
    'runs.delete': ({ id }) => ({
      id,
      removed: [`/kiln/outputs/${id}/image.png`, `/kiln/uploads/${id}/photo.png`],
      kept: [],
    }),
  });
  stop = initStores(fake, { load: false });
  useSettingsStore.setState({ language: 'en' });
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
  useRunsStore.setState({ byName: { [NAME]: { list: RUNS, loaded: true, loading: false, error: null } } });
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

const rowIds = (): string[] =>
  [...screen.getByTestId('runs-history').querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-run-id')!);

describe('run history', () => {
  it('shows the start time to the second, input names with lazy thumbnails, and every arg on demand', () => {
    render(createElement(RunsHistory, { name: NAME }));
    const row = screen.getByTestId('runs-history').querySelector('[data-run-id="r20261202-100001-aaaaaa"]')!;
    const time = row.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe('2026-12-02T10:00:01.000Z');
    expect(time.textContent).toMatch(/:\d\d:\d\d/); // seconds shown
    const inputs = within(row as HTMLElement).getByTestId('run-inputs');
    expect(inputs.textContent).toContain('image: photo.png');
    const inputThumb = inputs.querySelector('img')!;
    expect(inputThumb.getAttribute('src')).toBe('/api/runs/r20261202-100001-aaaaaa/inputs/image');
    expect(inputThumb.getAttribute('loading')).toBe('lazy');
    // Image outputs get a thumbnail; the JSON output does not.
    const outs = [
      ...within(row as HTMLElement)
        .getByTestId('run-output-thumbs')
        .querySelectorAll('img'),
    ];
    expect(outs.map((i) => i.getAttribute('src'))).toEqual(['/api/runs/r20261202-100001-aaaaaa/outputs/image']);
    // Four args: three shown, the fourth behind "+1 more".
    const args = within(row as HTMLElement).getByTestId('run-args');
    expect(args.querySelectorAll('li')).toHaveLength(3);
    const toggle = within(args).getByTestId('run-args-toggle');
    expect(toggle.textContent).toBe('+1 more');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect([...args.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'brightness=1',
      'contrast=1',
      'sharpen=false',
      'mode=rgb',
    ]);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  });

  it('filters by status, version and an arg value, and sorts by time, duration or an arg', () => {
    render(createElement(RunsHistory, { name: NAME }));
    expect(rowIds()).toEqual(['r20261202-100007-cccccc', 'r20261202-100003-bbbbbb', 'r20261202-100001-aaaaaa']);

    fireEvent.change(screen.getByTestId('history-status'), { target: { value: 'failed' } });
    expect(rowIds()).toEqual(['r20261202-100003-bbbbbb']);
    expect(screen.getByTestId('history-count').textContent).toBe('1 of 3 runs');
    fireEvent.change(screen.getByTestId('history-status'), { target: { value: '' } });

    fireEvent.change(screen.getByTestId('history-version'), { target: { value: '20261202-090000-bbbbbb' } });
    expect(rowIds()).toEqual(['r20261202-100007-cccccc']);
    fireEvent.change(screen.getByTestId('history-version'), { target: { value: '' } });

    fireEvent.change(screen.getByTestId('history-arg'), { target: { value: 'brightness' } });
    fireEvent.change(screen.getByTestId('history-arg-value'), { target: { value: '>=1' } });
    expect(rowIds()).toEqual(['r20261202-100007-cccccc', 'r20261202-100001-aaaaaa']);
    fireEvent.change(screen.getByTestId('history-arg'), { target: { value: 'mode' } });
    fireEvent.change(screen.getByTestId('history-arg-value'), { target: { value: 'GRA' } });
    expect(rowIds()).toEqual(['r20261202-100007-cccccc']);
    fireEvent.change(screen.getByTestId('history-arg-value'), { target: { value: 'nothing' } });
    expect(rowIds()).toEqual([]);
    expect(screen.getByText('No run matches these filters.')).toBeTruthy();
    fireEvent.click(screen.getByText('Clear filters'));
    expect(rowIds()).toHaveLength(3);

    fireEvent.change(screen.getByTestId('history-sort'), { target: { value: 'duration' } });
    expect(rowIds()).toEqual(['r20261202-100003-bbbbbb', 'r20261202-100001-aaaaaa', 'r20261202-100007-cccccc']);
    fireEvent.click(screen.getByTestId('history-order'));
    expect(rowIds()).toEqual(['r20261202-100007-cccccc', 'r20261202-100001-aaaaaa', 'r20261202-100003-bbbbbb']);
    fireEvent.change(screen.getByTestId('history-sort'), { target: { value: 'arg:brightness' } });
    expect(rowIds()).toEqual(['r20261202-100003-bbbbbb', 'r20261202-100001-aaaaaa', 'r20261202-100007-cccccc']);
  });

  it('deletes a run after a confirmation, drops it from the list and the form, and says so', async () => {
    useRunFormStore.getState().ensure(NAME, ENHANCE_FORM);
    useRunFormStore
      .getState()
      .setInputPath(NAME, 'image', '/kiln/uploads/r20261202-100001-aaaaaa/photo.png', 'photo.png');
    useRunsStore.getState().select(NAME, 'r20261202-100001-aaaaaa');
    render(createElement(RunsHistory, { name: NAME }));
    const row = screen.getByTestId('runs-history').querySelector('[data-run-id="r20261202-100001-aaaaaa"]')!;
    fireEvent.click(within(row as HTMLElement).getByTestId('run-delete'));
    expect(fake.callsOf('runs.delete')).toEqual([]); // nothing before the confirmation
    await act(async () => {
      fireEvent.click(within(row as HTMLElement).getByTestId('run-delete-confirm'));
    });
    expect(fake.callsOf('runs.delete')).toEqual([{ id: 'r20261202-100001-aaaaaa' }]);
    expect(rowIds()).toEqual(['r20261202-100007-cccccc', 'r20261202-100003-bbbbbb']);
    expect(useRunsStore.getState().selected[NAME]).toBeNull();
    expect(useRunFormStore.getState().forms[NAME]?.inputs['image']?.path).toBeNull();
    expect(screen.getByTestId('history-notice').textContent).toBe(
      'Deleted run r20261202-100001-aaaaaa and its outputs.',
    );
  });

  it('shows a refused delete as an error, keeps the run, and speaks Chinese', async () => {
    fake.handlers['runs.delete'] = () => {
      throw KilnCallError.fromEnvelope({
        code: 'BAD_ARGUMENT',
        message: 'run r20261202-100001-aaaaaa is still running',
        hint: 'Cancel it first, or wait until it ends.',
        messageId: 'history.stillRunning',
        params: { id: 'r20261202-100001-aaaaaa' },
      });
    };
    await act(async () => {
      await useSettingsStore.getState().setLanguage('zh-CN');
    });
    render(createElement(RunsHistory, { name: NAME }));
    expect(screen.getByText('排序')).toBeTruthy();
    const row = screen.getByTestId('runs-history').querySelector('[data-run-id="r20261202-100001-aaaaaa"]')!;
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: /删除/ }));
    await act(async () => {
      fireEvent.click(within(row as HTMLElement).getByTestId('run-delete-confirm'));
    });
    expect(rowIds()).toHaveLength(3);
    const box = screen.getByTestId('run-delete-error').textContent ?? '';
    expect(box).toContain('无法删除这次运行');
    expect(box).toContain('运行 r20261202-100001-aaaaaa 仍在进行中');
    expect(box).not.toMatch(/still running/);
  });
});

describe('run history rules', () => {
  it('matches numbers by comparison, strings by a part, booleans exactly', () => {
    expect(argMatches(1.5, '1.5')).toBe(true);
    expect(argMatches(1.5, '>1')).toBe(true);
    expect(argMatches(1.5, '<1')).toBe(false);
    expect(argMatches(2, '<=2')).toBe(true);
    expect(argMatches('Gray', 'ra')).toBe(true);
    expect(argMatches(true, 'true')).toBe(true);
    expect(argMatches(true, 'false')).toBe(false);
    expect(argMatches(undefined, '1')).toBe(false);
    expect(argMatches(undefined, '')).toBe(true);
  });

  it('keeps runs without the sorted arg last in either direction', () => {
    const list = [run('a', { args: {} }), run('b', { args: { x: 2 } }), run('c', { args: { x: 1 } })];
    expect(viewRuns(list, { ...DEFAULT_VIEW, sort: 'arg:x', descending: false }).map((r) => r.id)).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(viewRuns(list, { ...DEFAULT_VIEW, sort: 'arg:x', descending: true }).map((r) => r.id)).toEqual([
      'b',
      'c',
      'a',
    ]);
  });
});
