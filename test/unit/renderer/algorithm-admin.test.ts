// @vitest-environment jsdom
// Managing algorithms in the app: remove (asked first, images optional) and rename from the
// sidebar, a folder that disappeared shown as "folder not found" (sidebar and view), and a
// version whose image was removed behind Kiln's back shown as missing with Rebuild.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement, Fragment } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlgorithmSummary, VersionSummary } from '../../../shared/api';
import { AlgorithmView } from '../../../renderer/src/components/algorithm/algorithm-view';
import { VersionsTable } from '../../../renderer/src/components/build/versions-table';
import { DialogHost } from '../../../renderer/src/components/dialogs/dialog-host';
import { AlgorithmList } from '../../../renderer/src/components/sidebar/algorithm-list';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useAlgorithmsStore } from '../../../renderer/src/stores/algorithms';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { useVersionsStore } from '../../../renderer/src/stores/versions';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import { formatMessage } from '../../../shared/messages/index';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK, summary } from './fixtures';

let fake: FakeTransport;
let stop: () => void;
let algorithms: AlgorithmSummary[];

const GONE: AlgorithmSummary = {
  ...summary('moved-away', 2),
  problem: 'folder not found',
  problemKind: 'folder-not-found',
};

beforeEach(async () => {
  algorithms = [summary('image-enhance', 1), GONE];
  fake = new FakeTransport({
    'algorithms.list': () => algorithms,
    'algorithms.remove': (input) => {
      algorithms = algorithms.filter((a) => a.name !== input.name);
      return { removed: true };
    },
    'algorithms.rename': (input) => {
      algorithms = algorithms.map((a) => (a.name === input.name ? { ...a, name: input.to } : a));
      return detail(input.to);
    },
    'algorithms.get': (input) => {
      if (input.name === GONE.name) throw folderGone();
      return detail(input.name);
    },
    'versions.list': () => [],
    'runs.list': () => [],
    'jobs.list': () => [],
    'serve.status': () => ({ served: null }),
    'build.start': () => ({ jobId: 'j-build-0001' }),
  });
  stop = initStores(fake, { load: false });
  useSettingsStore.setState({ language: 'en' });
  useEngineStore.setState({ status: ENGINE_OK });
  await useAlgorithmsStore.getState().refresh();
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

function folderGone(): KilnCallError {
  const params = { name: GONE.name, path: GONE.path };
  const text = formatMessage('algorithms.folderNotFound', params, 'en');
  const err = new KilnCallError('NOT_FOUND', text.message, text.hint, { folder: GONE.path });
  err.messageId = 'algorithms.folderNotFound';
  err.params = params;
  return err;
}

const sidebar = (): ReturnType<typeof render> =>
  render(createElement(Fragment, null, createElement(AlgorithmList), createElement(DialogHost)));

describe('removing an algorithm from the sidebar', () => {
  it('asks first, saying the folder stays; confirming removes it (images only when asked) and deselects it', async () => {
    act(() => useUiStore.getState().select('image-enhance'));
    sidebar();
    fireEvent.click(screen.getByTestId('remove-image-enhance'));
    const dialog = screen.getByTestId('remove-dialog');
    expect(dialog.textContent).toContain('Remove image-enhance from Kiln?');
    expect(dialog.textContent).toContain('The folder stays on disk: /work/algos/image-enhance');
    expect(fake.callsOf('algorithms.remove')).toEqual([]);

    fireEvent.click(screen.getByTestId('remove-images'));
    fireEvent.click(screen.getByTestId('remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('algorithm-item-image-enhance')).toBeNull());
    expect(fake.callsOf('algorithms.remove')).toEqual([{ name: 'image-enhance', removeImages: true }]);
    expect(screen.queryByTestId('remove-dialog')).toBeNull();
    expect(useUiStore.getState().selected).toBeNull();
  });

  it('cancelling removes nothing; a refusal is shown in the dialog, in the chosen language', async () => {
    fake.handlers['algorithms.remove'] = () => {
      const params = { name: 'image-enhance', version: 'v1', run: 'r1' };
      const err = new KilnCallError('IN_USE', formatMessage('versions.usedByRun', params, 'en').message);
      err.messageId = 'versions.usedByRun';
      err.params = params;
      throw err;
    };
    useSettingsStore.setState({ language: 'zh-CN' });
    sidebar();
    fireEvent.click(screen.getByTestId('remove-image-enhance'));
    fireEvent.click(screen.getByText('取消'));
    expect(screen.queryByTestId('remove-dialog')).toBeNull();
    expect(fake.callsOf('algorithms.remove')).toEqual([]);

    fireEvent.click(screen.getByTestId('remove-image-enhance'));
    expect(screen.getByTestId('remove-dialog').textContent).toContain('从 Kiln 中移除 image-enhance？');
    fireEvent.click(screen.getByTestId('remove-confirm'));
    const error = await screen.findByTestId('remove-error');
    expect(error.textContent).toContain('image-enhance:v1 正在使用中：运行 r1 仍在其上运行');
    expect(screen.getByTestId('algorithm-item-image-enhance')).toBeTruthy();
  });
});

describe('renaming an algorithm from the sidebar', () => {
  it('checks the name, sends the text it loaded as the expectation, and follows the new name', async () => {
    act(() => useUiStore.getState().select('image-enhance'));
    await waitFor(() => expect(useAlgorithmDetailStore.getState().docs['image-enhance']?.detail).toBeTruthy());
    sidebar();
    fireEvent.click(screen.getByTestId('rename-image-enhance'));
    const input = screen.getByTestId<HTMLInputElement>('rename-to');
    const submit = screen.getByTestId<HTMLButtonElement>('rename-submit');
    expect(input.value).toBe('image-enhance');
    expect(submit.disabled).toBe(true); // same name: nothing to do
    fireEvent.change(input, { target: { value: 'Bad Name' } });
    expect(screen.getByTestId('rename-hint').textContent).toContain('Use lower-case letters');
    expect(submit.disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'photo-enhance' } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(useUiStore.getState().selected).toBe('photo-enhance'));
    expect(fake.callsOf('algorithms.rename')).toEqual([
      {
        name: 'image-enhance',
        to: 'photo-enhance',
        expected: useAlgorithmDetailStore.getState().docs['image-enhance']!.savedSha256,
      },
    ]);
    expect(await screen.findByTestId('algorithm-item-photo-enhance')).toBeTruthy();
    expect(screen.queryByTestId('rename-dialog')).toBeNull();
  });

  it('is refused while kiln.yaml has unsaved edits', async () => {
    act(() => useUiStore.getState().select('image-enhance'));
    await waitFor(() => expect(useAlgorithmDetailStore.getState().docs['image-enhance']?.detail).toBeTruthy());
    act(() => useAlgorithmDetailStore.getState().setText('image-enhance', 'name: image-enhance\n# edited\n'));
    sidebar();
    fireEvent.click(screen.getByTestId('rename-image-enhance'));
    fireEvent.change(screen.getByTestId('rename-to'), { target: { value: 'photo-enhance' } });
    expect(screen.getByTestId('rename-hint').textContent).toBe(
      'kiln.yaml has unsaved edits: save or discard them first.',
    );
    expect(screen.getByTestId<HTMLButtonElement>('rename-submit').disabled).toBe(true);
  });
});

describe('a folder that disappeared', () => {
  it('is "folder not found" in the sidebar, in both languages', () => {
    sidebar();
    expect(screen.getByTestId('algorithm-problem-moved-away').textContent).toBe('Folder not found');
    act(() => useSettingsStore.setState({ language: 'zh-CN' }));
    expect(screen.getByTestId('algorithm-problem-moved-away').textContent).toBe('找不到文件夹');
  });

  it('opens as "folder not found" with what to do, not as manifest problems', async () => {
    act(() => useUiStore.getState().select(GONE.name));
    render(createElement(Fragment, null, createElement(AlgorithmView, { name: GONE.name }), createElement(DialogHost)));
    const panel = await screen.findByTestId('folder-not-found');
    expect(panel.textContent).toContain('Folder not found');
    expect(panel.textContent).toContain(GONE.path);
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.queryByTestId('tab-manifest')).toBeNull();
    fireEvent.click(screen.getByTestId('folder-remove'));
    expect(screen.getByTestId('remove-dialog').textContent).toContain(`Remove ${GONE.name} from Kiln?`);
  });
});

describe('a version whose image is missing', () => {
  const version = (id: number, v: string, image: VersionSummary['image']): VersionSummary => ({
    id,
    algorithm: 'image-enhance',
    version: v,
    tag: `kiln/image-enhance:${v}`,
    imageId: `sha256:${id}`,
    contentHash: `${id}`.repeat(16),
    sizeBytes: 1000,
    sourcePath: '/work/algos/image-enhance',
    buildId: null,
    createdAt: `2026-11-2${id}T10:00:00Z`,
    image,
  });

  it('shows "image missing" with Rebuild, which starts a build; any version can be removed after asking', async () => {
    useAlgorithmDetailStore.getState().put(detail('image-enhance'));
    useVersionsStore.setState({
      byName: {
        'image-enhance': {
          list: [version(2, 'v2', 'missing'), version(1, 'v1', 'present')],
          loaded: true,
          loading: false,
          error: null,
        },
      },
    });
    fake.handlers['versions.remove'] = (input) => ({
      name: input.name,
      version: input.version,
      tag: `kiln/image-enhance:${input.version}`,
      image: 'removed',
    });
    render(
      createElement(Fragment, null, createElement(VersionsTable, { name: 'image-enhance' }), createElement(DialogHost)),
    );
    expect(screen.getAllByTestId('image-missing').map((e) => e.textContent)).toEqual(['Image missing']);
    fireEvent.click(screen.getByTestId('rebuild'));
    await waitFor(() => expect(fake.callsOf('build.start')).toEqual([{ name: 'image-enhance' }]));

    fireEvent.click(screen.getByTestId('remove-version-v1'));
    expect(screen.getByTestId('remove-version-dialog').textContent).toContain('kiln/image-enhance:v1');
    fireEvent.click(screen.getByTestId('remove-version-confirm'));
    await waitFor(() => expect(fake.callsOf('versions.remove')).toEqual([{ name: 'image-enhance', version: 'v1' }]));
    await waitFor(() => expect(screen.queryByTestId('remove-version-dialog')).toBeNull());
  });
});
