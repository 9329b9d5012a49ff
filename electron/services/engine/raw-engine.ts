// The two engine calls a code-only rebuild needs (POST /build, GET /images/<ref>/json) in plain
// HTTP over the engine's socket, without loading dockerode: its import (ssh2, grpc, protobufjs)
// costs more than the build of a small code layer. Used by the CLI when nothing is connected yet
// and the engine answers plain HTTP; everything else (TLS, ssh, an engine that does not answer
// the ping) goes through the full connection, which also puts failures into words.
import http from 'node:http';
import type { Readable } from 'node:stream';
import { quickEndpoint } from './quick-image-check.js';

export interface RawBuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: { ID?: string };
}

export interface RawEngine {
  /** POST /build with the context tar; resolves when the engine closed the progress stream. */
  build(
    context: Readable,
    query: Record<string, string>,
    onMessage: (m: RawBuildMessage) => void,
    signal?: AbortSignal,
  ): Promise<void>;
  /** The image's id and size, or undefined when the engine has no such image. */
  inspectImage(ref: string): Promise<{ Id: string; Size: number } | undefined>;
  /** GET /containers/json, the same answer as dockerode's listContainers. */
  listContainers(opts: { all?: boolean; filters?: string }): Promise<ContainerSummary[]>;
  /** The code layer swap's calls (packager/code-layer-swap.ts): the whole inspect, the history, a load. */
  swap: SwapEngine;
}

/** The fields of the engine's container list that Kiln reads (dockerode's ContainerInfo has them too). */
export interface ContainerSummary {
  Id: string;
  /** "running", "exited", ... */
  State: string;
  Names: string[];
  Labels: Record<string, string>;
  Ports: { PrivatePort: number; PublicPort?: number; IP?: string; Type: string }[];
}

/** The engine calls the swap needs; the raw HTTP client and dockerode both provide them. */
export interface SwapEngine {
  /** GET /images/<ref>/json, whole; undefined when there is no such image. */
  inspect(ref: string): Promise<ImageInspect | undefined>;
  /** GET /images/<ref>/history (newest first). */
  history(ref: string): Promise<HistoryEntry[]>;
  /** POST /images/load?quiet=1 with this archive; rejects on an error in the answer. */
  load(archive: Buffer): Promise<void>;
}

export interface ImageInspect {
  Id: string;
  Size: number;
  Architecture?: string;
  Os?: string;
  Variant?: string;
  DockerVersion?: string;
  Config?: { Labels?: Record<string, string> | null } & Record<string, unknown>;
  RootFS?: { Type?: string; Layers?: string[] };
}

export interface HistoryEntry {
  Created: number;
  CreatedBy: string;
  Comment?: string;
  Size: number;
}

/** An error shaped like dockerode's (statusCode, json.message), so callers translate both alike. */
class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: { message?: string },
  ) {
    super(`(HTTP code ${statusCode}) ${json.message ?? ''}`.trim());
  }
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    res.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return { message: text.trim() };
  }
}

function messageOf(json: Record<string, unknown>, fallback: string): string {
  return typeof json['message'] === 'string' ? json['message'] : fallback.trim();
}

function get(where: http.RequestOptions, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...where, method: 'GET', path, timeout: timeoutMs }, (res) => {
      readAll(res).then((body) => resolve({ status: res.statusCode ?? 0, body }), reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * A raw engine when plain HTTP reaches one that answers /_ping; undefined otherwise (use dockerode).
 * `ping: false` skips that round trip, for a caller that treats any failed call as "use dockerode"
 * anyway (the warm `kiln run`'s container lookup).
 */
export async function rawEngine(opts: { endpoint?: string; ping?: boolean } = {}): Promise<RawEngine | undefined> {
  const where = quickEndpoint(opts);
  if (!where) return undefined;
  if (opts.ping !== false) {
    try {
      const ping = await get(where, '/_ping', 1000);
      if (ping.status !== 200) return undefined;
    } catch {
      return undefined;
    }
  }
  return {
    build: (context, query, onMessage, signal) => build(where, context, query, onMessage, signal),
    inspectImage: async (ref) => {
      const r = await get(where, `/images/${encodeURIComponent(ref)}/json`, 30_000);
      if (r.status === 404) return undefined;
      const json = parseJson(r.body);
      if (r.status !== 200) throw new EngineHttpError(r.status, { message: messageOf(json, r.body) });
      return { Id: String(json['Id']), Size: Number(json['Size'] ?? 0) };
    },
    swap: {
      inspect: async (ref) => {
        const r = await get(where, `/images/${encodeURIComponent(ref)}/json`, 30_000);
        if (r.status === 404) return undefined;
        if (r.status !== 200) throw new EngineHttpError(r.status, { message: messageOf(parseJson(r.body), r.body) });
        return JSON.parse(r.body) as ImageInspect;
      },
      history: async (ref) => {
        const r = await get(where, `/images/${encodeURIComponent(ref)}/history`, 30_000);
        if (r.status !== 200) throw new EngineHttpError(r.status, { message: messageOf(parseJson(r.body), r.body) });
        return JSON.parse(r.body) as HistoryEntry[];
      },
      load: (archive) => loadArchive(where, archive),
    },
    listContainers: async (o) => {
      const q = new URLSearchParams();
      if (o.all) q.set('all', '1');
      if (o.filters) q.set('filters', o.filters);
      const r = await get(where, `/containers/json?${q.toString()}`, 30_000);
      if (r.status !== 200) throw new EngineHttpError(r.status, { message: messageOf(parseJson(r.body), r.body) });
      return JSON.parse(r.body) as ContainerSummary[];
    },
  };
}

/** POST /images/load: a 200 can still carry an error in its JSON lines, which fails the load. */
function loadArchive(where: http.RequestOptions, archive: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...where,
        method: 'POST',
        path: '/images/load?quiet=1',
        timeout: 60_000,
        headers: { 'Content-Type': 'application/x-tar', 'Content-Length': archive.length },
      },
      (res) => {
        readAll(res).then((body) => {
          if (res.statusCode !== 200) {
            reject(new EngineHttpError(res.statusCode ?? 0, { message: messageOf(parseJson(body), body) }));
            return;
          }
          const failed = body
            .split('\n')
            .map((l) => parseJson(l))
            .find((m) => typeof m['error'] === 'string' || typeof m['errorDetail'] === 'object');
          if (failed) reject(new Error(typeof failed['error'] === 'string' ? failed['error'] : 'load failed'));
          else resolve();
        }, reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 60000 ms')));
    req.on('error', reject);
    req.end(archive);
  });
}

function build(
  where: http.RequestOptions,
  context: Readable,
  query: Record<string, string>,
  onMessage: (m: RawBuildMessage) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const req = http.request({
      ...where,
      method: 'POST',
      path: `/build?${new URLSearchParams(query).toString()}`,
      headers: { 'Content-Type': 'application/x-tar', 'Transfer-Encoding': 'chunked' },
    });
    const onAbort = (): void => {
      req.destroy(new Error('aborted'));
      context.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err?: Error): void => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    req.on('error', done);
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        readAll(res).then((body) => {
          const json = parseJson(body);
          done(new EngineHttpError(res.statusCode ?? 0, { message: messageOf(json, body) }));
        }, done);
        return;
      }
      // Newline-delimited JSON, as dockerode's followProgress reads it.
      let partial = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const t = line.trim();
          if (!t) continue;
          try {
            onMessage(JSON.parse(t) as RawBuildMessage);
          } catch {
            // not a JSON line: the legacy builder only writes JSON, ignore anything else
          }
        }
      });
      res.on('end', () => {
        const t = partial.trim();
        if (t) {
          try {
            onMessage(JSON.parse(t) as RawBuildMessage);
          } catch {
            // see above
          }
        }
        done();
      });
      res.on('error', done);
      res.on('aborted', () => done(new Error('aborted')));
    });
    context.on('error', (err) => req.destroy(err));
    context.pipe(req);
  });
}
