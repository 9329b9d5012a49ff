// @vitest-environment jsdom
// Monaco reads most of its own labels when its modules first load: after a language switch the
// editor area says its menus follow on a reload, in the new language, with a Reload button that
// is disabled while kiln.yaml or a code file has unsaved edits (a reload would lose them).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MonacoLocaleNotice } from '../../../renderer/src/components/editor/locale-notice';
import { useMonacoLocaleStore, withMonacoLocale } from '../../../renderer/src/components/editor/monaco-locale';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { codeKey, useCodeFilesStore } from '../../../renderer/src/stores/code-files';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { FakeTransport } from './fake-transport';
import { detail } from './fixtures';

const NAME = 'image-enhance';
let stop: () => void;

beforeEach(() => {
  stop = initStores(new FakeTransport({}), { load: false });
  useSettingsStore.setState({ language: 'en' });
  useMonacoLocaleStore.setState({ loadedIn: null });
  useAlgorithmDetailStore.getState().put(detail(NAME));
});
afterEach(() => {
  cleanup();
  stop();
  resetStores();
  useMonacoLocaleStore.setState({ loadedIn: null });
});

const notice = (): HTMLElement | null => screen.queryByTestId('monaco-locale-notice');

describe('the Monaco language notice', () => {
  it('appears only when the language changed after the editor loaded, in the new language', async () => {
    const reload = vi.fn();
    render(createElement(MonacoLocaleNotice, { reload }));
    act(() => useSettingsStore.setState({ language: 'zh-CN' }));
    expect(notice()).toBeNull(); // no editor loaded yet: it will load in Chinese

    act(() => useSettingsStore.setState({ language: 'en' }));
    // The first editor import records the language Monaco's modules are evaluated in.
    await act(() => withMonacoLocale(async () => 'editor')());
    expect(useMonacoLocaleStore.getState().loadedIn).toBe('en');
    expect(notice()).toBeNull();

    act(() => useSettingsStore.setState({ language: 'zh-CN' }));
    expect(notice()!.textContent).toContain('编辑器自带的菜单和查找框要刷新页面后才会切换语言。');
    const button = screen.getByTestId<HTMLButtonElement>('monaco-locale-reload');
    expect(button.textContent).toBe('刷新');
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(reload).toHaveBeenCalledTimes(1);

    // Back to the language Monaco loaded in: nothing to say.
    act(() => useSettingsStore.setState({ language: 'en' }));
    expect(notice()).toBeNull();
  });

  it('will not reload while kiln.yaml or a code file has unsaved edits, and says why', () => {
    const reload = vi.fn();
    useMonacoLocaleStore.setState({ loadedIn: 'zh-CN' });
    render(createElement(MonacoLocaleNotice, { reload }));
    const button = (): HTMLButtonElement => screen.getByTestId<HTMLButtonElement>('monaco-locale-reload');
    expect(notice()!.textContent).toContain("The editor's own menus and find box switch language after a reload.");
    expect(button().disabled).toBe(false);

    act(() => useAlgorithmDetailStore.getState().setText(NAME, 'name: image-enhance\n# edited\n'));
    expect(button().disabled).toBe(true);
    expect(screen.getByTestId('monaco-locale-unsaved').textContent).toBe(
      'Save your changes first: a reload would lose them.',
    );
    fireEvent.click(button());
    expect(reload).not.toHaveBeenCalled();

    act(() =>
      useAlgorithmDetailStore.getState().setText(NAME, useAlgorithmDetailStore.getState().docs[NAME]!.savedText),
    );
    expect(button().disabled).toBe(false);

    // A code file edited in this page counts the same.
    const key = codeKey(NAME, 'predict.py');
    act(() =>
      useCodeFilesStore.setState({
        docs: {
          [key]: {
            loading: false,
            loadError: null,
            text: 'print(2)\n',
            savedText: 'print(1)\n',
            savedSha256: 'abc',
            conflict: null,
            saveState: 'idle',
            saveError: null,
          },
        },
      }),
    );
    expect(button().disabled).toBe(true);
  });
});
