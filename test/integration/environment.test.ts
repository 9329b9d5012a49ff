// The test environment itself: a real engine, the locally built minbase base
// image, Debian's docker-registry with and without auth, and apt reaching
// Debian's archive from inside a build. If these fail, every integration test
// after them would fail for reasons that have nothing to do with Kiln.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../support/registry.js';

const BASE = 'debian:bookworm-slim';
const SLOW = 300_000;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

async function ok(cmd: string, args: string[], input?: string): Promise<string> {
  const r = await run(cmd, args, input);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, auth?: { user: string; password: string }): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

const suffix = randomBytes(4).toString('hex');
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A tiny image (one file, FROM scratch) built with the engine's own builder. */
async function buildHello(tag: string): Promise<string> {
  const ctx = await tempDir('kiln-env-hello-');
  await writeFile(path.join(ctx, 'hello.txt'), `hello ${suffix}\n`);
  await writeFile(path.join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  await ok('docker', ['build', '-q', '-t', tag, ctx]);
  cleanups.push(() => run('docker', ['rmi', '-f', tag]));
  return (await ok('docker', ['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
}

describe('engine', () => {
  it('answers with a server API version', async () => {
    const api = (await ok('docker', ['version', '--format', '{{.Server.APIVersion}}'])).trim();
    expect(api).toMatch(/^1\.\d+$/);
    const osType = (await ok('docker', ['info', '--format', '{{.OSType}}'])).trim();
    expect(osType).toBe('linux');
  });
});

describe('base image', () => {
  it(
    `${BASE} is a minbase Debian bookworm without python`,
    async () => {
      const version = await ok('docker', ['run', '--rm', BASE, 'cat', '/etc/debian_version']);
      expect(version.trim()).toMatch(/^12(\.|$)/);
      const osRelease = await ok('docker', ['run', '--rm', BASE, 'cat', '/etc/os-release']);
      expect(osRelease).toMatch(/^VERSION_CODENAME=bookworm$/m);

      const python = await run('docker', ['run', '--rm', BASE, 'dpkg', '-l', 'python3']);
      expect(python.code).not.toBe(0);
      expect(python.stderr).toMatch(/no packages found matching python3/);

      // minbase: the required set plus apt; none of what the larger variants add.
      const packages = (await ok('docker', ['run', '--rm', BASE, 'dpkg-query', '-W', '-f', '${Package}\\n']))
        .trim()
        .split('\n');
      expect(packages).toContain('apt');
      expect(packages.length).toBeLessThan(150);
      const notMinbase = ['systemd', 'iproute2', 'ifupdown', 'nano', 'vim-tiny', 'cron', 'procps', 'python3'];
      expect(packages.filter((p) => notMinbase.includes(p))).toEqual([]);
    },
    SLOW,
  );
});

describe('registry', () => {
  it(
    'starts without auth, takes a push, and stops',
    async () => {
      const reg = await startRegistry();
      cleanups.push(() => reg.stop());
      expect(reg.url).toMatch(/^127\.0\.0\.1:\d+$/);
      expect((await get(`http://${reg.url}/v2/`)).status).toBe(200);

      const tag = `${reg.url}/kiln-test/hello:1`;
      await buildHello(tag);
      await ok('docker', ['push', tag]);
      const catalog = JSON.parse((await get(`http://${reg.url}/v2/_catalog`)).body) as { repositories: string[] };
      expect(catalog.repositories).toContain('kiln-test/hello');

      await reg.stop();
      await expect(get(`http://${reg.url}/v2/`)).rejects.toThrow();
    },
    SLOW,
  );

  it(
    'with auth: 401 without credentials, 200 with them; docker login, push, pull',
    async () => {
      const auth = { user: `kiln${suffix}`, password: `pw-${randomBytes(6).toString('hex')}` };
      const reg: TestRegistry = await startRegistry({ auth });
      cleanups.push(() => reg.stop());
      const base = `http://${reg.url}`;

      const anonymous = await get(`${base}/v2/`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect((await get(`${base}/v2/`, { user: auth.user, password: 'wrong' })).status).toBe(401);
      expect((await get(`${base}/v2/`, auth)).status).toBe(200);

      // A config dir of the test's own: no login lands in the user's ~/.docker.
      const config = await tempDir('kiln-env-docker-config-');
      const tag = `${reg.url}/kiln-test/hello:1`;
      const id = await buildHello(tag);

      const denied = await run('docker', ['--config', config, 'push', tag]);
      expect(denied.code).not.toBe(0);

      await ok('docker', ['--config', config, 'login', reg.url, '-u', auth.user, '--password-stdin'], auth.password);
      await ok('docker', ['--config', config, 'push', tag]);

      const catalog = await get(`${base}/v2/_catalog`, auth);
      expect(catalog.status).toBe(200);
      expect((JSON.parse(catalog.body) as { repositories: string[] }).repositories).toContain('kiln-test/hello');
      const tags = JSON.parse((await get(`${base}/v2/kiln-test/hello/tags/list`, auth)).body) as { tags: string[] };
      expect(tags.tags).toEqual(['1']);

      // Round trip: the same image comes back from the registry.
      await ok('docker', ['rmi', tag]);
      await ok('docker', ['--config', config, 'pull', tag]);
      expect((await ok('docker', ['image', 'inspect', '--format', '{{.Id}}', tag])).trim()).toBe(id);

      await ok('docker', ['--config', config, 'logout', reg.url]);
    },
    SLOW,
  );
});

describe('apt inside a build', () => {
  it(
    `reaches Debian's archive from ${BASE}`,
    async () => {
      const ctx = await tempDir('kiln-env-apt-');
      await writeFile(
        path.join(ctx, 'Dockerfile'),
        `FROM ${BASE}\nRUN apt-get update && apt-get install -y --no-install-recommends jq\n`,
      );
      const tag = `kiln-test/env-jq:${suffix}`;
      cleanups.push(() => run('docker', ['rmi', '-f', tag]));
      await ok('docker', ['build', '-q', '-t', tag, ctx]);
      const version = await ok('docker', ['run', '--rm', tag, 'jq', '--version']);
      expect(version.trim()).toMatch(/^jq-1\.\d/);
      const filtered = await ok('docker', [
        'run',
        '--rm',
        tag,
        'sh',
        '-c',
        `echo '{"a":[1,2,3]}' | jq -c '.a | map(. * 2)'`,
      ]);
      expect(filtered.trim()).toBe('[2,4,6]');
    },
    SLOW,
  );
});
