// Connect to the first engine that answers. Each candidate gets a short /_ping; the first one
// (in discovery order) that answers with a Docker API wins. When none does, the error names every
// place tried and why it failed, and says what to do.
import { homedir as osHomedir } from 'node:os';
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
import { formatMessage, ref, type MessageParams, type MessageRef } from '../../../shared/messages/index.js';
import {
  type EndpointCandidate,
  type EndpointFs,
  type EndpointSource,
  type EnvLike,
  explicitCandidate,
  listCandidateEndpoints,
  nodeEndpointFs,
} from './endpoints.js';

export const DEFAULT_PING_TIMEOUT_MS = 1500;

export type AttemptOutcome =
  'ok' | 'missing' | 'refused' | 'permission-denied' | 'timeout' | 'not-an-engine' | 'invalid' | 'error';

export interface EndpointAttempt {
  label: string;
  source: EndpointSource;
  origin: string;
  outcome: AttemptOutcome;
  /** Short words for the error line: "missing", "connection refused", "no answer within 1.5 s". */
  why: string;
  /** The same words as a message (shared/messages/engine.ts), when Kiln has them in every language. */
  whySaid?: MessageRef;
}

export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  Os: string;
  Arch: string;
}

export interface EngineConnection {
  docker: Dockerode;
  /** The candidate's label: "/var/run/docker.sock", "tcp://10.0.0.5:2376". */
  endpoint: string;
  source: EndpointSource;
  /** The engine runs on this machine: its GPUs are the host's GPUs (the GPU probe relies on it). */
  local: boolean;
  version: EngineVersion;
  isPodman: boolean;
  /** Every candidate looked at before (and including) the one that answered. */
  attempts: EndpointAttempt[];
}

export interface ConnectOptions {
  /** An engine address (unix:///x.sock, tcp://127.0.0.1:2375, npipe:////./pipe/x, ssh://u@h) that replaces discovery. */
  endpoint?: string;
  /** Per-request limit for /_ping and /version, in ms (default 1500). */
  timeoutMs?: number;
  env?: EnvLike;
  platform?: NodeJS.Platform;
  homedir?: string;
  fs?: EndpointFs;
  /** Candidates to try instead of discovering them (tests, the UI's own list). */
  candidates?: EndpointCandidate[];
}

export class EngineUnavailableError extends KilnError {
  override readonly code = 'ENGINE_UNAVAILABLE' as const;
  override readonly hint: string;
  readonly attempts: EndpointAttempt[];

  constructor(attempts: EndpointAttempt[]) {
    const hints = hintsFor(attempts);
    const hint = `${hints.map((h) => formatMessage(h.id as 'engine.hintStart', undefined, 'en').message).join('. ')}.`;
    const id = attempts.length === 0 ? 'engine.noAddress' : 'engine.noneAnswered';
    const params: MessageParams = { tried: attempts.map(describe), hints };
    super('ENGINE_UNAVAILABLE', formatMessage(id, params, 'en').message, hint, { attempts });
    this.name = 'EngineUnavailableError';
    this.hint = hint;
    this.attempts = attempts;
    this.messageId = id;
    this.params = params;
  }
}

function describe(a: EndpointAttempt): MessageRef {
  const why = a.whySaid ?? a.why;
  return a.origin !== ''
    ? ref('engine.attempt', { label: a.label, origin: a.origin, why })
    : ref('engine.attemptNoOrigin', { label: a.label, why });
}

function hintsFor(attempts: EndpointAttempt[]): MessageRef[] {
  const has = (o: AttemptOutcome): boolean => attempts.some((a) => a.outcome === o);
  const parts: MessageRef[] = [];
  if (has('permission-denied')) parts.push(ref('engine.hintPermission'));
  if (has('timeout')) parts.push(ref('engine.hintTimeout'));
  if (has('invalid')) parts.push(ref('engine.hintInvalid'));
  parts.push(ref('engine.hintStart'));
  return parts;
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
}

class ProbeTimeout extends Error {}

/** One request through dockerode's modem with its own deadline (the modem's `timeout` option would stay on the connection for good). */
function dial(
  docker: Dockerode,
  path: string,
  timeoutMs: number,
  statusCodes: Record<number, boolean | string>,
  cancel: AbortSignal,
): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = (): void => controller.abort();
  cancel.addEventListener('abort', onCancel, { once: true });
  return new Promise<unknown>((resolve, reject) => {
    docker.modem.dial({ path, method: 'GET', statusCodes, abortSignal: controller.signal }, (err, data) => {
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
      if (timedOut) reject(new ProbeTimeout(`no answer within ${timeoutMs / 1000} s`));
      else if (err) reject(err);
      else resolve(data);
    });
  });
}

/** What a failed /_ping means, in the words the error line uses. */
export function classifyProbeError(
  err: unknown,
  timeoutMs: number,
): { outcome: AttemptOutcome; why: string; whySaid: MessageRef } {
  const said = (outcome: AttemptOutcome, whySaid: MessageRef): ReturnType<typeof classifyProbeError> => ({
    outcome,
    why: formatMessage(whySaid.id as 'engine.why.other', whySaid.params, 'en').message,
    whySaid,
  });
  if (err instanceof ProbeTimeout) return said('timeout', ref('engine.why.timeout', { seconds: timeoutMs / 1000 }));
  const statusCode = typeof err === 'object' && err !== null ? (err as { statusCode?: unknown }).statusCode : undefined;
  if (typeof statusCode === 'number') return said('not-an-engine', ref('engine.why.notEngine', { status: statusCode }));
  switch (errnoCode(err)) {
    case 'ENOENT':
      return said('missing', ref('engine.why.missing'));
    case 'ECONNREFUSED':
      return said('refused', ref('engine.why.refused'));
    case 'EACCES':
    case 'EPERM':
      return said('permission-denied', ref('engine.why.permission'));
    case 'ETIMEDOUT':
      return said('timeout', ref('engine.why.connectTimeout'));
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return said('error', ref('engine.why.hostNotFound'));
    case 'ECONNRESET':
      return said('not-an-engine', ref('engine.why.closed'));
    default:
      return said('error', ref('engine.why.other', { detail: firstLine(err) }));
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function readVersion(data: unknown): { version: EngineVersion; podman: boolean | null } {
  const v =
    typeof data === 'object' && data !== null && !Buffer.isBuffer(data) ? (data as Record<string, unknown>) : {};
  const components = Array.isArray(v.Components) ? (v.Components as unknown[]) : null;
  const platform =
    typeof v.Platform === 'object' && v.Platform !== null ? str((v.Platform as Record<string, unknown>).Name) : '';
  let podman: boolean | null = null;
  if (components !== null) {
    podman = components.some(
      (c) => typeof c === 'object' && c !== null && /podman/i.test(str((c as Record<string, unknown>).Name)),
    );
  }
  if (/podman/i.test(platform)) podman = true;
  return {
    version: { Version: str(v.Version), ApiVersion: str(v.ApiVersion), Os: str(v.Os), Arch: str(v.Arch) },
    podman,
  };
}

type ProbeResult =
  | { ok: true; docker: Dockerode; version: EngineVersion; isPodman: boolean }
  | { ok: false; outcome: AttemptOutcome; why: string; whySaid?: MessageRef };

async function probe(
  DockerodeClass: typeof Dockerode,
  candidate: EndpointCandidate,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<ProbeResult> {
  if (candidate.dockerodeOptions === null)
    return { ok: false, outcome: 'invalid', why: candidate.unusable ?? 'unusable address' };
  if (candidate.present === false)
    return { ok: false, outcome: 'missing', why: 'missing', whySaid: ref('engine.why.missing') };
  const docker = new DockerodeClass({ ...candidate.dockerodeOptions });
  try {
    await dial(docker, '/_ping', timeoutMs, { 200: true, 500: 'server error' }, cancel);
  } catch (err) {
    return { ok: false, ...classifyProbeError(err, timeoutMs) };
  }
  let versionData: unknown;
  try {
    versionData = await dial(docker, '/version', timeoutMs, { 200: true, 500: 'server error' }, cancel);
  } catch (err) {
    const c = classifyProbeError(err, timeoutMs);
    return {
      ok: false,
      outcome: c.outcome === 'timeout' ? 'timeout' : 'not-an-engine',
      why: `answered /_ping but not /version: ${c.why}`,
      whySaid: ref('engine.why.noVersion', { why: c.whySaid }),
    };
  }
  const { version, podman } = readVersion(versionData);
  if (version.ApiVersion === '')
    return {
      ok: false,
      outcome: 'not-an-engine',
      why: 'its /version has no ApiVersion: not a Docker API',
      whySaid: ref('engine.why.noApiVersion'),
    };
  let isPodman = podman ?? false;
  if (podman === null) {
    // No Components in /version: ask the libpod endpoint, which only Podman serves.
    isPodman = await dial(docker, '/libpod/_ping', timeoutMs, { 200: true }, cancel).then(
      () => true,
      () => false,
    );
  }
  return { ok: true, docker, version, isPodman };
}

/**
 * Connect to a Docker-compatible engine. With `endpoint`, only that address is tried; otherwise
 * DOCKER_HOST, the current docker context, then the default sockets. Candidates are probed at the
 * same time; the first in that order that answers wins. Throws EngineUnavailableError when none does.
 */
export async function connectEngine(opts: ConnectOptions = {}): Promise<EngineConnection> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = opts.homedir ?? osHomedir();
  const fs = opts.fs ?? nodeEndpointFs();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
  const candidates =
    opts.candidates ??
    (opts.endpoint !== undefined && opts.endpoint !== ''
      ? [explicitCandidate(opts.endpoint, env, platform, home, fs)]
      : listCandidateEndpoints(env, platform, home, fs));

  // Loaded on first use: `kiln --help` and friends never pay for dockerode.
  const DockerodeClass = (await import('dockerode')).default;
  const cancel = new AbortController();
  const probes = candidates.map((c) =>
    probe(DockerodeClass, c, timeoutMs, cancel.signal).catch((err: unknown): ProbeResult => ({
      ok: false,
      outcome: 'error',
      why: firstLine(err),
    })),
  );
  const attempts: EndpointAttempt[] = [];
  for (const [i, candidate] of candidates.entries()) {
    const result = await (probes[i] as Promise<ProbeResult>);
    const base = { label: candidate.label, source: candidate.source, origin: candidate.origin };
    if (result.ok) {
      attempts.push({ ...base, outcome: 'ok', why: `Docker API ${result.version.ApiVersion}` });
      // The later probes are no longer needed: stop them so no socket or timer outlives the choice.
      cancel.abort();
      for (const rest of probes.slice(i + 1)) rest.catch(() => undefined);
      return {
        docker: result.docker,
        endpoint: candidate.label,
        source: candidate.source,
        local: candidate.local,
        version: result.version,
        isPodman: result.isPodman,
        attempts,
      };
    }
    attempts.push(
      result.whySaid
        ? { ...base, outcome: result.outcome, why: result.why, whySaid: result.whySaid }
        : { ...base, outcome: result.outcome, why: result.why },
    );
  }
  throw new EngineUnavailableError(attempts);
}
