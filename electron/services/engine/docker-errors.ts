// Engine errors in words a user can act on. dockerode rejects with either a Node socket error
// (code ENOENT / ECONNREFUSED / EACCES, syscall connect) or an HTTP error whose message is
// "(HTTP code 500) server error - <engine message> " and whose `json.message` is the engine's own text.
// Anything not recognised comes back as the engine's message on one line, never a stack.
import { type ErrorCode, KilnError } from '../../../shared/errors.js';

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

const GPU_HINT =
  'Install the NVIDIA Container Toolkit on the engine host, run sudo nvidia-ctk runtime configure --runtime=docker and restart Docker; or run without a GPU (--gpu none) when kiln.yaml allows it.';

export function translateDockerError(err: unknown): TranslatedDockerError {
  if (err instanceof KilnError) {
    return {
      code: err.code,
      kind: err.code === 'ENGINE_UNAVAILABLE' ? 'engine-unavailable' : 'engine-error',
      message: err.message,
      hint: err.hint ?? '',
    };
  }
  const code = field(err, 'code');
  const address = typeof field(err, 'address') === 'string' ? (field(err, 'address') as string) : '';
  const port = typeof field(err, 'port') === 'number' ? `:${String(field(err, 'port'))}` : '';
  const where = address === '' ? 'the Docker engine' : `the Docker engine at ${address}${port}`;
  switch (code) {
    case 'ENOENT':
      if (field(err, 'syscall') === 'connect') {
        return {
          code: 'ENGINE_UNAVAILABLE',
          kind: 'socket-missing',
          message: `cannot reach ${where}: the socket does not exist`,
          hint: 'Start Docker (sudo systemctl start docker, or dockerd), or set DOCKER_HOST to the engine you use.',
        };
      }
      break;
    case 'ECONNREFUSED':
      return {
        code: 'ENGINE_UNAVAILABLE',
        kind: 'connection-refused',
        message: `cannot reach ${where}: connection refused (nothing is listening)`,
        hint: 'Start Docker (sudo systemctl start docker, or dockerd), or set DOCKER_HOST to the engine you use.',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'ENGINE_UNAVAILABLE',
        kind: 'permission-denied',
        message: `cannot reach ${where}: permission denied`,
        hint: 'Add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless Docker.',
      };
    case 'ETIMEDOUT':
      return {
        code: 'ENGINE_UNAVAILABLE',
        kind: 'timeout',
        message: `cannot reach ${where}: timed out`,
        hint: 'Check that the engine is running and reachable; restart it if it hangs.',
      };
    default:
      break;
  }

  const said = engineMessage(err);
  const gpu = /could not select device driver "([^"]*)" with capabilities: (\[\[.*?\]\])/.exec(said);
  if (gpu) {
    const driver = gpu[1] === '' ? 'a GPU' : `"${gpu[1]}"`;
    return {
      code: 'GPU_UNAVAILABLE',
      kind: 'gpu-driver-missing',
      message: `the Docker engine has no NVIDIA GPU support: it has no device driver ${driver} for ${gpu[2]} (the engine said: ${said})`,
      hint: GPU_HINT,
    };
  }
  const image = /no such image:\s*(\S+?)(?::?\s|:?$)/i.exec(said);
  if (image) {
    return {
      code: 'NOT_FOUND',
      kind: 'image-not-found',
      message: `image ${image[1]} is not in the engine`,
      hint: 'Build it first (kiln build), or check the name and tag.',
    };
  }
  const allocated = /Bind for (\S+) failed: port is already allocated/.exec(said);
  const inUse = /listen \w+ (\S+): bind: address already in use/.exec(said);
  if (allocated || inUse || /port is already allocated|address already in use/.test(said)) {
    const addr = allocated?.[1] ?? inUse?.[1];
    return {
      code: 'ENGINE_ERROR',
      kind: 'port-in-use',
      message: `${addr !== undefined ? `port ${addr}` : 'the port'} is already in use${allocated ? ' by another container' : ''}`,
      hint: allocated
        ? 'Stop the container that publishes it (docker ps), or pick another port.'
        : 'Stop the program that listens on it, or pick another port.',
    };
  }
  if (/no space left on device/i.test(said)) {
    return {
      code: 'ENGINE_ERROR',
      kind: 'disk-full',
      message: `the engine ran out of disk space (${said})`,
      hint: "Free space: docker system prune (and docker builder prune), or move Docker's data-root to a larger disk.",
    };
  }
  const runtime = /exec: "([^"]+)": executable file not found in \$PATH/.exec(said);
  if (runtime && /OCI runtime/.test(said)) {
    const nvidia = /nvidia/.test(runtime[1] ?? '');
    return {
      code: 'ENGINE_ERROR',
      kind: 'runtime-missing',
      message: `the engine's container runtime ${runtime[1]} is not installed, so no container can start`,
      hint: nvidia
        ? 'Install the NVIDIA Container Toolkit on the engine host, or remove "default-runtime": "nvidia" (and the nvidia runtime) from /etc/docker/daemon.json and restart Docker.'
        : 'Install that runtime on the engine host, or remove it from /etc/docker/daemon.json and restart Docker.',
    };
  }
  const name = /The container name "\/?([^"]+)" is already in use/.exec(said);
  if (name) {
    return {
      code: 'ENGINE_ERROR',
      kind: 'name-in-use',
      message: `a container named ${name[1]} already exists`,
      hint: `Remove it (docker rm -f ${name[1]}) or choose another name.`,
    };
  }
  return {
    code: 'ENGINE_ERROR',
    kind: 'engine-error',
    message: said === '' ? 'the Docker engine failed without saying why' : `the Docker engine said: ${said}`,
    hint: 'See the engine log (journalctl -u docker) for details.',
  };
}

/** The translated error as a KilnError, ready to throw. */
export function dockerErrorToKilnError(err: unknown): KilnError {
  if (err instanceof KilnError) return err;
  const t = translateDockerError(err);
  return new KilnError(t.code, t.message, t.hint, { kind: t.kind });
}
