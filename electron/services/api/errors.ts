// Any thrown value -> the error envelope every transport sends: message and hint, never a stack.
import { isKilnError, type ErrorEnvelope } from '../../../shared/errors.js';
import { formatMessage } from '../../../shared/messages/index.js';

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
        'references',
        'currentSha256',
      ]) {
        if (env.details[k] !== undefined) keep[k] = env.details[k];
      }
      env.details = keep;
    }
    return env;
  }
  const e = err as { message?: unknown };
  const params = { detail: String(e?.message ?? err).split('\n')[0] ?? '' };
  const text = formatMessage('api.unexpected', params, 'en');
  return { code: 'INTERNAL', message: text.message, hint: text.hint ?? '', messageId: 'api.unexpected', params };
}
