// Errors from the API, rebuilt from the {code, message, hint} envelope. The UI shows the
// message and the hint, never a stack.
import type { ErrorEnvelope } from '../../../shared/errors';

/** Codes the transport itself raises, next to the API's ErrorCode values. */
export type TransportErrorCode = 'DISCONNECTED' | 'UPLOAD_FAILED' | 'NO_PATH';

export class KilnCallError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'KilnCallError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  static fromEnvelope(env: ErrorEnvelope): KilnCallError {
    return new KilnCallError(env.code, env.message, env.hint, env.details);
  }
}

/** What an error box shows. */
export interface DisplayError {
  code: string | null;
  message: string;
  hint: string | null;
  details: Record<string, unknown> | null;
}

export function toDisplayError(err: unknown): DisplayError {
  if (err instanceof KilnCallError) {
    return { code: err.code, message: err.message, hint: err.hint ?? null, details: err.details ?? null };
  }
  if (isEnvelope(err)) {
    return { code: err.code, message: err.message, hint: err.hint ?? null, details: err.details ?? null };
  }
  if (err instanceof Error) return { code: null, message: err.message, hint: null, details: null };
  return { code: null, message: String(err), hint: null, details: null };
}

export function isEnvelope(v: unknown): v is ErrorEnvelope {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { code?: unknown }).code === 'string' &&
    typeof (v as { message?: unknown }).message === 'string'
  );
}
