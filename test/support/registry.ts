// A real Docker registry for tests: Debian's docker-registry (distribution 2.8) on
// 127.0.0.1 with a config of our own. Debian's default config points
// auth.htpasswd.path at a directory (every authenticated request then gets 400),
// so each registry gets its own config, storage and htpasswd file in a temp dir.
// The engine treats 127.0.0.0/8 registries as insecure-allowed, so
// `docker push 127.0.0.1:<port>/name:tag` works without daemon configuration.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants, mkdtemp, rm, writeFile, readFile, open } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const REGISTRY_BIN = '/usr/bin/docker-registry';
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export interface RegistryAuth {
  user: string;
  password: string;
}

export interface StartRegistryOptions {
  auth?: RegistryAuth;
}

export interface TestRegistry {
  /** host:port, e.g. "127.0.0.1:5123": prefix image names with it. */
  url: string;
  /** The temp dir holding config, htpasswd, storage and the registry's log. */
  dir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read a free port'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function killRegistry(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_TIMEOUT_MS);
  }
}

function configYaml(dir: string, port: number, auth: boolean): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    'health:',
    '  storagedriver:',
    '    enabled: false',
  ];
  if (auth) {
    lines.push(
      'auth:',
      '  htpasswd:',
      '    realm: kiln-test-registry',
      `    path: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function writeHtpasswd(file: string, auth: RegistryAuth): Promise<void> {
  // The registry only accepts bcrypt entries.
  const { stdout } = await execFileAsync('htpasswd', ['-Bbn', auth.user, auth.password]);
  await writeFile(file, `${stdout.trim()}\n`, { mode: 0o600 });
}

async function tryStart(dir: string, wantAuth: boolean): Promise<TestRegistry | 'port-taken'> {
  const port = await freePort();
  const configPath = path.join(dir, 'config.yml');
  const logPath = path.join(dir, 'registry.log');
  await writeFile(configPath, configYaml(dir, port, wantAuth));
  const logFile = await open(logPath, 'w');
  let child: ChildProcess;
  try {
    child = spawn(REGISTRY_BIN, ['serve', configPath], {
      stdio: ['ignore', logFile.fd, logFile.fd],
    });
  } finally {
    await logFile.close();
  }
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let failure: Error | undefined;
  void spawnError.then((err) => {
    failure = err;
  });

  const url = `127.0.0.1:${port}`;
  const expected = wantAuth ? 401 : 200;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (failure) throw new Error(`could not start ${REGISTRY_BIN}: ${failure.message}`);
    if (exited(child)) {
      const log = await readFile(logPath, 'utf8').catch(() => '');
      if (/address already in use/.test(log)) return 'port-taken';
      throw new Error(
        `docker-registry exited before answering (${child.exitCode ?? child.signalCode}): ${log.trim().split('\n').slice(-5).join(' | ')}`,
      );
    }
    const status = await getStatus(`http://${url}/v2/`).catch(() => 0);
    if (status === expected) break;
    if (status !== 0) {
      await killRegistry(child);
      throw new Error(`docker-registry on ${url} answered GET /v2/ with ${status}, expected ${expected}`);
    }
    if (Date.now() > deadline) {
      await killRegistry(child);
      throw new Error(`docker-registry on ${url} did not answer within ${READY_TIMEOUT_MS} ms; log: ${logPath}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  let stopped: Promise<void> | undefined;
  return {
    url,
    dir,
    stop() {
      stopped ??= (async () => {
        await killRegistry(child);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * Start a private docker-registry on 127.0.0.1 and a free port. With `auth`, it
 * requires HTTP basic auth (htpasswd, bcrypt) and GET /v2/ answers 401 without it.
 */
export async function startRegistry(opts: StartRegistryOptions = {}): Promise<TestRegistry> {
  await access(REGISTRY_BIN, constants.X_OK).catch(() => {
    throw new Error(`${REGISTRY_BIN} is missing; run: sudo bash test/support/provision.sh`);
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-registry-'));
  try {
    if (opts.auth) await writeHtpasswd(path.join(dir, 'htpasswd'), opts.auth);
    // Another process may take the free port between our probe and the bind.
    for (let attempt = 0; attempt < 5; attempt++) {
      const started = await tryStart(dir, opts.auth !== undefined);
      if (started !== 'port-taken') return started;
    }
    throw new Error('docker-registry: could not bind a free port on 127.0.0.1 after 5 tries');
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
