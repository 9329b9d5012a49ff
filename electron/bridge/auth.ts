// The bridge's gate: a random token (in the printed URL, then an HttpOnly cookie), an allowed
// Host (no DNS rebinding), and an Origin that is the bridge's own (no cross-site requests).
// Browsers do not keep cookies apart by port, so two servers on one host (two GPU boxes forwarded
// to two local ports) would overwrite each other's cookie: the cookie's name is the server's own.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The session cookie's name for the server holding `token`: kiln_<12 hex digits of its sha256>. */
export function cookieName(token: string): string {
  return `kiln_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function tokenFrom(
  req: IncomingMessage,
  url: URL,
  cookie: string,
): { value: string; via: 'cookie' | 'query' | 'header' } | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { value: auth.slice(7), via: 'header' };
  const q = url.searchParams.get('token');
  if (q) return { value: q, via: 'query' };
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== cookie) continue;
    try {
      return { value: decodeURIComponent(v.join('=')), via: 'cookie' };
    } catch {
      return null; // a mangled cookie is no token
    }
  }
  return null;
}

export function tokenOk(
  req: IncomingMessage,
  url: URL,
  token: string,
): { ok: boolean; via: 'cookie' | 'query' | 'header' | null } {
  const t = tokenFrom(req, url, cookieName(token));
  return { ok: !!t && same(t.value, token), via: t?.via ?? null };
}

export interface HostPolicy {
  /** host[:port] values the Host header may carry. */
  allowedHosts: Set<string>;
}

export function hostPolicy(bindHost: string, port: number): HostPolicy {
  const names = new Set<string>(['127.0.0.1', 'localhost', '[::1]']);
  if (bindHost !== '0.0.0.0' && bindHost !== '::')
    names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  const allowed = new Set<string>();
  for (const n of names) allowed.add(`${n}:${port}`);
  return { allowedHosts: allowed };
}

/** Host must be one of ours; when Origin is present, it must be this very host. */
export function originOk(
  req: IncomingMessage,
  policy: HostPolicy,
  wildcardBind: boolean,
): { ok: boolean; why?: string } {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!wildcardBind && !policy.allowedHosts.has(host)) return { ok: false, why: `Host "${host}" is not this bridge` };
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return { ok: false, why: 'malformed Origin' };
  }
  if (o.protocol !== 'http:' || o.host.toLowerCase() !== host)
    return { ok: false, why: `Origin ${origin} is not this bridge` };
  return { ok: true };
}
