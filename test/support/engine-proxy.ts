// An engine that can go away: a unix socket that pipes every connection to the real Docker
// socket. stop() cuts every piped connection and stops listening (the socket file goes, as
// when dockerd dies); start() listens again on the same path. Kiln points at it with
// DOCKER_HOST=unix://<path>.
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';

export const DOCKER_SOCKET = '/var/run/docker.sock';

export interface EngineProxy {
  /** The socket path; DOCKER_HOST is `unix://${path}`. */
  readonly path: string;
  readonly dockerHost: string;
  readonly listening: boolean;
  /** Connections accepted since the proxy was made. */
  readonly accepted: number;
  /** Request lines seen since the proxy was made ("GET /v1.41/containers/json"), in order. */
  readonly requests: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEngineProxy(socketPath: string, target = DOCKER_SOCKET): Promise<EngineProxy> {
  let server: net.Server | null = null;
  const open = new Set<net.Socket>();
  let accepted = 0;
  const requests: string[] = [];

  const onConnection = (client: net.Socket): void => {
    accepted++;
    const upstream = net.connect(target);
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/^(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP\/1\.[01]\r$/gm)) {
        requests.push(`${m[1]} ${m[2]}`);
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const proxy: EngineProxy = {
    path: socketPath,
    dockerHost: `unix://${socketPath}`,
    get listening() {
      return server !== null;
    },
    get accepted() {
      return accepted;
    },
    get requests() {
      return requests;
    },
    async start() {
      if (server) return;
      if (existsSync(socketPath)) rmSync(socketPath, { force: true });
      const s = net.createServer(onConnection);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(socketPath, () => {
          s.off('error', reject);
          resolve();
        });
      });
      server = s;
    },
    async stop() {
      const s = server;
      server = null;
      for (const sock of open) sock.destroy();
      open.clear();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
      // net removes the socket file on close; make sure, so a client sees ENOENT as with a dead dockerd.
      rmSync(socketPath, { force: true });
    },
  };
  await proxy.start();
  return proxy;
}
