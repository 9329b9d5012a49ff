// One error envelope for every front door: {code, message, hint}, plus the message id and
// parameters the UI renders in the user's language (shared/messages). Codes are part of the
// contract; each maps to a CLI exit code. message and hint stay English (CLI, logs, scripts).
import { formatMessage, type MessageId, type MessageParams } from './messages/index.js';

export type ErrorCategory = 'algorithm' | 'input' | 'environment' | 'internal';

export const ERROR_CODES = {
  ALGORITHM_FAILED: 'algorithm',
  BUILD_FAILED: 'algorithm',
  MANIFEST_NOT_FOUND: 'input',
  MANIFEST_INVALID: 'input',
  BAD_ARGUMENT: 'input',
  BAD_INPUT: 'input',
  NOT_FOUND: 'input',
  UNSAFE_PATH: 'input',
  /** A conditional save found the file changed since it was loaded (details.currentSha256). */
  CONFLICT: 'input',
  /** Removal refused: another record still points at it (details.references says which). */
  IN_USE: 'input',
  GPU_REQUIRED: 'environment',
  GPU_UNAVAILABLE: 'environment',
  BAD_GPU_FLAG: 'input',
  ENGINE_UNAVAILABLE: 'environment',
  ENGINE_ERROR: 'environment',
  CANCELLED: 'environment',
  /** The page was built for another API version than the server's (Kiln was updated): reload it. */
  API_MISMATCH: 'environment',
  INTERNAL: 'internal',
} as const satisfies Record<string, ErrorCategory>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorEnvelope {
  code: ErrorCode;
  message: string;
  hint?: string;
  /** The message's id in shared/messages, when it has one: the UI shows it in the user's language. */
  messageId?: MessageId;
  params?: MessageParams;
  /** Extra machine-readable detail (file/line for manifests, error_code for algorithm failures). */
  details?: Record<string, unknown>;
}

export class KilnError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  messageId: MessageId | undefined;
  params: MessageParams | undefined;

  constructor(code: ErrorCode, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'KilnError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  /** An error whose English message and hint come from shared/messages, carrying the id for the UI. */
  static of(code: ErrorCode, id: MessageId, params?: MessageParams, details?: Record<string, unknown>): KilnError {
    const text = formatMessage(id, params, 'en');
    const err = new KilnError(code, text.message, text.hint, details);
    err.messageId = id;
    err.params = params;
    return err;
  }

  toEnvelope(): ErrorEnvelope {
    const env: ErrorEnvelope = { code: this.code, message: this.message };
    if (this.hint) env.hint = this.hint;
    if (this.messageId) env.messageId = this.messageId;
    if (this.params) env.params = this.params;
    if (this.details) env.details = this.details;
    return env;
  }
}

/** CLI exit codes: 0 ok, 1 the algorithm failed, 2 bad input, 3 engine/environment. */
export function exitCodeFor(code: ErrorCode): number {
  switch (ERROR_CODES[code]) {
    case 'algorithm':
      return 1;
    case 'input':
      return 2;
    case 'environment':
      return 3;
    default:
      return 3;
  }
}

export function isKilnError(err: unknown): err is KilnError {
  return err instanceof KilnError;
}
