// "Does this image exist?" in one plain HTTP request, without loading dockerode (~150 ms of
// start-up). The no-op rebuild path uses it; anything unusual returns undefined, and the caller
// falls back to the full connection, which also produces the proper error messages.
import type http from 'node:http';
import net from 'node:net';
import { homedir } from 'node:os';
import { explicitCandidate, listCandidateEndpoints, nodeEndpointFs, type EndpointCandidate } from './endpoints.js';

/**
 * Where plain HTTP reaches the engine (a unix socket or tcp without TLS), as the full connection
 * would pick it: the explicit endpoint, else the first discovered candidate that is present.
 * Undefined for TLS, ssh and named pipes: those are left to dockerode.
 */
export function quickEndpoint(opts: { endpoint?: string } = {}): http.RequestOptions | undefined {
  const fs = nodeEndpointFs();
  const candidates: EndpointCandidate[] = opts.endpoint
    ? [explicitCandidate(opts.endpoint, process.env, process.platform, homedir(), fs)]
    : listCandidateEndpoints(process.env, process.platform, homedir(), fs);
  const target = candidates.find((c) => c.dockerodeOptions && c.present !== false);
  const o = target?.dockerodeOptions;
  if (!o) return undefined;
  if ('socketPath' in o) return { socketPath: o.socketPath, ...NO_SERVERNAME };
  if (o.protocol === 'http') return { host: o.host, port: o.port, ...NO_SERVERNAME };
  return undefined;
}

// Without a servername, Node's http.Agent derives one through net.isIP(), whose first call
// compiles the IPv6 pattern: 5-15 ms of a no-op rebuild. TLS is never used here, so none is needed.
const NO_SERVERNAME = { servername: '' } as http.RequestOptions;

export function quickImageExists(
  ref: string,
  opts: { endpoint?: string; timeoutMs?: number } = {},
): Promise<boolean | undefined> {
  const where = quickEndpoint(opts);
  if (!where) return Promise.resolve(undefined);
  // One HTTP/1.0 request written on a plain socket, read up to its status line: node:http's client
  // (agent, parser, outgoing message) costs ~6 ms more to set up on its first use, and this is the
  // only engine call an unchanged `kiln build` makes. The engine closes the connection after it.
  return new Promise((resolve) => {
    const socket = where.socketPath
      ? net.connect({ path: where.socketPath })
      : net.connect({ host: String(where.host), port: Number(where.port) });
    let head = '';
    const done = (v: boolean | undefined): void => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(opts.timeoutMs ?? 1000, () => done(undefined));
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      socket.write(`GET /images/${encodeURIComponent(ref)}/json HTTP/1.0\r\nHost: docker\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => {
      head += chunk;
      const line = head.indexOf('\r\n');
      if (line < 0) return head.length > 1024 ? done(undefined) : undefined;
      const status = /^HTTP\/1\.[01] (\d{3})\b/.exec(head.slice(0, line))?.[1];
      done(status === '200' ? true : status === '404' ? false : undefined);
    });
    socket.on('end', () => done(undefined));
    socket.on('error', () => done(undefined));
  });
}
