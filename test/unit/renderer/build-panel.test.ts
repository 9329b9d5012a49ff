// @vitest-environment jsdom
// The build panel renders what the jobs store holds: disabled Build with its reason, Step n/m
// with cached steps marked, "up to date" for a reused version, the failing step with output.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildJobResult } from '../../../shared/api';
import { BuildPanel } from '../../../renderer/src/components/build/build-panel';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useJobsStore } from '../../../renderer/src/stores/jobs';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_DOWN, ENGINE_OK } from './fixtures';

const NAME = 'image-enhance';
const JOB = 'j-build-0042';
let fake: FakeTransport;
let stop: () => void;

beforeEach(() => {
  fake = new FakeTransport({ 'build.start': () => ({ jobId: JOB }), 'jobs.cancel': () => ({ cancelled: true }) });
  stop = initStores(fake, { load: false });
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

const build = (): HTMLButtonElement => screen.getByTestId<HTMLButtonElement>('build');
const flush = (): void => act(() => useJobsStore.getState().flush());

describe('build panel', () => {
  it('disables Build with the reason while the engine is unreachable or kiln.yaml has problems', () => {
    useEngineStore.setState({ status: ENGINE_DOWN });
    render(createElement(BuildPanel, { name: NAME }));
    expect(build().disabled).toBe(true);
    expect(screen.getByText('The container engine is not reachable (see the status bar).')).toBeTruthy();
    act(() => {
      useEngineStore.setState({ status: ENGINE_OK });
      useAlgorithmDetailStore.setState((s) => ({
        docs: {
          ...s.docs,
          [NAME]: {
            ...s.docs[NAME]!,
            problems: [
              {
                file: 'kiln.yaml',
                line: 1,
                column: 1,
                path: 'nmae',
                message: 'unknown key "nmae"',
                suggestion: 'name',
              },
            ],
          },
        },
      }));
    });
    expect(build().disabled).toBe(true);
    expect(screen.getByText('kiln.yaml has problems (1): fix them in the Manifest tab first.')).toBeTruthy();
  });

  it('shows Step n/m, cached steps, the log, and Cancel while building; then "up to date" for a reused version', async () => {
    render(createElement(BuildPanel, { name: NAME }));
    await act(async () => {
      fireEvent.click(build());
    });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 1, total: 3, instruction: 'FROM debian:bookworm-slim' });
    fake.emit(JOB, { type: 'build.cached', stage: 'main', index: 1 });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 2, total: 3, instruction: 'COPY . /kiln/code' });
    fake.emit(JOB, { type: 'build.log', stage: 'main', line: 'copying 12 files' });
    flush();
    const status = screen.getByTestId('build-status');
    expect(status.dataset['state']).toBe('running');
    expect(status.textContent).toContain('Step 2/3 (code image)');
    const steps = screen.getByTestId('build-steps').querySelectorAll('li');
    expect([...steps].map((li) => li.dataset['state'])).toEqual(['cached', 'current']);
    expect(screen.getByText('cached')).toBeTruthy();
    expect(screen.getByTestId('log-view').dataset['lineCount']).toBe('1');
    expect(build().disabled).toBe(true);

    await act(async () => {
      fireEvent.click(screen.getByTestId('cancel-build'));
    });
    expect(fake.callsOf('jobs.cancel')).toEqual([{ jobId: JOB }]);

    const result: BuildJobResult = {
      kind: 'build',
      reused: true,
      durationMs: 80,
      version: {
        id: 3,
        algorithm: NAME,
        version: '20261123-0900-abc',
        tag: 't',
        imageId: 'i',
        contentHash: 'sha256:abc',
        sizeBytes: 1,
        sourcePath: '/',
        buildId: null,
        createdAt: '2026-11-23T09:00:00Z',
      },
    };
    fake.emit(JOB, { type: 'job.done', result });
    flush();
    expect(screen.getByTestId('build-status').dataset['state']).toBe('succeeded');
    expect(screen.getByTestId('build-status').textContent).toContain('Up to date: version 20261123-0900-abc');
    expect(build().disabled).toBe(false);
  });

  it("shows the failing step, the error message and hint, and that step's output", async () => {
    render(createElement(BuildPanel, { name: NAME }));
    await act(async () => {
      fireEvent.click(build());
    });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 1, total: 2, instruction: 'FROM debian:bookworm-slim' });
    fake.emit(JOB, { type: 'build.log', stage: 'main', line: 'pulling' });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 2, total: 2, instruction: 'RUN make -C src' });
    fake.emit(JOB, { type: 'build.log', stage: 'main', line: 'make: *** No rule to make target' });
    fake.emit(JOB, {
      type: 'job.failed',
      error: { code: 'BUILD_FAILED', message: 'step 2/2 failed (exit 2)', hint: 'Fix the build command in kiln.yaml' },
    });
    flush();
    expect(screen.getByTestId('build-status').textContent).toContain('Build failed at step 2/2');
    const failure = screen.getByTestId('build-failure');
    expect(failure.textContent).toContain('RUN make -C src');
    expect(failure.textContent).toContain('step 2/2 failed (exit 2)');
    expect(failure.textContent).toContain('Fix the build command in kiln.yaml');
    expect(failure.querySelector('pre')?.textContent).toBe('make: *** No rule to make target');
    expect(failure.textContent).not.toMatch(/at \S+ \(.*:\d+:\d+\)/); // no stack frames
  });
});
