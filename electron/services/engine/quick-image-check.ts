// "Does this image exist?" in one plain HTTP request, without loading dockerode (~150 ms of
// start-up). The no-op rebuild path uses it; anything unusual returns undefined, and the caller
// falls back to the full connection, which also produces the proper error messages.
import http from 'node:http';
import { homedir } from 'node:os';
import { explicitCandidate, listCandidateEndpoints, nodeEndpointFs, type EndpointCandidate } from './endpoints.js';

export function quickImageExists(
  ref: string,
  opts: { endpoint?: string; timeoutMs?: number } = {},
): Promise<boolean | undefined> {
  const fs = nodeEndpointFs();
  const candidates: EndpointCandidate[] = opts.endpoint
    ? [explicitCandidate(opts.endpoint, process.env, process.platform, homedir(), fs)]
    : listCandidateEndpoints(process.env, process.platform, homedir(), fs);
  const target = candidates.find((c) => c.dockerodeOptions && c.present !== false);
  const o = target?.dockerodeOptions;
  if (!o) return Promise.resolve(undefined);
  let where: http.RequestOptions;
  if ('socketPath' in o) where = { socketPath: o.socketPath };
  else if (o.protocol === 'http') where = { host: o.host, port: o.port };
  else return Promise.resolve(undefined); // TLS and ssh: leave to dockerode
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
