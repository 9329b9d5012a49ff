// Any thrown value -> the error envelope every transport sends: message and hint, never a stack.
import { isKilnError, type ErrorEnvelope } from '../../../shared/errors.js';

export function toEnvelope(err: unknown): ErrorEnvelope {
  if (isKilnError(err)) {
    const env = err.toEnvelope();
    // Details may carry large or internal things; send what a screen shows.
    if (env.details) {
      const keep: Record<string, unknown> = {};
      for (const k of [
        'problems',
        'errorCode',
        'errorMsg',
        'runId',
        'buildId',
        'logPath',
        'stderrTail',
        'step',
        'instruction',
        'tail',
        'folder',
      ]) {
        if (env.details[k] !== undefined) keep[k] = env.details[k];
      }
      env.details = keep;
    }
    return env;
  }
  const e = err as { message?: unknown };
  return {
    code: 'INTERNAL',
    message: `unexpected error: ${String(e?.message ?? err).split('\n')[0]}`,
    hint: 'Try again; if it repeats, report it with the steps that led here.',
  };
}
