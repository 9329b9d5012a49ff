// Where a Docker-compatible engine may be listening, in the order Kiln tries them:
// an explicit address, DOCKER_HOST, the current docker context, then the usual sockets.
// Pure: the environment, platform, home directory and file access are passed in.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type EndpointSource = 'explicit' | 'DOCKER_HOST' | 'context' | 'default';

/** A unix socket or a Windows named pipe. */
export interface SocketEndpointOptions {
  socketPath: string;
}

/** tcp:// (http) or TLS (https); ca/cert/key hold PEM text when TLS files were found. */
export interface HttpEndpointOptions {
  host: string;
  port: number;
  protocol: 'http' | 'https';
  ca?: string;
  cert?: string;
  key?: string;
}

export interface SshEndpointOptions {
  host: string;
  port: number;
  protocol: 'ssh';
  username?: string;
  sshOptions?: { agent?: string };
}

export type DockerodeEndpointOptions = SocketEndpointOptions | HttpEndpointOptions | SshEndpointOptions;

export interface EndpointCandidate {
  /** What a user recognises: "/var/run/docker.sock", "tcp://10.0.0.5:2376", "npipe:////./pipe/docker_engine". */
  label: string;
  source: EndpointSource;
  /** Where it came from in words: 'DOCKER_HOST', 'context "gpu-box"', '--endpoint'. Empty for defaults. */
  origin: string;
  /** null when the address cannot be used at all; `unusable` then says why. */
  dockerodeOptions: DockerodeEndpointOptions | null;
  unusable: string | null;
  /** For unix sockets: whether the path exists. null where existence is not checked (tcp, ssh, pipes). */
  present: boolean | null;
  /** The engine runs on this machine (a socket, a pipe, or tcp to loopback): host GPUs are its GPUs. */
  local: boolean;
}

/** File access for discovery; `readText` answers undefined when the file cannot be read. */
export interface EndpointFs {
  exists(file: string): boolean;
  readText(file: string): string | undefined;
}

export type EnvLike = Readonly<Record<string, string | undefined>>;

export function nodeEndpointFs(): EndpointFs {
  return {
    exists: (file) => existsSync(file),
    readText: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** The directory name the docker CLI gives a context: the sha256 hex digest of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export interface AddressContext {
  platform: NodeJS.Platform;
  fs: EndpointFs;
  env: EnvLike;
  /** TLS material for tcp addresses; null = plain http. */
  tls: TlsMaterial | null;
  /** Why TLS was wanted but cannot be used (missing files). */
  tlsProblem: string | null;
}

export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

function joinFor(platform: NodeJS.Platform): (...parts: string[]) => string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return (...parts) => p.join(...parts);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function unusable(label: string, source: EndpointSource, origin: string, why: string): EndpointCandidate {
  return { label, source, origin, dockerodeOptions: null, unusable: why, present: null, local: false };
}

function socketCandidate(
  socketPath: string,
  label: string,
  source: EndpointSource,
  origin: string,
  ctx: AddressContext,
): EndpointCandidate {
  const pipe = socketPath.startsWith('//') || socketPath.startsWith('\\\\');
  return {
    label,
    source,
    origin,
    dockerodeOptions: { socketPath },
    unusable: null,
    present: pipe ? null : ctx.fs.exists(socketPath),
    local: true,
  };
}

/**
 * One engine address (DOCKER_HOST syntax) as a candidate: unix:///path, /path, tcp://host[:port],
 * http(s)://host[:port], npipe:////./pipe/name, ssh://[user@]host[:port].
 */
export function candidateFromAddress(
  address: string,
  source: EndpointSource,
  origin: string,
  ctx: AddressContext,
): EndpointCandidate {
  const raw = address.trim();
  if (raw.startsWith('/') && !raw.startsWith('//')) return socketCandidate(raw, raw, source, origin, ctx);
  if (raw.startsWith('unix://')) {
    const p = raw.slice('unix://'.length);
    if (p === '') return unusable(raw, source, origin, 'no socket path after unix://');
    return socketCandidate(p, p, source, origin, ctx);
  }
  if (raw.startsWith('npipe://')) {
    // Docker writes npipe:////./pipe/docker_engine; Node wants //./pipe/docker_engine.
    const rest = raw.slice('npipe://'.length).replace(/\\/g, '/').replace(/^\/*/, '');
    if (rest === '') return unusable(raw, source, origin, 'no pipe name after npipe://');
    const pipe = `//${rest.startsWith('./') ? rest : `./pipe/${rest}`}`;
    return socketCandidate(pipe, `npipe://${pipe}`, source, origin, ctx);
  }
  // Like the docker CLI, an address without a scheme ("gpu-box:2375") is tcp.
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `tcp://${raw}`);
  } catch {
    return unusable(
      raw,
      source,
      origin,
      'not an engine address (use unix:///path, tcp://host:port, npipe:////./pipe/name or ssh://user@host)',
    );
  }
  if (!['tcp:', 'http:', 'https:', 'ssh:'].includes(url.protocol)) {
    return unusable(
      raw,
      source,
      origin,
      `unsupported scheme ${url.protocol.replace(/:$/, '')}:// (use unix, tcp, npipe or ssh)`,
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return unusable(raw, source, origin, 'no host name');
  const local = LOOPBACK.has(host);
  const explicitPort = url.port === '' ? null : Number(url.port);
  switch (url.protocol) {
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tlsWanted = url.protocol === 'https:' || ctx.tls !== null || ctx.tlsProblem !== null;
      const port = explicitPort ?? (tlsWanted ? 2376 : 2375);
      const label = `${url.protocol === 'https:' ? 'https' : 'tcp'}://${url.hostname}:${port}`;
      if (ctx.tlsProblem !== null) return unusable(label, source, origin, ctx.tlsProblem);
      const options: HttpEndpointOptions = { host, port, protocol: tlsWanted ? 'https' : 'http' };
      if (ctx.tls?.ca !== undefined) options.ca = ctx.tls.ca;
      if (ctx.tls?.cert !== undefined) options.cert = ctx.tls.cert;
      if (ctx.tls?.key !== undefined) options.key = ctx.tls.key;
      return { label, source, origin, dockerodeOptions: options, unusable: null, present: null, local };
    }
    case 'ssh:': {
      const port = explicitPort ?? 22;
      const user = decodeURIComponent(url.username);
      const label = `ssh://${user === '' ? '' : `${user}@`}${url.hostname}${explicitPort === null ? '' : `:${port}`}`;
      const options: SshEndpointOptions = { host, port, protocol: 'ssh' };
      if (user !== '') options.username = user;
      const agent = ctx.env.SSH_AUTH_SOCK ?? '';
      if (agent !== '') options.sshOptions = { agent };
      return { label, source, origin, dockerodeOptions: options, unusable: null, present: null, local: false };
    }
    default:
      return unusable(
        raw,
        source,
        origin,
        `unsupported scheme ${url.protocol.replace(/:$/, '')}:// (use unix, tcp, npipe or ssh)`,
      );
  }
}

/** TLS for DOCKER_HOST, as the docker CLI reads it: DOCKER_TLS_VERIFY / DOCKER_TLS, certs in DOCKER_CERT_PATH (default ~/.docker). */
function envTls(
  env: EnvLike,
  configDir: string,
  join: (...p: string[]) => string,
  fs: EndpointFs,
): Pick<AddressContext, 'tls' | 'tlsProblem'> {
  const verify = (env.DOCKER_TLS_VERIFY ?? '') !== '';
  const tlsOnly = (env.DOCKER_TLS ?? '') !== '';
  if (!verify && !tlsOnly) return { tls: null, tlsProblem: null };
  const dir = env.DOCKER_CERT_PATH && env.DOCKER_CERT_PATH !== '' ? env.DOCKER_CERT_PATH : configDir;
  const read = (name: string): string | undefined => {
    const file = join(dir, name);
    return fs.exists(file) ? fs.readText(file) : undefined;
  };
  const tls: TlsMaterial = {};
  const ca = read('ca.pem');
  const cert = read('cert.pem');
  const key = read('key.pem');
  if (verify) {
    const missing = [
      ['ca.pem', ca],
      ['cert.pem', cert],
      ['key.pem', key],
    ]
      .filter(([, v]) => v === undefined)
      .map(([n]) => n);
    if (missing.length > 0) {
      return {
        tls: null,
        tlsProblem: `DOCKER_TLS_VERIFY is set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing in ${dir} (set DOCKER_CERT_PATH)`,
      };
    }
  }
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  return { tls, tlsProblem: null };
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The current docker context (DOCKER_CONTEXT, else config.json currentContext), as a candidate; null for none or "default". */
function contextCandidate(
  env: EnvLike,
  configDir: string,
  platform: NodeJS.Platform,
  fs: EndpointFs,
): EndpointCandidate | null {
  const join = joinFor(platform);
  const fromEnv = env.DOCKER_CONTEXT ?? '';
  let name = fromEnv;
  if (name === '') {
    const config = parseJsonObject(fs.readText(join(configDir, 'config.json')));
    const current = config?.currentContext;
    name = typeof current === 'string' ? current : '';
  }
  if (name === '' || name === 'default') return null;
  const origin = `context "${name}"${fromEnv !== '' ? ' (DOCKER_CONTEXT)' : ''}`;
  const dirName = contextDirName(name);
  const metaFile = join(configDir, 'contexts', 'meta', dirName, 'meta.json');
  const meta = parseJsonObject(fs.readText(metaFile));
  if (meta === undefined) return unusable(`context "${name}"`, 'context', origin, `no readable ${metaFile}`);
  const endpoints = meta.Endpoints;
  const docker =
    typeof endpoints === 'object' && endpoints !== null ? (endpoints as Record<string, unknown>).docker : undefined;
  const host = typeof docker === 'object' && docker !== null ? (docker as Record<string, unknown>).Host : undefined;
  if (typeof host !== 'string' || host === '') {
    return unusable(`context "${name}"`, 'context', origin, `${metaFile} has no Endpoints.docker.Host`);
  }
  const tlsDir = join(configDir, 'contexts', 'tls', dirName, 'docker');
  const tls: TlsMaterial = {};
  for (const part of ['ca', 'cert', 'key'] as const) {
    const file = join(tlsDir, `${part}.pem`);
    const text = fs.exists(file) ? fs.readText(file) : undefined;
    if (text !== undefined) tls[part] = text;
  }
  const hasTls = tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined;
  return candidateFromAddress(host, 'context', origin, {
    platform,
    fs,
    env,
    tls: hasTls ? tls : null,
    tlsProblem: null,
  });
}

/** The sockets engines listen on when nobody says otherwise, per platform, most common first. */
export function defaultSocketPaths(env: EnvLike, platform: NodeJS.Platform, homedir: string): string[] {
  const join = joinFor(platform);
  const xdg = env.XDG_RUNTIME_DIR ?? '';
  switch (platform) {
    case 'win32':
      return ['//./pipe/docker_engine', '//./pipe/podman-machine-default'];
    case 'darwin':
      return [
        join(homedir, '.docker', 'run', 'docker.sock'), // Docker Desktop 4.13+
        '/var/run/docker.sock',
        join(homedir, '.colima', 'default', 'docker.sock'),
        join(homedir, '.orbstack', 'run', 'docker.sock'),
        join(homedir, '.rd', 'docker.sock'), // Rancher Desktop
      ];
    default:
      return [
        '/var/run/docker.sock',
        ...(xdg !== '' ? [join(xdg, 'docker.sock')] : []), // rootless dockerd
        join(homedir, '.docker', 'desktop', 'docker.sock'), // Docker Desktop for Linux
        join(homedir, '.docker', 'run', 'docker.sock'),
        ...(xdg !== '' ? [join(xdg, 'podman', 'podman.sock')] : []), // rootless podman.socket
        '/run/podman/podman.sock',
      ];
  }
}

/**
 * Where to look for the engine: DOCKER_HOST alone when it is set; else the current docker
 * context alone when one is chosen; else the default sockets, in order, each listed once.
 */
export function listCandidateEndpoints(
  env: EnvLike,
  platform: NodeJS.Platform,
  homedir: string,
  fs: EndpointFs,
): EndpointCandidate[] {
  const join = joinFor(platform);
  const configDir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(homedir, '.docker');
  const out: EndpointCandidate[] = [];
  const dockerHost = env.DOCKER_HOST ?? '';
  // As the docker CLI does: DOCKER_HOST, when set, is the only engine; so is a chosen context.
  // Falling back to another engine would build and run on a machine the user did not pick.
  if (dockerHost !== '') {
    return [
      candidateFromAddress(dockerHost, 'DOCKER_HOST', 'DOCKER_HOST', {
        platform,
        fs,
        env,
        ...envTls(env, configDir, join, fs),
      }),
    ];
  }
  const context = contextCandidate(env, configDir, platform, fs);
  if (context !== null) return [context];
  for (const socketPath of defaultSocketPaths(env, platform, homedir)) {
    const label = socketPath.startsWith('//') ? `npipe://${socketPath}` : socketPath;
    out.push(socketCandidate(socketPath, label, 'default', '', { platform, fs, env, tls: null, tlsProblem: null }));
  }
  const seen = new Set<string>();
  return out.filter((c) => {
    if (seen.has(c.label)) return false;
    seen.add(c.label);
    return true;
  });
}

/** An address the user gave (--endpoint, the UI): the only candidate tried. TLS settings come from the environment, as for DOCKER_HOST. */
export function explicitCandidate(
  address: string,
  env: EnvLike,
  platform: NodeJS.Platform,
  homedir: string,
  fs: EndpointFs,
): EndpointCandidate {
  const join = joinFor(platform);
  const configDir = env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(homedir, '.docker');
  return candidateFromAddress(address, 'explicit', '--endpoint', {
    platform,
    fs,
    env,
    ...envTls(env, configDir, join, fs),
  });
}
