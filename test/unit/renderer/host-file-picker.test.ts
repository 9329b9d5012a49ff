// @vitest-environment jsdom
// The host file picker of browser mode: opened from an input's "Browse the host…", it lists
// folders through files.list, moves with the keyboard, filters by the input's type, shows an
// empty folder and a refused path in words (both languages), and puts the host path in the form.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostListing } from '../../../shared/api';
import { InputField } from '../../../renderer/src/components/run/input-field';
import { HostFilePicker } from '../../../renderer/src/components/dialogs/host-file-picker';
import { OpenFolderDialog } from '../../../renderer/src/components/dialogs/open-folder-dialog';
import { BrowseRoots } from '../../../renderer/src/components/settings/browse-roots';
import { breadcrumbs } from '../../../renderer/src/lib/host-paths';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useRunFormStore } from '../../../renderer/src/stores/run-form';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import { FakeTransport } from './fake-transport';
import { ENHANCE_FORM } from './fixtures';

const NAME = 'image-enhance';
const HOME = '/home/me';
const MTIME = '2026-12-01T08:00:00.000Z';

const FOLDERS: Record<string, HostListing['entries']> = {
  [HOME]: [
    { name: '.cache', kind: 'folder', size: null, mtime: MTIME },
    { name: 'photos', kind: 'folder', size: null, mtime: MTIME },
    { name: '空文件夹', kind: 'folder', size: null, mtime: MTIME },
    { name: 'notes.txt', kind: 'file', size: 12, mtime: MTIME },
    { name: 'shot.PNG', kind: 'file', size: 2048, mtime: MTIME },
  ],
  [`${HOME}/photos`]: [
    { name: 'a.jpg', kind: 'file', size: 100, mtime: MTIME },
    { name: 'b.png', kind: 'file', size: 200, mtime: MTIME },
  ],
  [`${HOME}/空文件夹`]: [],
  '/data': [{ name: 'frames', kind: 'folder', size: null, mtime: MTIME }],
};

function listing(path: string): HostListing {
  const root = path.startsWith('/data') ? '/data' : HOME;
  return {
    path,
    root,
    parent: path === root ? null : path.slice(0, path.lastIndexOf('/')) || null,
    roots: [HOME, '/data'],
    entries: FOLDERS[path] ?? [],
    truncated: 0,
    skippedLinks: path === HOME ? 1 : 0,
  };
}

let fake: FakeTransport;
let stop: () => void;

beforeEach(() => {
  fake = new FakeTransport({
    'files.list': ({ path }) => {
      const p = path ?? HOME;
      if (!(p in FOLDERS)) {
        throw KilnCallError.fromEnvelope({
          code: 'UNSAFE_PATH',
          message: `${p} is outside the folders Kiln may browse`,
          hint: `Kiln browses your home folder (${HOME}) and the folders added in Settings > Browse folders.`,
          messageId: 'hostFiles.outside',
          params: { path: p, home: HOME },
        });
      }
      return listing(p);
    },
  });
  stop = initStores(fake, { load: false });
  useSettingsStore.setState({ language: 'en' });
  useRunFormStore.getState().ensure(NAME, ENHANCE_FORM);
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

const names = (): string[] =>
  [...screen.getByTestId('picker-list').querySelectorAll('[role="option"]')].map((o) => o.getAttribute('data-name')!);
const activeName = (): string | null =>
  screen.getByTestId('picker-list').querySelector('[aria-selected="true"]')?.getAttribute('data-name') ?? null;
const settle = (): Promise<void> => act(async () => undefined);

async function openPicker(): Promise<void> {
  render(
    createElement(InputField, {
      name: NAME,
      inputKey: 'image',
      spec: ENHANCE_FORM.inputs['image']!,
      choice: useRunFormStore.getState().forms[NAME]?.inputs['image'],
    }),
  );
  fireEvent.click(screen.getByTestId('browse-image'));
  await settle();
}

describe('host file picker', () => {
  it('lists the home folder, folders first, with image files only for an image input', async () => {
    await openPicker();
    expect(fake.callsOf('files.list')).toEqual([{}]);
    // Hidden entries and files of other types are left out until asked for.
    expect(names()).toEqual(['photos', '空文件夹', 'shot.PNG']);
    expect(screen.getByText('1 links that lead outside the allowed folders are not shown.')).toBeTruthy();
    fireEvent.click(screen.getByTestId('picker-only-type'));
    expect(names()).toEqual(['photos', '空文件夹', 'notes.txt', 'shot.PNG']);
    fireEvent.click(screen.getByLabelText('Show hidden'));
    expect(names()).toEqual(['.cache', 'photos', '空文件夹', 'notes.txt', 'shot.PNG']);
    fireEvent.change(screen.getByTestId('picker-filter'), { target: { value: 'sho' } });
    expect(names()).toEqual(['shot.PNG']);
  });

  it('moves with the keyboard, opens folders with Enter, goes up with Backspace, and picks a file', async () => {
    await openPicker();
    const list = screen.getByTestId('picker-list');
    expect(activeName()).toBe('photos');
    fireEvent.keyDown(list, { key: 'End' });
    expect(activeName()).toBe('shot.PNG');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(activeName()).toBe('photos');
    fireEvent.keyDown(list, { key: 'Enter' });
    await settle();
    expect(fake.callsOf('files.list').at(-1)).toEqual({ path: `${HOME}/photos` });
    expect(names()).toEqual(['a.jpg', 'b.png']);
    // Breadcrumbs: the root, then the folder below it (the current one is not a link).
    const crumbs = screen.getByRole('navigation', { name: 'Folder path' });
    expect(crumbs.querySelector('[aria-current="location"]')?.textContent).toBe('photos');
    fireEvent.keyDown(screen.getByTestId('picker-list'), { key: 'Backspace' });
    await settle();
    expect(fake.callsOf('files.list').at(-1)).toEqual({ path: HOME });
    fireEvent.keyDown(screen.getByTestId('picker-list'), { key: 'Enter' });
    await settle();
    fireEvent.keyDown(screen.getByTestId('picker-list'), { key: 'ArrowDown' });
    expect(activeName()).toBe('b.png');
    fireEvent.keyDown(screen.getByTestId('picker-list'), { key: 'Enter' });
    await settle();
    expect(screen.queryByTestId('host-file-picker')).toBeNull();
    expect(useRunFormStore.getState().forms[NAME]?.inputs['image']).toMatchObject({
      path: `${HOME}/photos/b.png`,
      label: 'b.png',
      error: null,
    });
  });

  it('says when a folder is empty, switches places, and shows a refused path in Chinese', async () => {
    await act(async () => {
      await useSettingsStore.getState().setLanguage('zh-CN');
    });
    fake.handlers['settings.set'] = () => ({
      engineEndpoint: '',
      theme: 'system',
      language: 'zh-CN',
      dataFolder: '/k',
      browseRoots: [],
    });
    await openPicker();
    fireEvent.doubleClick(screen.getByText('空文件夹'));
    await settle();
    expect(screen.getByTestId('picker-empty').textContent).toBe('这个文件夹是空的。');
    fireEvent.click(screen.getByRole('button', { name: 'data' }));
    await settle();
    expect(names()).toEqual(['frames']);
    expect(screen.getByRole('button', { name: 'data' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '返回上一级文件夹' }));
    await settle();
    expect(names()).toEqual(['frames']); // at a root: Up is disabled, nothing changed
    // Choose is disabled until a file is the active entry.
    expect(screen.getByTestId<HTMLButtonElement>('picker-choose').disabled).toBe(true);
    cleanup();

    render(createElement(OpenFolderDialog, { initialPath: '/etc', initialError: null, onClose: () => undefined }));
    fireEvent.click(screen.getByTestId('open-folder-browse'));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'data' }));
    await settle();
    fireEvent.click(screen.getByTestId('picker-choose'));
    expect(screen.getByTestId<HTMLInputElement>('open-folder-path').value).toBe('/data/frames');
  });

  it('shows a path outside the allowed folders as the error the back end gave, with a way back', async () => {
    await act(async () => {
      await useSettingsStore.getState().setLanguage('zh-CN');
    });
    const picked: string[] = [];
    render(
      createElement(HostFilePicker, {
        mode: 'file',
        title: 'pick',
        initialPath: '/etc',
        onPick: (p: string) => picked.push(p),
        onClose: () => undefined,
      }),
    );
    await settle();
    const box = screen.getByTestId('picker-error').textContent ?? '';
    expect(box).toContain('/etc 不在 Kiln 允许浏览的文件夹内');
    expect(box).not.toMatch(/outside the folders/);
    fireEvent.click(screen.getByRole('button', { name: '回到主文件夹' }));
    await settle();
    expect(screen.queryByTestId('picker-error')).toBeNull();
    expect(names()).toEqual(['photos', '空文件夹', 'notes.txt', 'shot.PNG']); // no type filter: any file
    fireEvent.doubleClick(screen.getByText('notes.txt'));
    expect(picked).toEqual([`${HOME}/notes.txt`]);
  });
});

describe('Settings > Browse folders', () => {
  it('adds a folder checked by the host, shows a refusal in words, and removes one', async () => {
    const saved: unknown[] = [];
    fake.handlers['settings.set'] = (input) => {
      saved.push(input);
      const roots = input.browseRoots ?? [];
      if (roots.includes('/nope'))
        throw KilnCallError.fromEnvelope({
          code: 'BAD_ARGUMENT',
          message: 'cannot add /nope: it is not an existing folder',
          messageId: 'hostFiles.rootMissing',
          params: { path: '/nope' },
        });
      return { engineEndpoint: '', theme: 'system', language: 'en', dataFolder: '/k', browseRoots: roots };
    };
    render(createElement(BrowseRoots));
    expect(screen.getByText('No folders added: only the home folder.')).toBeTruthy();
    const field = screen.getByTestId('browse-root-input');
    fireEvent.change(field, { target: { value: '/data' } });
    await act(async () => {
      fireEvent.keyDown(field, { key: 'Enter' });
    });
    expect(saved).toEqual([{ browseRoots: ['/data'] }]);
    expect(screen.getByText('/data')).toBeTruthy();
    fireEvent.change(field, { target: { value: '/nope' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('browse-root-add'));
    });
    expect(screen.getByTestId('browse-root-error').textContent).toContain('cannot add /nope');
    expect((field as HTMLInputElement).value).toBe('/nope');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove /data' }));
    });
    expect(saved.at(-1)).toEqual({ browseRoots: [] });
    expect(screen.queryByText('/data')).toBeNull();
  });
});

describe('breadcrumbs', () => {
  it('starts at the root and adds each folder below it, for POSIX and Windows paths', () => {
    expect(breadcrumbs('/home/me', '/home/me/a/b')).toEqual([
      { label: '/home/me', path: '/home/me' },
      { label: 'a', path: '/home/me/a' },
      { label: 'b', path: '/home/me/a/b' },
    ]);
    expect(breadcrumbs('C:\\Users\\me', 'C:\\Users\\me\\视频').map((c) => c.path)).toEqual([
      'C:\\Users\\me',
      'C:\\Users\\me\\视频',
    ]);
  });
});
