// The run form across manifest edits: untouched fields follow a new default, typed ones stay.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunFormSpec } from '../../../shared/api';
import { useRunFormStore } from '../../../renderer/src/stores/run-form';

const spec = (brightness: number): RunFormSpec => ({
  inputs: { image: { type: 'image', required: true } },
  outputs: { image: { type: 'image', required: true } },
  args: {
    brightness: { type: 'number', default: brightness, minimum: 0, maximum: 3 },
    contrast: { type: 'number', default: 1, minimum: 0, maximum: 3 },
  },
  gpu: 'optional',
});

beforeEach(() => useRunFormStore.getState().reset());

describe('run form store', () => {
  it('lets untouched args follow a changed default and keeps what the user typed', () => {
    const store = useRunFormStore.getState();
    store.ensure('demo', spec(1));
    store.setArg('demo', 'contrast', '2.5');
    useRunFormStore.getState().ensure('demo', spec(1.5));
    expect(useRunFormStore.getState().forms['demo']?.values).toEqual({ brightness: '1.5', contrast: '2.5' });
  });
});
