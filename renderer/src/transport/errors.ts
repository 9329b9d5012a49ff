// Errors from the API, rebuilt from the {code, message, hint} envelope. The UI shows the
// message and the hint, never a stack: in the user's language when the envelope has a message
// id (i18n/backend.ts renders it), the English text otherwise.
import type { ErrorEnvelope } from '../../../shared/errors';
import { formatMessage, type MessageId, type MessageParams } from '../../../shared/messages/index';

/** Codes the transport itself raises, next to the API's ErrorCode values. */
export type TransportErrorCode = 'DISCONNECTED' | 'UPLOAD_FAILED' | 'NO_PATH';

export class KilnCallError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  messageId: string | undefined;
  params: MessageParams | undefined;

  constructor(code: string, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'KilnCallError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  /** A transport's own error, said by message id (its English text beside it). */
  static of(code: string, s: Said): KilnCallError {
    const err = new KilnCallError(code, s.message, s.hint);
    err.messageId = s.messageId;
    err.params = s.params;
    return err;
  }

  static fromEnvelope(env: ErrorEnvelope): KilnCallError {
    const err = new KilnCallError(env.code, env.message, env.hint, env.details);
    err.messageId = env.messageId;
    err.params = env.params;
    return err;
  }
}

export interface Said {
  messageId: MessageId;
  params?: MessageParams;
  message: string;
  hint?: string;
}

/** A message by id with its English text (for logs), to raise as a KilnCallError. */
export function said(messageId: MessageId, params?: MessageParams): Said {
  const text = formatMessage(messageId, params, 'en');
  const out: Said = { messageId, message: text.message };
  if (params) out.params = params;
  if (text.hint !== undefined) out.hint = text.hint;
  return out;
}

/** What an error box shows. */
export interface DisplayError {
  code: string | null;
  message: string;
  hint: string | null;
  details: Record<string, unknown> | null;
  /** The message's id and parameters (shared/messages), when the back end gave them. */
  messageId?: string;
  params?: MessageParams;
}

export function toDisplayError(err: unknown): DisplayError {
  if (err instanceof KilnCallError || isEnvelope(err)) {
    const out: DisplayError = {
      code: err.code,
      message: err.message,
      hint: err.hint ?? null,
      details: err.details ?? null,
    };
    if (err.messageId !== undefined) out.messageId = err.messageId;
    if (err.params !== undefined) out.params = err.params;
    return out;
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
