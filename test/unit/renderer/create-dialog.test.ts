// @vitest-environment jsdom
// "New from template": the dialog starts in the parent folder used last time (the host's
// settings), and asks before making a parent folder that does not exist.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../shared/api';
import { CreateDialog } from '../../../renderer/src/components/dialogs/create-dialog';
import { en } from '../../../renderer/src/i18n/en';
import { newFromTemplate } from '../../../renderer/src/stores/flows';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import { FakeTransport } from './fake-transport';
import { detail } from './fixtures';

let fake: FakeTransport;
let stop: () => void;
let existing: Set<string>;

const SETTINGS = {
  engineEndpoint: '',
  theme: 'system' as const,
  language: 'en' as const,
  dataFolder: '/home/me/.kiln',
  browseRoots: [],
  lastParent: '/home/me/algos',
};

beforeEach(() => {
  existing = new Set(['/home/me/algos']);
  fake = new FakeTransport({
    'settings.get': () => SETTINGS,
    'algorithms.create': (input: MethodInput<'algorithms.create'>) => {
      if (!existing.has(input.parent) && !input.createParents) {
        throw KilnCallError.fromEnvelope({
          code: 'NOT_FOUND',
          message: `the parent folder ${input.parent} does not exist`,
          messageId: 'create.parentMissing',
          params: { parent: input.parent },
        });
      }
      existing.add(input.parent);
      return detail(input.name);
    },
    'algorithms.list': () => [],
  });
  stop = initStores(fake, { load: false });
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

function openDialog(): void {
  newFromTemplate();
  const d = useUiStore.getState().dialog;
  if (d?.kind !== 'create') throw new Error('no create dialog');
  render(createElement(CreateDialog, { parent: d.parent, name: d.name, note: d.note, onClose: () => undefined }));
}

const field = (id: string): HTMLInputElement => screen.getByTestId<HTMLInputElement>(id);

describe('create dialog', () => {
  it('starts in the last parent folder from the host settings', async () => {
    await act(async () => {
      await useSettingsStore.getState().load();
    });
    openDialog();
    expect(field('create-parent').value).toBe('/home/me/algos');
  });

  it('asks before creating a missing parent folder; "Choose another" sends nothing more', async () => {
    openDialog();
    fireEvent.change(field('create-parent'), { target: { value: '/home/me/new/place' } });
    fireEvent.change(field('create-name'), { target: { value: 'denoise' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('create-submit'));
    });
    expect(fake.callsOf('algorithms.create')).toEqual([
      { parent: '/home/me/new/place', name: 'denoise', template: 'python' },
    ]);
    const ask = screen.getByTestId('create-parent-missing');
    expect(ask.textContent).toContain(en['create.parentMissing'].replace('{parent}', '/home/me/new/place'));
    expect(screen.getByTestId<HTMLButtonElement>('create-submit').disabled).toBe(true);
    expect(existing.has('/home/me/new/place')).toBe(false);

    await act(async () => {
      fireEvent.click(screen.getByTestId('create-parent-no'));
    });
    expect(screen.queryByTestId('create-parent-missing')).toBeNull();
    expect(fake.callsOf('algorithms.create')).toHaveLength(1);

    // Asked again, and this time yes: the same call with createParents, and the dialog closes.
    await act(async () => {
      fireEvent.click(screen.getByTestId('create-submit'));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('create-parent-yes'));
    });
    expect(fake.callsOf('algorithms.create')).toEqual([
      { parent: '/home/me/new/place', name: 'denoise', template: 'python' },
      { parent: '/home/me/new/place', name: 'denoise', template: 'python' },
      { parent: '/home/me/new/place', name: 'denoise', template: 'python', createParents: true },
    ]);
    expect(useUiStore.getState().dialog).toBeNull();
    expect(useUiStore.getState().selected).toBe('denoise');
  });

  it('remembers the parent of a created algorithm for the next dialog', async () => {
    await act(async () => {
      await useSettingsStore.getState().load();
    });
    existing.add('/home/me/other');
    openDialog();
    expect(field('create-parent').value).toBe('/home/me/algos');
    fireEvent.change(field('create-parent'), { target: { value: '/home/me/other' } });
    fireEvent.change(field('create-name'), { target: { value: 'blur' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('create-submit'));
    });
    expect(useUiStore.getState().dialog).toBeNull();
    cleanup();
    openDialog();
    expect(field('create-parent').value).toBe('/home/me/other');
  });
});
