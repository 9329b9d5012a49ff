// How the CLI speaks: readable progress on stderr for people, one JSON document on stdout with --json.
import { exitCodeFor, KilnError, type ErrorEnvelope } from '../../shared/errors.js';
import { formatLogLine } from '../../shared/log-format.js';

export interface Output {
  json: boolean;
  /** Progress and notes for people (stderr); silent with --json. */
  info(line: string): void;
  /** Warnings reach stderr even with --json (stdout stays one JSON document). */
  warn(line: string): void;
  /** The command's result: printed for people, or the one JSON document. */
  result(human: string, data: unknown): void;
  /** The algorithm's log lines were printed live: a failure then does not print them again. */
  logShown: boolean;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    logShown: false,
    info: (line) => {
      if (!json) process.stderr.write(`${line}\n`);
    },
    warn: (line) => {
      process.stderr.write(`${line}\n`);
    },
    result: (human, data) => {
      if (json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (human) process.stdout.write(`${human}\n`);
    },
  };
}

/** Any thrown value -> the envelope a user sees: never a stack trace. */
export function toEnvelope(err: unknown): ErrorEnvelope {
  if (err instanceof KilnError) return err.toEnvelope();
  const e = err as { code?: string; message?: string; hint?: string };
  if (e && e.code === 'ENGINE_UNAVAILABLE')
    return { code: 'ENGINE_UNAVAILABLE', message: String(e.message), ...(e.hint ? { hint: e.hint } : {}) };
  if (e && typeof e.code === 'string' && e.code in GPU_CODES) {
    return { code: e.code as ErrorEnvelope['code'], message: String(e.message), ...(e.hint ? { hint: e.hint } : {}) };
  }
  return {
    code: 'INTERNAL',
    message: `unexpected error: ${String(e?.message ?? err).split('\n')[0]}`,
    hint: 'Run again with KILN_DEBUG=1 for details, and report it if it repeats.',
  };
}

const GPU_CODES = { GPU_REQUIRED: 1, GPU_UNAVAILABLE: 1, BAD_GPU_FLAG: 1 };

export function reportError(out: Output, err: unknown): number {
  const env = toEnvelope(err);
  if (process.env['KILN_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  if (out.json) {
    const { details, ...rest } = env;
    const doc: Record<string, unknown> = { ...rest };
    if (details) Object.assign(doc, pickDetails(details));
    process.stdout.write(`${JSON.stringify({ error: doc }, null, 2)}\n`);
  } else {
    process.stderr.write(`error: ${env.message}\n`);
    // The algorithm's last lines, readable, unless they were already shown as they came.
    const tail = env.details?.['stderrTail'];
    const lines = !out.logShown && typeof tail === 'string' ? readableTail(tail) : [];
    if (lines.length) {
      process.stderr.write(`--- last output of the algorithm ---\n${lines.join('\n')}\n---\n`);
    }
    if (env.hint) process.stderr.write(`hint: ${env.hint}\n`);
  }
  return exitCodeFor(env.code);
}

function readableTail(tail: string): string[] {
  return tail
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => formatLogLine(l).split('\n'))
    .filter((l) => l.trim());
}

function pickDetails(d: Record<string, unknown>): Record<string, unknown> {
  const keep = [
    'problems',
    'errorCode',
    'errorMsg',
    'runId',
    'buildId',
    'logPath',
    'stderrTail',
    'step',
    'instruction',
  ];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (d[k] !== undefined) out[k] = d[k];
  return out;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
