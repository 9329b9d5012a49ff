// The bridge's gate: a random token (in the printed URL, then an HttpOnly cookie), an allowed
// Host (no DNS rebinding), and an Origin that is the bridge's own (no cross-site requests).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'kiln_token';

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
): { value: string; via: 'cookie' | 'query' | 'header' } | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { value: auth.slice(7), via: 'header' };
  const q = url.searchParams.get('token');
  if (q) return { value: q, via: 'query' };
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return { value: decodeURIComponent(v.join('=')), via: 'cookie' };
  }
  return null;
}

export function tokenOk(
  req: IncomingMessage,
  url: URL,
  token: string,
): { ok: boolean; via: 'cookie' | 'query' | 'header' | null } {
  const t = tokenFrom(req, url);
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
