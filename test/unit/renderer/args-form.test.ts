// @vitest-environment jsdom
// The run form generated from RunFormSpec: controls per arg type, defaults, refusing invalid
// values next to the field (and Run with them), and the typed arg map Run sends.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunFormPanel } from '../../../renderer/src/components/run/run-form-panel';
import { checkArgs, fieldKind, gpuOptions, initialArgs, sliderStep } from '../../../renderer/src/lib/run-form';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useRunFormStore } from '../../../renderer/src/stores/run-form';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK, ENHANCE_FORM } from './fixtures';
import { formatMessage } from '../../../shared/messages/index';

const NAME = 'image-enhance';
let fake: FakeTransport;
let stop: () => void;

function input(testId: string): HTMLInputElement {
  return screen.getByTestId<HTMLInputElement>(testId);
}

beforeEach(() => {
  fake = new FakeTransport({ 'run.start': () => ({ jobId: 'j-run-0001' }) });
  stop = initStores(fake, { load: false });
  useEngineStore.setState({ status: ENGINE_OK });
  useAlgorithmDetailStore.getState().put(detail(NAME));
});

afterEach(() => {
  cleanup();
  stop();
  resetStores();
});

describe('run form', () => {
  it('renders a slider and a number field for a ranged number, a select for an enum, a checkbox for a boolean, with defaults', () => {
    render(createElement(RunFormPanel, { name: NAME }));
    const slider = input('arg-brightness-slider');
    expect(slider.type).toBe('range');
    expect(slider.min).toBe('0');
    expect(slider.max).toBe('3');
    expect(slider.step).toBe('0.05');
    expect(slider.value).toBe('1');
    const number = input('arg-brightness');
    expect(number.type).toBe('number');
    expect(number.value).toBe('1');
    expect(input('arg-contrast-slider').step).toBe('0.02'); // no step in the spec: about a hundredth of 0..3, rounded to 1/2/5

    const mode = screen.getByTestId<HTMLSelectElement>('arg-mode');
    expect(mode.tagName).toBe('SELECT');
    expect(mode.value).toBe('rgb');
    expect([...mode.options].map((o) => o.value)).toEqual(['rgb', 'gray']);
    const rotate = screen.getByTestId<HTMLSelectElement>('arg-rotate');
    expect(rotate.tagName).toBe('SELECT');
    expect(rotate.value).toBe('0');

    const sharpen = input('arg-sharpen');
    expect(sharpen.type).toBe('checkbox');
    expect(sharpen.checked).toBe(false);
    expect(input('arg-label').type).toBe('text');

    // Every control has an accessible name; descriptions are hints.
    expect(screen.getByLabelText(/brightness slider/)).toBe(slider);
    expect(screen.getByText('Multiplies every pixel')).toBeTruthy();
    expect(number.getAttribute('aria-describedby')).toContain(screen.getByText('Multiplies every pixel').id);
  });

  it('refuses an out-of-range value with the message next to the field and disables Run', async () => {
    render(createElement(RunFormPanel, { name: NAME }));
    act(() => useRunFormStore.getState().setInputPath(NAME, 'image', '/data/a.png', 'a.png'));
    const run = screen.getByTestId<HTMLButtonElement>('run');
    expect(run.disabled).toBe(false);

    fireEvent.change(input('arg-brightness'), { target: { value: '5' } });
    const message = screen.getByText('brightness=5 is above the maximum 3');
    expect(message.getAttribute('role')).toBe('alert');
    expect(input('arg-brightness').getAttribute('aria-invalid')).toBe('true');
    expect(input('arg-brightness').getAttribute('aria-describedby')).toContain(message.id);
    expect(run.disabled).toBe(true);
    expect(screen.getByText('Some args are invalid (1): see the messages next to them.')).toBeTruthy();

    // Submitting anyway (Enter in a field, the shortcut) sends nothing.
    fireEvent.submit(run.closest('form')!);
    await act(async () => {});
    expect(fake.callsOf('run.start')).toHaveLength(0);

    fireEvent.change(input('arg-brightness'), { target: { value: '2.5' } });
    expect(screen.queryByText(/above the maximum/)).toBeNull();
    expect(run.disabled).toBe(false);
  });

  it('blocks Run while a required input is missing', () => {
    render(createElement(RunFormPanel, { name: NAME }));
    expect(screen.getByTestId<HTMLButtonElement>('run').disabled).toBe(true);
    expect(screen.getByText('Input "image" is required: choose a file.')).toBeTruthy();
  });

  it('submits the typed arg map (numbers, booleans, strings; defaults filled) with the uploaded input', async () => {
    render(createElement(RunFormPanel, { name: NAME }));
    const file = new File(['png'], 'photo.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.change(input('input-image'), { target: { files: [file] } });
    });
    expect(screen.getByTestId('input-image-chosen').textContent).toBe('photo.png');

    fireEvent.change(input('arg-brightness-slider'), { target: { value: '1.5' } });
    expect(input('arg-brightness').value).toBe('1.5');
    fireEvent.click(input('arg-sharpen'));
    fireEvent.change(screen.getByTestId('arg-mode'), { target: { value: 'gray' } });
    fireEvent.change(screen.getByTestId('arg-rotate'), { target: { value: '90' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('run'));
    });

    expect(fake.callsOf('run.start')).toEqual([
      {
        name: NAME,
        inputs: { image: '/uploads/photo.png' },
        args: { brightness: 1.5, contrast: 1, sharpen: true, mode: 'gray', rotate: 90 },
        gpu: 'auto',
      },
    ]);
  });
});

describe('run form rules', () => {
  it('picks a control per spec and a sensible slider step', () => {
    expect(fieldKind({ type: 'number', minimum: 0, maximum: 1 })).toBe('range');
    expect(fieldKind({ type: 'number', minimum: 0 })).toBe('number');
    expect(fieldKind({ type: 'integer', enum: [1, 2] })).toBe('select');
    expect(fieldKind({ type: 'boolean' })).toBe('checkbox');
    expect(fieldKind({ type: 'string' })).toBe('text');
    expect(sliderStep({ type: 'integer', minimum: 0, maximum: 255 })).toBe(1);
    expect(sliderStep({ type: 'number', minimum: 0, maximum: 1000 })).toBe(10);
    expect(sliderStep({ type: 'number', minimum: 0, maximum: 1, step: 0.25 })).toBe(0.25);
  });

  it('types values and reports each bad one', () => {
    const raw = initialArgs(ENHANCE_FORM.args);
    expect(checkArgs(ENHANCE_FORM.args, raw)).toEqual({
      errors: {},
      said: {},
      args: { brightness: 1, contrast: 1, sharpen: false, mode: 'rgb', rotate: 0 },
    });
    const bad = checkArgs(ENHANCE_FORM.args, { ...raw, brightness: 'abc', contrast: '-1' });
    expect(bad.args).toBeNull();
    expect(bad.errors).toEqual({
      brightness: 'brightness expects a number, got "abc"',
      contrast: 'contrast=-1 is below the minimum 0',
    });
    const int = checkArgs({ n: { type: 'integer', minimum: 0, maximum: 10 } }, { n: '2.5' });
    expect(int.errors['n']).toBe('n expects an integer, got 2.5');
    // The same problems as message ids, for the form's language.
    expect(formatMessage(bad.said['brightness']!.id, bad.said['brightness']!.params, 'zh-CN').message).toBe(
      'brightness：应为 number，实际是 "abc"',
    );
    expect(formatMessage(bad.said['contrast']!.id, bad.said['contrast']!.params, 'zh-CN').message).toBe(
      'contrast=-1 小于最小值 0',
    );
  });

  it('offers auto / CPU / all / each GPU when the host has GPUs, CPU with the reason otherwise', () => {
    const gpu = {
      available: true,
      via: 'nvidia runtime',
      reason: '',
      gpus: [
        { index: 0, name: 'A100', uuid: 'GPU-1', memoryMiB: 40960 },
        { index: 1, name: 'A100', uuid: 'GPU-2', memoryMiB: 40960 },
      ],
    };
    expect(gpuOptions(gpu, 'optional').options.map((o) => o.value)).toEqual(['auto', 'none', 'all', '0', '1']);
    expect(gpuOptions(gpu, 'required').options.map((o) => o.value)).toEqual(['auto', 'all', '0', '1']);
    const none = gpuOptions({ available: false, via: 'none', reason: 'no NVIDIA runtime', gpus: [] }, 'optional');
    expect(none.cpuOnlyReason).toBe('no NVIDIA runtime');
    expect(none.options.map((o) => o.value)).toEqual(['auto']);
  });
});
