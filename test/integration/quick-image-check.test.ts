// The no-op build's one engine call: "does this image exist?" written as HTTP/1.0 on a plain
// socket. Against the real engine it must tell present from missing, and anything else (no
// engine, a peer that does not speak HTTP) must come back undefined so the caller falls back
// to the full client.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quickImageExists } from '../../electron/services/engine/quick-image-check.js';
import { DOCKER_SOCKET } from '../support/engine-proxy.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-quick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A unix socket server that answers every connection with `reply` and records what it was sent. */
async function fakeEngine(name: string, reply: string): Promise<{ endpoint: string; seen: string[]; close(): void }> {
  const socketPath = path.join(dir, name);
  const seen: string[] = [];
  const server = net.createServer((c) => {
    c.setEncoding('latin1');
    c.on('data', (d: string) => {
      seen.push(d);
      c.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { endpoint: `unix://${socketPath}`, seen, close: () => server.close() };
}

describe('quickImageExists', () => {
  const engine = `unix://${DOCKER_SOCKET}`;

  it('is true for an image the engine has and false for one it lacks', async () => {
    expect(await quickImageExists('debian:bookworm-slim', { endpoint: engine })).toBe(true);
    expect(await quickImageExists('kiln/no-such-image-here:v0', { endpoint: engine })).toBe(false);
  });

  it('sends one GET of the encoded reference and reads the status line', async () => {
    const fake = await fakeEngine('404.sock', 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    try {
      expect(await quickImageExists('kiln/a b:v1', { endpoint: fake.endpoint })).toBe(false);
      expect(fake.seen.join('')).toBe('GET /images/kiln%2Fa%20b%3Av1/json HTTP/1.0\r\nHost: docker\r\n\r\n');
    } finally {
      fake.close();
    }
  });

  it('is undefined (fall back to the full client) for an error status, a non-HTTP peer or no engine', async () => {
    const failing = await fakeEngine('500.sock', 'HTTP/1.1 500 Internal Server Error\r\n\r\n');
    const garbage = await fakeEngine('junk.sock', 'SSH-2.0-OpenSSH_9.2\r\n');
    try {
      expect(await quickImageExists('debian:bookworm-slim', { endpoint: failing.endpoint })).toBeUndefined();
      expect(await quickImageExists('debian:bookworm-slim', { endpoint: garbage.endpoint })).toBeUndefined();
    } finally {
      failing.close();
      garbage.close();
    }
    expect(
      await quickImageExists('debian:bookworm-slim', { endpoint: `unix://${path.join(dir, 'absent.sock')}` }),
    ).toBeUndefined();
  });
});
