// @vitest-environment jsdom
// One registry of actions (renderer/src/actions.ts) behind the shortcuts, the shortcut list (?)
// and the command palette (Ctrl/Cmd+K): every action is in both lists, every shortcut belongs
// to an action, and the palette filters and runs them from the keyboard. The browser's
// "dropping folders needs the desktop app" notice is a passing toast, not permanent space.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement, type ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIONS } from '../../../renderer/src/actions';
import { CommandPalette } from '../../../renderer/src/components/command-palette';
import { Toasts } from '../../../renderer/src/components/common/toasts';
import { ShortcutList } from '../../../renderer/src/components/shortcut-list';
import { FolderDropZone } from '../../../renderer/src/components/sidebar/folder-drop-zone';
import { en } from '../../../renderer/src/i18n/en';
import { filterActions } from '../../../renderer/src/lib/action-filter';
import { SHORTCUTS, shortcutLabel, type ShortcutId } from '../../../renderer/src/lib/shortcuts';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useOverlayStore } from '../../../renderer/src/stores/overlay';
import { TOAST_MS, useToastsStore } from '../../../renderer/src/stores/toasts';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { useShortcuts } from '../../../renderer/src/use-shortcuts';
import { FakeTransport } from './fake-transport';

let stop: () => void;

function Shell(): ReactElement {
  useShortcuts();
  return createElement(
    'div',
    null,
    createElement('input', { 'data-testid': 'some-field' }),
    createElement(FolderDropZone),
    createElement(CommandPalette),
    createElement(ShortcutList),
    createElement(Toasts),
  );
}

beforeEach(() => {
  stop = initStores(new FakeTransport({}), { load: false });
  render(createElement(Shell));
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
  vi.useRealTimers();
});

const key = (init: KeyboardEventInit & { target?: Element }): void => {
  const { target, ...rest } = init;
  act(() => {
    fireEvent.keyDown(target ?? window, rest);
  });
};

describe('one registry of actions', () => {
  it('binds every shortcut to exactly one action', () => {
    for (const id of Object.keys(SHORTCUTS) as ShortcutId[]) {
      expect(
        ACTIONS.filter((a) => a.shortcut === id).map((a) => a.id),
        id,
      ).toHaveLength(1);
    }
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS) expect(en[a.label], a.id).toBeTruthy();
  });

  it('"?" lists every action with its keys; not while typing in a field', () => {
    key({ key: '?', code: 'Slash', shiftKey: true, target: screen.getByTestId('some-field') });
    expect(screen.queryByTestId('shortcut-list')).toBeNull();

    key({ key: '?', code: 'Slash', shiftKey: true });
    const list = screen.getByTestId('shortcut-list');
    expect([...list.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-testid'))).toEqual(
      ACTIONS.map((a) => `shortcut-${a.id}`),
    );
    expect(screen.getByTestId('shortcut-build').textContent).toBe(`${en['actions.build']}Ctrl+B`);
    expect(screen.getByTestId('shortcut-keepWarm').textContent).toContain(en['shortcuts.none']);
    key({ key: 'Escape', code: 'Escape' });
    expect(screen.queryByTestId('shortcut-list')).toBeNull();
  });

  it('Ctrl+K opens the palette with every action; typing filters; arrows and Enter take one', () => {
    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    expect(useOverlayStore.getState().open).toBe('palette');
    const options = (): string[] =>
      [...screen.getByTestId('command-palette').querySelectorAll('[role="option"]')].map(
        (li) => li.getAttribute('data-testid') ?? '',
      );
    expect(options()).toEqual(ACTIONS.map((a) => `palette-item-${a.id}`));
    const input = screen.getByTestId<HTMLInputElement>('palette-input');
    expect(document.activeElement).toBe(input);

    // No algorithm shown: "Show the Build & versions tab" is listed but cannot be taken.
    fireEvent.change(input, { target: { value: 'build tab' } });
    expect(options()).toEqual(['palette-item-tabBuild']);
    expect(screen.getByTestId('palette-item-tabBuild').getAttribute('aria-disabled')).toBe('true');
    key({ key: 'Enter', code: 'Enter', target: input });
    expect(useOverlayStore.getState().open).toBe('palette');

    act(() => useUiStore.getState().select('image-enhance', 'manifest'));
    fireEvent.change(input, { target: { value: 'show the' } });
    expect(options()).toEqual([
      'palette-item-run',
      'palette-item-tabManifest',
      'palette-item-tabBuild',
      'palette-item-tabRun',
    ]);
    key({ key: 'ArrowUp', code: 'ArrowUp', target: input }); // wraps round to the last one
    expect(screen.getByTestId('palette-item-tabRun').getAttribute('aria-selected')).toBe('true');
    key({ key: 'Enter', code: 'Enter', target: input });
    expect(useOverlayStore.getState().open).toBeNull();
    expect(useUiStore.getState().tab).toBe('run');

    key({ key: 'k', code: 'KeyK', ctrlKey: true });
    fireEvent.change(screen.getByTestId('palette-input'), { target: { value: 'zzz-nothing' } });
    expect(options()).toEqual([]);
    expect(screen.getByText(en['palette.none'])).toBeTruthy();
    key({ key: 'k', code: 'KeyK', ctrlKey: true }); // the same keys close it
    expect(screen.queryByTestId('command-palette')).toBeNull();
  });

  it('filters on the shown label and the id, every word', () => {
    const label = (a: { id: string }): string => ({ a: 'Open folder…', b: 'Build' })[a.id] ?? '';
    const list = [{ id: 'a' }, { id: 'b' }];
    expect(filterActions(list, '', label)).toEqual(list);
    expect(filterActions(list, 'FOLD', label)).toEqual([{ id: 'a' }]);
    expect(filterActions(list, 'open build', label)).toEqual([]);
    expect(shortcutLabel('palette', false)).toBe('Ctrl+K');
    expect(shortcutLabel('palette', true)).toBe('⌘K');
    expect(shortcutLabel('shortcuts', false)).toBe('?');
  });
});

describe('the browser drop notice', () => {
  it('takes no space until something is dragged; a drop shows a toast that goes by itself', () => {
    vi.useFakeTimers();
    const zone = screen.getByTestId('folder-drop-zone');
    expect(zone.hidden).toBe(true);
    act(() => {
      fireEvent.dragEnter(window, { dataTransfer: { types: ['Files'] } });
    });
    expect(zone.hidden).toBe(false);
    expect(zone.textContent).toContain(en['drop.browser']);

    const file = new File(['x'], 'my-algo');
    act(() => {
      fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    });
    expect(zone.hidden).toBe(true);
    const toast = screen.getByTestId('toast');
    expect(toast.textContent).toContain(en['drop.unsupportedTitle']);
    expect(toast.textContent).toContain(en['drop.unsupportedBody']);
    expect(useUiStore.getState().dialog).toBeNull(); // no dialog in the way

    act(() => {
      vi.advanceTimersByTime(TOAST_MS);
    });
    expect(screen.queryByTestId('toast')).toBeNull();

    // Its action opens the path field.
    act(() => {
      fireEvent.drop(zone, { dataTransfer: { types: ['Files'], files: [file] } });
    });
    act(() => {
      fireEvent.click(screen.getByTestId('toast-action'));
    });
    expect(useUiStore.getState().dialog).toEqual({ kind: 'open', path: '', error: null });
    expect(useToastsStore.getState().toasts).toEqual([]);
  });
});
