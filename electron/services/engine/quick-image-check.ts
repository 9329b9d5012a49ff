// "Does this image exist?" in one plain HTTP request, without loading dockerode (~150 ms of
// start-up). The no-op rebuild path uses it; anything unusual returns undefined, and the caller
// falls back to the full connection, which also produces the proper error messages.
import http from 'node:http';
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
  return new Promise((resolve) => {
    const req = http.request(
      { ...where, method: 'GET', path: `/images/${encodeURIComponent(ref)}/json`, timeout: opts.timeoutMs ?? 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? true : res.statusCode === 404 ? false : undefined);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
