// Argument values checked against the manifest's args: types, ranges, enums, unknown names.
// Used by the CLI (strings from --arg k=v) and the UI form (typed values) alike.
import type { ArgSpec } from './schema.js';
import { nearest } from '../text/nearest.js';
import { formatMessage, ref, type MessageId, type MessageParams } from '../messages/index.js';

export type ArgValue = number | string | boolean;

export interface ArgProblem {
  arg: string;
  /** English (CLI, logs); the UI renders messageId with params in the user's language. */
  message: string;
  messageId: MessageId;
  params: MessageParams;
}

/** A problem with one value, as a message id and its parameters. */
export interface ArgMessage {
  id: MessageId;
  params: MessageParams;
}

function english(m: ArgMessage): string {
  return formatMessage(m.id, m.params, 'en').message;
}

export type ArgsResult = { ok: true; values: Record<string, ArgValue> } | { ok: false; problems: ArgProblem[] };

/** What coerceArg says when a value has the wrong type: English without the arg's name, and the message. */
export interface CoerceError {
  error: string;
  said: ArgMessage;
}

function coerceError(id: MessageId, got: string): CoerceError {
  const said = { id, params: { got } };
  return { error: english(said), said };
}

/** Coerce a CLI string to the arg's type; typed values pass through unchanged. */
export function coerceArg(spec: ArgSpec, raw: unknown): ArgValue | CoerceError {
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1' || raw === 'yes') return true;
    if (raw === 'false' || raw === '0' || raw === 'no') return false;
    return coerceError('args.expectsBoolean', JSON.stringify(raw));
  }
  if (spec.type === 'number' || spec.type === 'integer') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(n)) {
      const said = { id: 'args.expectsNumber' as const, params: { type: spec.type, got: JSON.stringify(raw) } };
      return { error: english(said), said };
    }
    if (spec.type === 'integer' && !Number.isInteger(n)) return coerceError('args.expectsInteger', String(n));
    return n;
  }
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return coerceError('args.expectsString', JSON.stringify(raw));
}

/** A wrong-typed value as a whole message that names the arg. */
export function coerceProblem(name: string, err: CoerceError): ArgMessage {
  return { id: 'args.invalid', params: { name, problem: ref(err.said.id, err.said.params) } };
}

/** A value out of range, off its enum or its pattern, as a message; undefined when it is fine. */
export function checkArgMessage(name: string, spec: ArgSpec, value: ArgValue): ArgMessage | undefined {
  if ((spec.type === 'number' || spec.type === 'integer') && typeof value === 'number') {
    if (spec.minimum !== undefined && value < spec.minimum)
      return { id: 'args.belowMin', params: { name, value, minimum: spec.minimum } };
    if (spec.maximum !== undefined && value > spec.maximum)
      return { id: 'args.aboveMax', params: { name, value, maximum: spec.maximum } };
    if (spec.enum && !spec.enum.includes(value))
      return { id: 'args.notInEnum', params: { name, value, values: spec.enum.join(', ') } };
  }
  if (spec.type === 'string' && typeof value === 'string') {
    if (spec.enum && !spec.enum.includes(value))
      return { id: 'args.notInEnum', params: { name, value: `"${value}"`, values: spec.enum.join(', ') } };
    if (spec.pattern && !new RegExp(spec.pattern).test(value))
      return { id: 'args.noMatch', params: { name, value: `"${value}"`, pattern: spec.pattern } };
  }
  return undefined;
}

export function checkArgValue(name: string, spec: ArgSpec, value: ArgValue): string | undefined {
  const said = checkArgMessage(name, spec, value);
  return said ? english(said) : undefined;
}

function problem(arg: string, said: ArgMessage): ArgProblem {
  return { arg, message: english(said), messageId: said.id, params: said.params };
}

/** Validate given args, fill defaults; unknown names get a "did you mean". */
export function resolveArgs(specs: Record<string, ArgSpec>, given: Record<string, unknown>): ArgsResult {
  const problems: ArgProblem[] = [];
  const values: Record<string, ArgValue> = {};
  for (const [name, raw] of Object.entries(given)) {
    const spec = specs[name];
    if (!spec) {
      const s = nearest(name, Object.keys(specs));
      const known = Object.keys(specs);
      const suggestion = s ? ref('manifest.didYouMean', { suggestion: s }) : '';
      problems.push(
        problem(
          name,
          known.length
            ? { id: 'args.unknown', params: { name, suggestion, known: known.join(', ') } }
            : { id: 'args.unknownNone', params: { name, suggestion } },
        ),
      );
      continue;
    }
    const coerced = coerceArg(spec, raw);
    if (typeof coerced === 'object') {
      problems.push(problem(name, coerceProblem(name, coerced)));
      continue;
    }
    const bad = checkArgMessage(name, spec, coerced);
    if (bad) problems.push(problem(name, bad));
    else values[name] = coerced;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (name in values || name in given) continue;
    if (spec.default !== undefined) values[name] = spec.default;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}
