// Engine errors in words a user can act on. dockerode rejects with either a Node socket error
// (code ENOENT / ECONNREFUSED / EACCES, syscall connect) or an HTTP error whose message is
// "(HTTP code 500) server error - <engine message> " and whose `json.message` is the engine's own text.
// Anything not recognised comes back as the engine's message on one line, never a stack.
import { type ErrorCode, KilnError } from '../../../shared/errors.js';
import { formatMessage, ref, type MessageId, type MessageParams } from '../../../shared/messages/index.js';

export type DockerErrorKind =
  | 'gpu-driver-missing'
  | 'engine-unavailable'
  | 'socket-missing'
  | 'connection-refused'
  | 'permission-denied'
  | 'timeout'
  | 'image-not-found'
  | 'port-in-use'
  | 'disk-full'
  | 'name-in-use'
  | 'runtime-missing'
  | 'engine-error';

export interface TranslatedDockerError {
  /** The contract's error code (shared/errors.ts), which decides the CLI exit code. */
  code: ErrorCode;
  /** The finer reason, for callers that react differently (retry on another port, build the image). */
  kind: DockerErrorKind;
  message: string;
  hint: string;
  /** The message's id and parameters (shared/messages/engine.ts), for the UI's language. */
  messageId?: MessageId;
  params?: MessageParams;
}

function said(code: ErrorCode, kind: DockerErrorKind, id: MessageId, params?: MessageParams): TranslatedDockerError {
  const text = formatMessage(id, params, 'en');
  const out: TranslatedDockerError = { code, kind, message: text.message, hint: text.hint ?? '', messageId: id };
  if (params) out.params = params;
  return out;
}

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The engine's own words: json.message, else the message without dockerode's "(HTTP code N) reason - " prefix. */
export function engineMessage(err: unknown): string {
  const json = field(err, 'json');
  const fromJson = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).message : undefined;
  if (typeof fromJson === 'string' && fromJson.trim() !== '') return oneLine(fromJson);
  const message =
    err instanceof Error ? err.message : typeof err === 'string' ? err : String(field(err, 'message') ?? err);
  const stripped = message.replace(/^\(HTTP code \d+\)[^-]*-\s*/, '');
  return oneLine(stripped === '' ? message : stripped);
}

export function translateDockerError(err: unknown): TranslatedDockerError {
  if (err instanceof KilnError) {
    const out: TranslatedDockerError = {
      code: err.code,
      kind: err.code === 'ENGINE_UNAVAILABLE' ? 'engine-unavailable' : 'engine-error',
      message: err.message,
      hint: err.hint ?? '',
    };
    if (err.messageId) out.messageId = err.messageId;
    if (err.params) out.params = err.params;
    return out;
  }
  const code = field(err, 'code');
  const address = typeof field(err, 'address') === 'string' ? (field(err, 'address') as string) : '';
  const port = typeof field(err, 'port') === 'number' ? `:${String(field(err, 'port'))}` : '';
  const where = address === '' ? ref('engine.where') : ref('engine.whereAt', { address: `${address}${port}` });
  switch (code) {
    case 'ENOENT':
      if (field(err, 'syscall') === 'connect') {
        return said('ENGINE_UNAVAILABLE', 'socket-missing', 'engine.socketMissing', { where });
      }
      break;
    case 'ECONNREFUSED':
      return said('ENGINE_UNAVAILABLE', 'connection-refused', 'engine.refused', { where });
    case 'EACCES':
    case 'EPERM':
      return said('ENGINE_UNAVAILABLE', 'permission-denied', 'engine.permissionDenied', { where });
    case 'ETIMEDOUT':
      return said('ENGINE_UNAVAILABLE', 'timeout', 'engine.timedOut', { where });
    default:
      break;
  }

  const engineSaid = engineMessage(err);
  const gpu = /could not select device driver "([^"]*)" with capabilities: (\[\[.*?\]\])/.exec(engineSaid);
  if (gpu) {
    const driver = gpu[1] === '' ? ref('engine.anyGpu') : `"${gpu[1]}"`;
    return said('GPU_UNAVAILABLE', 'gpu-driver-missing', 'engine.gpuDriverMissing', {
      driver,
      capabilities: gpu[2] ?? '',
      said: engineSaid,
    });
  }
  const image = /no such image:\s*(\S+?)(?::?\s|:?$)/i.exec(engineSaid);
  if (image) return said('NOT_FOUND', 'image-not-found', 'engine.imageNotFound', { image: image[1] ?? '' });
  const allocated = /Bind for (\S+) failed: port is already allocated/.exec(engineSaid);
  const inUse = /listen \w+ (\S+): bind: address already in use/.exec(engineSaid);
  if (allocated || inUse || /port is already allocated|address already in use/.test(engineSaid)) {
    const addr = allocated?.[1] ?? inUse?.[1];
    if (addr === undefined) return said('ENGINE_ERROR', 'port-in-use', 'engine.somePortInUse');
    return said('ENGINE_ERROR', 'port-in-use', allocated ? 'engine.portInUseByContainer' : 'engine.portInUse', {
      address: addr,
    });
  }
  if (/no space left on device/i.test(engineSaid)) {
    return said('ENGINE_ERROR', 'disk-full', 'engine.diskFull', { said: engineSaid });
  }
  const runtime = /exec: "([^"]+)": executable file not found in \$PATH/.exec(engineSaid);
  if (runtime && /OCI runtime/.test(engineSaid)) {
    const nvidia = /nvidia/.test(runtime[1] ?? '');
    return said('ENGINE_ERROR', 'runtime-missing', nvidia ? 'engine.runtimeMissingNvidia' : 'engine.runtimeMissing', {
      runtime: runtime[1] ?? '',
    });
  }
  const name = /The container name "\/?([^"]+)" is already in use/.exec(engineSaid);
  if (name) return said('ENGINE_ERROR', 'name-in-use', 'engine.nameInUse', { name: name[1] ?? '' });
  return engineSaid === ''
    ? said('ENGINE_ERROR', 'engine-error', 'engine.failedSilently')
    : said('ENGINE_ERROR', 'engine-error', 'engine.said', { said: engineSaid });
}

/** The translated error as a KilnError, ready to throw. */
export function dockerErrorToKilnError(err: unknown): KilnError {
  if (err instanceof KilnError) return err;
  const t = translateDockerError(err);
  const out = new KilnError(t.code, t.message, t.hint, { kind: t.kind });
  out.messageId = t.messageId;
  out.params = t.params;
  return out;
}
