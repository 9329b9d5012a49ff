// Argument values checked against the manifest's args: types, ranges, enums, unknown names.
// Used by the CLI (strings from --arg k=v) and the UI form (typed values) alike.
import type { ArgSpec } from './schema.js';
import { nearest } from '../text/nearest.js';

export type ArgValue = number | string | boolean;

export interface ArgProblem {
  arg: string;
  message: string;
}

export type ArgsResult = { ok: true; values: Record<string, ArgValue> } | { ok: false; problems: ArgProblem[] };

/** Coerce a CLI string to the arg's type; typed values pass through unchanged. */
export function coerceArg(spec: ArgSpec, raw: unknown): ArgValue | { error: string } {
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1' || raw === 'yes') return true;
    if (raw === 'false' || raw === '0' || raw === 'no') return false;
    return { error: `expects true or false, got ${JSON.stringify(raw)}` };
  }
  if (spec.type === 'number' || spec.type === 'integer') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(n)) return { error: `expects a ${spec.type}, got ${JSON.stringify(raw)}` };
    if (spec.type === 'integer' && !Number.isInteger(n)) return { error: `expects an integer, got ${n}` };
    return n;
  }
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return { error: `expects a string, got ${JSON.stringify(raw)}` };
}

export function checkArgValue(name: string, spec: ArgSpec, value: ArgValue): string | undefined {
  if ((spec.type === 'number' || spec.type === 'integer') && typeof value === 'number') {
    if (spec.minimum !== undefined && value < spec.minimum)
      return `${name}=${value} is below the minimum ${spec.minimum}`;
    if (spec.maximum !== undefined && value > spec.maximum)
      return `${name}=${value} is above the maximum ${spec.maximum}`;
    if (spec.enum && !spec.enum.includes(value)) return `${name}=${value} is not one of ${spec.enum.join(', ')}`;
  }
  if (spec.type === 'string' && typeof value === 'string') {
    if (spec.enum && !spec.enum.includes(value)) return `${name}="${value}" is not one of ${spec.enum.join(', ')}`;
    if (spec.pattern && !new RegExp(spec.pattern).test(value))
      return `${name}="${value}" does not match ${spec.pattern}`;
  }
  return undefined;
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
      problems.push({
        arg: name,
        message: `unknown arg "${name}"${s ? ` (did you mean "${s}"?)` : ''}; ${known.length ? `known: ${known.join(', ')}` : 'this algorithm takes no args'}`,
      });
      continue;
    }
    const coerced = coerceArg(spec, raw);
    if (typeof coerced === 'object') {
      problems.push({ arg: name, message: `${name} ${coerced.error}` });
      continue;
    }
    const bad = checkArgValue(name, spec, coerced);
    if (bad) problems.push({ arg: name, message: bad });
    else values[name] = coerced;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (name in values || name in given) continue;
    if (spec.default !== undefined) values[name] = spec.default;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}
