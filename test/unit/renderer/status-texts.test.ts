// @vitest-environment jsdom
// The app's status texts agree with each other: a listed version is never "not built", a failed
// build shows as failed in the sidebar (not behind an older run's "succeeded"), cached steps are
// ticked like built ones, and an up-to-date build shows no empty "No output yet" log.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildJobResult, VersionSummary } from '../../../shared/api';
import { BuildPanel } from '../../../renderer/src/components/build/build-panel';
import { AlgorithmBadge } from '../../../renderer/src/components/sidebar/algorithm-badge';
import { en } from '../../../renderer/src/i18n/en';
import { buildIdleText, showJobLog, sidebarBadge } from '../../../renderer/src/lib/status-texts';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useJobsStore } from '../../../renderer/src/stores/jobs';
import { useVersionsStore } from '../../../renderer/src/stores/versions';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK, summary } from './fixtures';

const NAME = 'image-enhance';
const JOB = 'j-build-0077';
let fake: FakeTransport;
let stop: () => void;

const VERSION: VersionSummary = {
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
};

beforeEach(() => {
  fake = new FakeTransport({ 'build.start': () => ({ jobId: JOB }), 'versions.list': () => [VERSION] });
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

describe('status texts (pure)', () => {
  it('says the latest version before a build of this session, "not built" only without one', () => {
    expect(buildIdleText('v1')).toEqual({ key: 'build.idleBuilt', params: { version: 'v1' } });
    expect(buildIdleText(null)).toEqual({ key: 'build.idle' });
    expect(en['build.idle']).not.toContain('session');
  });

  it('a failed newest build wins over the last run; a build of this session counts at once', () => {
    expect(sidebarBadge({ lastRunStatus: 'succeeded', lastBuildStatus: 'failed' })?.label.key).toBe(
      'sidebar.buildFailed',
    );
    expect(sidebarBadge({ lastRunStatus: 'succeeded', lastBuildStatus: 'succeeded' })).toMatchObject({
      status: 'succeeded',
      label: { key: 'status.succeeded' },
      about: { key: 'sidebar.lastRunAbout' },
    });
    expect(sidebarBadge({ lastRunStatus: null, lastBuildStatus: 'reused' })).toBeNull();
    const failedNow = { status: 'failed' as const } as Parameters<typeof sidebarBadge>[1];
    expect(sidebarBadge({ lastRunStatus: 'succeeded', lastBuildStatus: 'succeeded' }, failedNow)?.status).toBe(
      'failed',
    );
    const fixedNow = { status: 'succeeded' as const } as Parameters<typeof sidebarBadge>[1];
    expect(sidebarBadge({ lastRunStatus: 'succeeded', lastBuildStatus: 'failed' }, fixedNow)?.status).toBe('succeeded');
  });

  it('shows a job log while it runs or when it printed something', () => {
    expect(showJobLog({ status: 'running', logCount: 0 })).toBe(true);
    expect(showJobLog({ status: 'succeeded', logCount: 0 })).toBe(false);
    expect(showJobLog({ status: 'failed', logCount: 3 })).toBe(true);
  });
});

describe('status texts (rendered)', () => {
  it('the Build tab names the listed version instead of "not built"', async () => {
    await act(async () => {
      await useVersionsStore.getState().refresh(NAME);
    });
    render(createElement(BuildPanel, { name: NAME }));
    const status = screen.getByTestId('build-status');
    expect(status.dataset['state']).toBe('idle');
    expect(status.textContent).toBe(en['build.idleBuilt'].replace('{version}', VERSION.version));
    expect(status.textContent).not.toMatch(/not built/i);
  });

  it('ticks cached steps like built ones, and an up-to-date build shows no empty log', async () => {
    render(createElement(BuildPanel, { name: NAME }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('build'));
    });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 1, total: 3, instruction: 'FROM debian:bookworm-slim' });
    fake.emit(JOB, { type: 'build.cached', stage: 'main', index: 1 });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 2, total: 3, instruction: 'RUN apt-get install' });
    fake.emit(JOB, { type: 'build.cached', stage: 'main', index: 2 });
    fake.emit(JOB, { type: 'build.step', stage: 'main', index: 3, total: 3, instruction: 'COPY . /kiln/code' });
    flush();
    const items = [...screen.getByTestId('build-steps').querySelectorAll('li')];
    expect(items.map((li) => [li.dataset['state'], !!li.querySelector('[data-testid="step-tick"]')])).toEqual([
      ['cached', true],
      ['cached', true],
      ['current', false],
    ]);
    expect(screen.getByTestId('log-view')).toBeTruthy(); // running: the log is there, waiting for lines

    const result: BuildJobResult = { kind: 'build', reused: true, durationMs: 80, version: VERSION };
    fake.emit(JOB, { type: 'job.done', result });
    flush();
    expect(screen.getByTestId('build-status').textContent).toContain(`Up to date: version ${VERSION.version}`);
    expect(screen.queryByTestId('log-view')).toBeNull();
    expect(screen.queryByText(en['log.empty'])).toBeNull();
  });

  it('the sidebar badge says "build failed" after a failed build, though the last run succeeded', async () => {
    const a = { ...summary(NAME, 1), lastRunStatus: 'succeeded' as const, lastBuildStatus: 'succeeded' as const };
    render(createElement(AlgorithmBadge, { algorithm: a }));
    expect(screen.getByTestId(`algorithm-badge-${NAME}`).textContent).toBe(en['status.succeeded']);
    await act(async () => {
      await useJobsStore.getState().startBuild(NAME);
    });
    fake.emit(JOB, { type: 'job.failed', error: { code: 'BUILD_FAILED', message: 'step 2/3 failed (exit 100)' } });
    flush();
    const badge = screen.getByTestId(`algorithm-badge-${NAME}`);
    expect(badge.textContent).toBe(en['sidebar.buildFailed']);
    expect(badge.dataset['state']).toBe('failed');
    expect(badge.title).toBe(en['sidebar.buildFailedAbout']);
  });
});
