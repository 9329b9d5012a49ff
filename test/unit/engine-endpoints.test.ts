// Engine discovery: DOCKER_HOST, the docker context (a DOCKER_CONFIG written by the docker CLI
// itself, see fixtures/engine/README.md), default sockets per platform.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  contextDirName,
  defaultSocketPaths,
  type EndpointFs,
  explicitCandidate,
  listCandidateEndpoints,
  nodeEndpointFs,
} from '../../electron/services/engine/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'engine');
const DOCKER_CONFIG = path.join(FIXTURES, 'docker-config');
const HOME = '/home/ada';

/** Real reads for files under the fixtures; every other path (the default sockets) is absent unless listed. */
function fsWith(present: string[] = []): EndpointFs {
  const real = nodeEndpointFs();
  const inFixtures = (f: string): boolean => f.startsWith(FIXTURES) || tmpDirs.some((d) => f.startsWith(d));
  return {
    exists: (f) => present.includes(f) || (inFixtures(f) && real.exists(f)),
    readText: (f) => (inFixtures(f) ? real.readText(f) : undefined),
  };
}

const tmpDirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kiln-endpoints-'));
  tmpDirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('docker context (files written by `docker context create` / `docker context use`)', () => {
  it('names the context directory by the sha256 of the context name, as the CLI did', () => {
    expect(contextDirName('gpu-box')).toBe('24e749a8dcabfbc48974e30c433e687013ab253b0f58a06d41c3c657da509c61');
    expect(contextDirName('rootless')).toBe('12b961af5feb3e9d39f93b2cefb9a1a944f18d02cca0cac2f04f5a982240605f');
  });

  it('follows config.json currentContext to meta.json Endpoints.docker.Host and its TLS files', () => {
    const list = listCandidateEndpoints({ DOCKER_CONFIG }, 'linux', HOME, fsWith());
    const ctx = list.find((c) => c.source === 'context');
    expect(list).toHaveLength(1); // a chosen context is the only engine tried
    expect(ctx).toBeDefined();
    expect(ctx?.label).toBe('tcp://10.20.0.7:2376');
    expect(ctx?.origin).toBe('context "gpu-box"');
    expect(ctx?.local).toBe(false);
    expect(ctx?.unusable).toBeNull();
    const opts = ctx?.dockerodeOptions as {
      host: string;
      port: number;
      protocol: string;
      ca?: string;
      cert?: string;
      key?: string;
    };
    expect(opts.host).toBe('10.20.0.7');
    expect(opts.port).toBe(2376);
    expect(opts.protocol).toBe('https');
    expect(opts.ca).toContain('placeholder written in place of the ca.pem');
    expect(opts.cert).toContain('placeholder written in place of the cert.pem');
    expect(opts.key).toContain('BEGIN PRIVATE KEY');
  });

  it('lets DOCKER_CONTEXT override config.json: the rootless context is a unix socket', () => {
    const sock = '/run/user/1000/docker.sock';
    const list = listCandidateEndpoints({ DOCKER_CONFIG, DOCKER_CONTEXT: 'rootless' }, 'linux', HOME, fsWith([sock]));
    const ctx = list.find((c) => c.source === 'context');
    expect(ctx?.label).toBe(sock);
    expect(ctx?.origin).toBe('context "rootless" (DOCKER_CONTEXT)');
    expect(ctx?.dockerodeOptions).toEqual({ socketPath: sock });
    expect(ctx?.present).toBe(true);
    expect(ctx?.local).toBe(true);
  });

  it('skips the context named "default" and reports a context without meta.json as unusable', () => {
    const none = listCandidateEndpoints({ DOCKER_CONFIG, DOCKER_CONTEXT: 'default' }, 'linux', HOME, fsWith());
    expect(none.some((c) => c.source === 'context')).toBe(false);
    const gone = listCandidateEndpoints({ DOCKER_CONFIG, DOCKER_CONTEXT: 'deleted-box' }, 'linux', HOME, fsWith());
    const ctx = gone.find((c) => c.source === 'context');
    expect(ctx?.dockerodeOptions).toBeNull();
    expect(ctx?.unusable).toContain(`${contextDirName('deleted-box')}/meta.json`);
  });
});

describe('DOCKER_HOST', () => {
  it('is the only engine when set, as for the docker CLI: no fallback to a context or a default socket', () => {
    const list = listCandidateEndpoints(
      { DOCKER_CONFIG, DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      'linux',
      HOME,
      fsWith(),
    );
    expect(list.map((c) => c.source)).toEqual(['DOCKER_HOST']);
    expect(list[0]).toMatchObject({
      label: 'tcp://127.0.0.1:2375',
      origin: 'DOCKER_HOST',
      local: true,
      dockerodeOptions: { host: '127.0.0.1', port: 2375, protocol: 'http' },
    });
  });

  it('reads unix://, a bare tcp host (port 2375), npipe and ssh addresses', () => {
    const one = (address: string) => listCandidateEndpoints({ DOCKER_HOST: address }, 'linux', HOME, fsWith())[0];
    expect(one('unix:///srv/engine.sock')).toMatchObject({
      label: '/srv/engine.sock',
      dockerodeOptions: { socketPath: '/srv/engine.sock' },
      present: false,
    });
    expect(one('tcp://gpu-box')).toMatchObject({
      label: 'tcp://gpu-box:2375',
      local: false,
      dockerodeOptions: { host: 'gpu-box', port: 2375, protocol: 'http' },
    });
    expect(one('npipe:////./pipe/docker_engine')).toMatchObject({
      label: 'npipe:////./pipe/docker_engine',
      dockerodeOptions: { socketPath: '//./pipe/docker_engine' },
      present: null,
    });
    expect(one('ssh://ada@gpu-box:2222')).toMatchObject({
      label: 'ssh://ada@gpu-box:2222',
      local: false,
      dockerodeOptions: { host: 'gpu-box', port: 2222, protocol: 'ssh', username: 'ada' },
    });
    // Without a scheme the docker CLI reads tcp.
    expect(one('gpu-box:2375')).toMatchObject({
      label: 'tcp://gpu-box:2375',
      dockerodeOptions: { host: 'gpu-box', port: 2375, protocol: 'http' },
    });
    const bad = one('ftp://gpu-box');
    expect(bad?.dockerodeOptions).toBeNull();
    expect(bad?.unusable).toBe('unsupported scheme ftp:// (use unix, tcp, npipe or ssh)');
    expect(one('unix://')?.unusable).toBe('no socket path after unix://');
  });

  it('uses DOCKER_TLS_VERIFY with the certificates in DOCKER_CERT_PATH (default port 2376)', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(path.join(dir, 'cert.pem'), 'CERT PEM');
    writeFileSync(path.join(dir, 'key.pem'), 'KEY PEM');
    const [c] = listCandidateEndpoints(
      { DOCKER_HOST: 'tcp://10.20.0.7', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir },
      'linux',
      HOME,
      fsWith(),
    );
    expect(c?.dockerodeOptions).toEqual({
      host: '10.20.0.7',
      port: 2376,
      protocol: 'https',
      ca: 'CA PEM',
      cert: 'CERT PEM',
      key: 'KEY PEM',
    });
  });

  it('says which certificate is missing when DOCKER_TLS_VERIFY cannot be honoured', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'ca.pem'), 'CA PEM');
    const [c] = listCandidateEndpoints(
      { DOCKER_HOST: 'tcp://10.20.0.7:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir },
      'linux',
      HOME,
      fsWith(),
    );
    expect(c?.dockerodeOptions).toBeNull();
    expect(c?.unusable).toBe(
      `DOCKER_TLS_VERIFY is set but cert.pem, key.pem are missing in ${dir} (set DOCKER_CERT_PATH)`,
    );
  });

  it('lists a socket once, under the source that named it first', () => {
    const list = listCandidateEndpoints(
      { DOCKER_HOST: 'unix:///var/run/docker.sock' },
      'linux',
      HOME,
      fsWith(['/var/run/docker.sock']),
    );
    const same = list.filter((c) => c.label === '/var/run/docker.sock');
    expect(same).toHaveLength(1);
    expect(same[0]?.source).toBe('DOCKER_HOST');
    expect(same[0]?.present).toBe(true);
  });
});

describe('default sockets', () => {
  it('on Linux: system dockerd, rootless dockerd, Docker Desktop, rootless and system Podman', () => {
    expect(defaultSocketPaths({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux', HOME)).toEqual([
      '/var/run/docker.sock',
      '/run/user/1000/docker.sock',
      '/home/ada/.docker/desktop/docker.sock',
      '/home/ada/.docker/run/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
    // Without XDG_RUNTIME_DIR the per-user sockets cannot be named.
    expect(defaultSocketPaths({}, 'linux', HOME)).toEqual([
      '/var/run/docker.sock',
      '/home/ada/.docker/desktop/docker.sock',
      '/home/ada/.docker/run/docker.sock',
      '/run/podman/podman.sock',
    ]);
  });

  it("on macOS Docker Desktop's per-user socket comes first; on Windows the named pipes", () => {
    expect(defaultSocketPaths({}, 'darwin', '/Users/ada')[0]).toBe('/Users/ada/.docker/run/docker.sock');
    expect(defaultSocketPaths({}, 'darwin', '/Users/ada')).toContain('/var/run/docker.sock');
    expect(defaultSocketPaths({}, 'win32', 'C:\\Users\\ada')).toEqual([
      '//./pipe/docker_engine',
      '//./pipe/podman-machine-default',
    ]);
    const win = listCandidateEndpoints({}, 'win32', 'C:\\Users\\ada', fsWith());
    expect(win[0]).toMatchObject({ label: 'npipe:////./pipe/docker_engine', present: null, local: true });
  });

  it('marks which sockets exist', () => {
    const list = listCandidateEndpoints(
      { XDG_RUNTIME_DIR: '/run/user/1000' },
      'linux',
      HOME,
      fsWith(['/run/user/1000/podman/podman.sock']),
    );
    const present = list.filter((c) => c.present).map((c) => c.label);
    expect(present).toEqual(['/run/user/1000/podman/podman.sock']);
    expect(list.every((c) => c.source === 'default' && c.local)).toBe(true);
  });
});

describe('explicit endpoint', () => {
  it('is the one address tried, with its source marked', () => {
    const c = explicitCandidate('tcp://127.0.0.1:2375', {}, 'linux', HOME, fsWith());
    expect(c).toMatchObject({ source: 'explicit', origin: '--endpoint', label: 'tcp://127.0.0.1:2375', local: true });
    expect(explicitCandidate('/tmp/x.sock', {}, 'linux', HOME, fsWith())).toMatchObject({
      dockerodeOptions: { socketPath: '/tmp/x.sock' },
      present: false,
    });
  });
});
