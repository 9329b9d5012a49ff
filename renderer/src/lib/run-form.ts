// The run form's rules, pure: initial values from the spec, what each field's value means,
// and why Run is not possible yet. Components render this; they do not decide.
import type { GpuStatus, RunFormSpec } from '../../../shared/api';
import {
  checkArgMessage,
  coerceArg,
  coerceProblem,
  resolveArgs,
  type ArgMessage,
  type ArgValue,
} from '../../../shared/manifest/args';
import { formatMessage, type MessageParams } from '../../../shared/messages/index';
import type { ArgSpec } from '../../../shared/manifest/schema';
import type { MessageKey } from '../i18n/en';

/** Raw field values: text for numbers and strings (so a half-typed number is kept), booleans for checkboxes. */
export type RawArgs = Record<string, string | boolean>;

export interface InputChoice {
  path: string | null;
  /** What the user picked (file name), for display. */
  label: string;
  busy: boolean;
  error: string | null;
  /** The same error as the back end said it (message id), for the UI's language. */
  errorSaid?: { message: string; hint: string | null; messageId?: string; params?: MessageParams } | null;
}

export type FieldKind = 'range' | 'number' | 'select' | 'checkbox' | 'text';

export function fieldKind(spec: ArgSpec): FieldKind {
  if (spec.type === 'boolean') return 'checkbox';
  if (spec.enum) return 'select';
  if (spec.type === 'number' || spec.type === 'integer') {
    return spec.minimum !== undefined && spec.maximum !== undefined ? 'range' : 'number';
  }
  return 'text';
}

/** Slider step: the spec's step, 1 for integers, else about a hundredth of the range, rounded to 1/2/5. */
export function sliderStep(spec: ArgSpec): number {
  if (spec.type !== 'number' && spec.type !== 'integer') return 1;
  if (spec.step !== undefined) return spec.step;
  if (spec.type === 'integer') return 1;
  if (spec.minimum === undefined || spec.maximum === undefined) return 0.01;
  const raw = (spec.maximum - spec.minimum) / 100;
  if (raw <= 0) return 0.01;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * pow;
}

export function initialArgs(args: Record<string, ArgSpec>): RawArgs {
  const out: RawArgs = {};
  for (const [name, spec] of Object.entries(args)) {
    if (spec.type === 'boolean') out[name] = spec.default ?? false;
    else out[name] = spec.default !== undefined ? String(spec.default) : '';
  }
  return out;
}

/** Raw values from a past run's args (for Re-run and "use these args"). */
export function rawFromArgs(args: Record<string, ArgSpec>, given: Record<string, unknown>): RawArgs {
  const out = initialArgs(args);
  for (const [name, v] of Object.entries(given)) {
    if (!(name in args)) continue;
    if (typeof v === 'boolean') out[name] = v;
    else if (typeof v === 'number' || typeof v === 'string') out[name] = String(v);
  }
  return out;
}

export interface ArgsCheck {
  /** English, by arg name; `said` has the same problems as message ids for the user's language. */
  errors: Record<string, string>;
  said: Record<string, ArgMessage>;
  /** The typed arg map to send (defaults filled), or null while any value is invalid. */
  args: Record<string, ArgValue> | null;
}

export function checkArgs(specs: Record<string, ArgSpec>, raw: RawArgs): ArgsCheck {
  const errors: Record<string, string> = {};
  const said: Record<string, ArgMessage> = {};
  const note = (name: string, m: ArgMessage): void => {
    said[name] = m;
    errors[name] = formatMessage(m.id, m.params, 'en').message;
  };
  const given: Record<string, ArgValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = raw[name];
    if (spec.type === 'boolean') {
      given[name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    // Empty means "not set": the default applies (or the algorithm's own, when none).
    if (text.trim() === '' && (spec.type !== 'string' || spec.default === undefined)) continue;
    const coerced = coerceArg(spec, spec.type === 'string' ? text : text.trim());
    if (typeof coerced === 'object') {
      note(name, coerceProblem(name, coerced));
      continue;
    }
    let bad: ArgMessage | undefined;
    try {
      bad = checkArgMessage(name, spec, coerced);
    } catch {
      bad = undefined; // an invalid pattern in kiln.yaml is the manifest's problem, not the value's
    }
    if (bad) note(name, bad);
    else given[name] = coerced;
  }
  if (Object.keys(errors).length > 0) return { errors, said, args: null };
  const resolved = resolveArgs(specs, given);
  if (!resolved.ok) {
    for (const p of resolved.problems) note(p.arg, { id: p.messageId, params: p.params });
    return { errors, said, args: null };
  }
  return { errors, said, args: resolved.values };
}

export interface Blocker {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** Parameters that are the back end's words (English, with a message id): shown in the UI's language. */
  said?: Record<string, { message: string; messageId?: string; params?: MessageParams }>;
}

export interface RunReadiness {
  blockers: Blocker[];
  inputs: Record<string, string> | null;
}

export function missingInputs(spec: RunFormSpec, inputs: Record<string, InputChoice>): string[] {
  return Object.entries(spec.inputs)
    .filter(([key, s]) => s.required && !inputs[key]?.path)
    .map(([key]) => key);
}

export interface GpuOption {
  value: string;
  label: { key: MessageKey; params?: Record<string, string | number> };
}

/** GPU choices the host offers: auto / CPU / all / each GPU, or CPU only with the reason. */
export function gpuOptions(
  gpu: GpuStatus | null | undefined,
  need: RunFormSpec['gpu'],
): { options: GpuOption[]; cpuOnlyReason: string | null } {
  if (need === 'none')
    return { options: [{ value: 'auto', label: { key: 'run.gpu.cpu' } }], cpuOnlyReason: 'gpu: none' };
  if (!gpu || !gpu.available || gpu.gpus.length === 0) {
    return { options: [{ value: 'auto', label: { key: 'run.gpu.cpu' } }], cpuOnlyReason: gpu?.reason ?? '' };
  }
  const options: GpuOption[] = [
    { value: 'auto', label: { key: 'run.gpu.auto' } },
    { value: 'none', label: { key: 'run.gpu.cpu' } },
    { value: 'all', label: { key: 'run.gpu.all', params: { count: gpu.gpus.length } } },
    ...gpu.gpus.map((g): GpuOption => ({
      value: String(g.index),
      label: { key: 'run.gpu.one', params: { index: g.index, name: g.name ?? '' } },
    })),
  ];
  if (need === 'required') return { options: options.filter((o) => o.value !== 'none'), cpuOnlyReason: null };
  return { options, cpuOnlyReason: null };
}

export function runReadiness(opts: {
  spec: RunFormSpec | null;
  engineReachable: boolean;
  argErrors: Record<string, string>;
  inputs: Record<string, InputChoice>;
  gpu: GpuStatus | null | undefined;
}): RunReadiness {
  const blockers: Blocker[] = [];
  if (!opts.engineReachable) blockers.push({ key: 'blocked.engine' });
  if (!opts.spec) {
    blockers.push({ key: 'blocked.manifest' });
    return { blockers, inputs: null };
  }
  const argCount = Object.keys(opts.argErrors).length;
  if (argCount > 0) blockers.push({ key: 'blocked.args', params: { count: argCount } });
  for (const key of missingInputs(opts.spec, opts.inputs)) blockers.push({ key: 'blocked.input', params: { key } });
  if (Object.values(opts.inputs).some((i) => i.busy)) blockers.push({ key: 'blocked.uploading' });
  if (opts.spec.gpu === 'required' && opts.gpu && !opts.gpu.available) {
    const reason = opts.gpu.reasonSaid;
    blockers.push({
      key: 'blocked.gpu',
      params: { reason: opts.gpu.reason },
      ...(reason
        ? { said: { reason: { message: opts.gpu.reason, messageId: reason.id, params: reason.params ?? {} } } }
        : {}),
    });
  }
  const inputs: Record<string, string> = {};
  for (const [key, choice] of Object.entries(opts.inputs)) if (choice.path) inputs[key] = choice.path;
  return { blockers, inputs };
}
