// What the run form holds per algorithm: raw arg values, chosen inputs (host paths, after
// an upload in the browser), GPU choice and version. Rules live in lib/run-form.ts.
import { create } from 'zustand';
import type { RunFormSpec } from '../../../shared/api';
import { initialArgs, rawFromArgs, type InputChoice, type RawArgs } from '../lib/run-form';
import { toDisplayError } from '../transport/errors';
import { transport } from './transport-ref';

export interface RunForm {
  values: RawArgs;
  inputs: Record<string, InputChoice>;
  gpu: string;
  /** '' = the latest version. */
  version: string;
  /** Which spec the values were made for; a changed spec keeps what still fits. */
  specKey: string;
  /** The spec's defaults when the form was made: a value still equal to its default follows a new default. */
  defaults: RawArgs;
}

export interface RunFormsState {
  forms: Record<string, RunForm>;
  ensure(name: string, spec: RunFormSpec): void;
  setArg(name: string, arg: string, value: string | boolean): void;
  loadArgs(name: string, spec: RunFormSpec, args: Record<string, unknown>): void;
  setInputPath(name: string, key: string, path: string, label: string): void;
  setInputFile(name: string, key: string, file: File): Promise<void>;
  pickInput(name: string, key: string, title: string): Promise<void>;
  clearInput(name: string, key: string): void;
  setGpu(name: string, gpu: string): void;
  setVersion(name: string, version: string): void;
  reset(): void;
}

export function specKey(spec: RunFormSpec): string {
  return JSON.stringify([spec.args, Object.keys(spec.inputs)]);
}

const NO_INPUT: InputChoice = { path: null, label: '', busy: false, error: null };

function baseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? p;
}

export const useRunFormStore = create<RunFormsState>()((set, get) => {
  const patch = (name: string, fn: (f: RunForm) => Partial<RunForm>): void =>
    set((s) => {
      const f = s.forms[name];
      return f ? { forms: { ...s.forms, [name]: { ...f, ...fn(f) } } } : s;
    });
  const patchInput = (name: string, key: string, p: Partial<InputChoice>): void =>
    patch(name, (f) => ({ inputs: { ...f.inputs, [key]: { ...(f.inputs[key] ?? NO_INPUT), ...p } } }));

  return {
    forms: {},

    ensure(name, spec): void {
      const key = specKey(spec);
      const old = get().forms[name];
      if (old && old.specKey === key) return;
      const defaults = initialArgs(spec.args);
      const values = { ...defaults };
      if (old) {
        for (const k of Object.keys(values)) {
          // Keep what the user typed; a field left at the old default takes the new default.
          const touched = old.values[k] !== undefined && old.values[k] !== old.defaults[k];
          if (touched) values[k] = old.values[k]!;
        }
      }
      const inputs: Record<string, InputChoice> = {};
      for (const k of Object.keys(spec.inputs)) inputs[k] = old?.inputs[k] ?? NO_INPUT;
      set((s) => ({
        forms: {
          ...s.forms,
          [name]: { values, inputs, gpu: old?.gpu ?? 'auto', version: old?.version ?? '', specKey: key, defaults },
        },
      }));
    },

    setArg: (name, arg, value) => patch(name, (f) => ({ values: { ...f.values, [arg]: value } })),

    loadArgs(name, spec, args): void {
      get().ensure(name, spec);
      patch(name, () => ({ values: rawFromArgs(spec.args, args) }));
    },

    setInputPath: (name, key, path, label) => patchInput(name, key, { path, label, busy: false, error: null }),

    async setInputFile(name, key, file): Promise<void> {
      patchInput(name, key, { busy: true, error: null, label: file.name, path: null });
      try {
        const path = await transport().fileToInputPath(file);
        patchInput(name, key, { path, busy: false });
      } catch (err) {
        const e = toDisplayError(err);
        patchInput(name, key, { busy: false, error: e.hint ? `${e.message}. ${e.hint}` : e.message, errorSaid: e });
      }
    },

    async pickInput(name, key, title): Promise<void> {
      const t = transport();
      if (!t.pickFiles) return;
      try {
        const [path] = await t.pickFiles({ title });
        if (path) patchInput(name, key, { path, label: baseName(path), busy: false, error: null });
      } catch (err) {
        patchInput(name, key, { error: toDisplayError(err).message });
      }
    },

    clearInput: (name, key) => patchInput(name, key, NO_INPUT),
    setGpu: (name, gpu) => patch(name, () => ({ gpu })),
    setVersion: (name, version) => patch(name, () => ({ version })),
    reset: () => set({ forms: {} }),
  };
});
