// A code-only change without a build: the new image is the previous version's image with its last
// layer (the code, `COPY code/ /kiln/`) replaced, handed to the engine as an image archive
// (`POST /images/load`) that carries only the new layer. The engine finds every other layer by its
// chain id and reads no file for it, so nothing is replayed and nothing but the code is written.
// This is how image builders without a Docker build (Jib, ko) make small changes fast.
//
// It applies only when everything but the code is provably the same as the previous image's:
// the generated Dockerfile and every generated file (runtime, manifest.json, requirements), the
// models image and the base image's id (together the "stem", a label on the image), and no
// `build:` commands after the code copy. Anything unexpected (an engine that refuses partial
// archives, such as Podman or a containerd image store; a history that does not match the layers)
// returns undefined and the caller runs the ordinary build. Never a half-made image: the engine
// tags the image only once the archive loaded.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as TarStream from 'tar-stream';
import type { HistoryEntry, ImageInspect, SwapEngine } from '../engine/raw-engine.js';
import type { ContextFile } from './context.js';

/** The label that names the stem of an image: what must be equal for a code layer swap. */
export const STEM_LABEL = 'kiln.stem';
/** A code layer larger than this goes through the ordinary build (the archive is made in memory). */
const MAX_CODE_BYTES = 64 * 1024 * 1024;
const EPOCH = new Date(0);

/** Instructions that only change the config: the legacy builder commits no layer for them. */
const CONFIG_ONLY =
  /#\(nop\)\s+(ENV|LABEL|CMD|ENTRYPOINT|EXPOSE|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ARG|MAINTAINER|ONBUILD)\b/;

interface ConfigHistory {
  created: string;
  created_by: string;
  comment?: string;
  empty_layer?: true;
}

/**
 * The config's history from the engine's history answer, which does not say which entries added no
 * layer. Config-only instructions never do; COPY, ADD and anything with bytes always do; a 0-byte
 * WORKDIR or RUN may or may not (a WORKDIR that created its folder is a layer). Those undecided ones
 * are settled by the layer count when that leaves one answer (all of them layers, or none); otherwise
 * undefined (the ordinary build runs).
 */
export function historyEntries(history: readonly HistoryEntry[], layerCount: number): ConfigHistory[] | undefined {
  const oldestFirst = [...history].reverse();
  const kind = oldestFirst.map((h) =>
    CONFIG_ONLY.test(h.CreatedBy) && h.Size === 0
      ? 'empty'
      : h.Size > 0 || /#\(nop\)\s+(COPY|ADD)\b/.test(h.CreatedBy)
        ? 'layer'
        : 'maybe',
  );
  const sure = kind.filter((k) => k === 'layer').length;
  const maybe = kind.filter((k) => k === 'maybe').length;
  const maybeIsLayer = sure + maybe === layerCount ? true : sure === layerCount ? false : undefined;
  if (maybeIsLayer === undefined) return undefined;
  return oldestFirst.map((h, i) => ({
    created: new Date(h.Created * 1000).toISOString(),
    created_by: h.CreatedBy,
    ...(h.Comment ? { comment: h.Comment } : {}),
    ...(kind[i] === 'empty' || (kind[i] === 'maybe' && !maybeIsLayer) ? { empty_layer: true as const } : {}),
  }));
}

/** The stem: the generated files and what the image is built FROM, everything a code change leaves alone. */
export function stemHash(parts: {
  dockerfile: string;
  generated: ReadonlyArray<{ name: string; content: string | Buffer }>;
  baseImageId: string;
  modelsImageId: string | null;
}): string {
  const h = createHash('sha256');
  h.update(`dockerfile\0${parts.dockerfile}\0base\0${parts.baseImageId}\0models\0${parts.modelsImageId ?? ''}\0`);
  for (const f of [...parts.generated].sort((a, b) => a.name.localeCompare(b.name))) {
    h.update(`${f.name}\0`);
    h.update(typeof f.content === 'string' ? Buffer.from(f.content) : f.content);
    h.update('\0');
  }
  return h.digest('hex');
}

export interface SwapInput {
  engine: SwapEngine;
  /** The previous version's tag (the image whose code layer is replaced). */
  previousTag: string;
  stem: string;
  tag: string;
  codeFiles: readonly ContextFile[];
  /** /kiln/version.json of the new version. */
  versionFile: string;
  /** Where the steps' times go (swap.inspect, swap.history, swap.archive, swap.load, swap.check). */
  timings?: Record<string, number>;
}

export interface SwapResult {
  imageId: string;
  size: number;
  codeLayerBytes: number;
}

/** The new image by a code layer swap, or undefined when it does not apply (the ordinary build then runs). */
export async function swapCodeLayer(input: SwapInput): Promise<SwapResult | undefined> {
  const { engine } = input;
  let mark = Date.now();
  const lap = (name: string): void => {
    const now = Date.now();
    if (input.timings) input.timings[`swap.${name}`] = now - mark;
    mark = now;
  };
  if (input.codeFiles.reduce((n, f) => n + f.size, 0) > MAX_CODE_BYTES) return undefined;
  let previous: ImageInspect | undefined;
  try {
    previous = await engine.inspect(input.previousTag);
  } catch {
    return undefined;
  }
  lap('inspect');
  const layers = previous?.RootFS?.Layers;
  if (!previous?.Config || !layers?.length || previous.Config.Labels?.[STEM_LABEL] !== input.stem) return undefined;
  let history: HistoryEntry[];
  try {
    history = await engine.history(input.previousTag);
  } catch {
    return undefined;
  }
  lap('history');
  const entries = historyEntries(history, layers.length);
  const last = entries?.[entries.length - 1];
  // The history must describe the layers one for one and end with the code copy, or this is not our image.
  if (!entries || !last || last.empty_layer || !/#\(nop\) COPY .* in \/kiln\/ *$/.test(last.created_by))
    return undefined;

  const layer = await codeLayerTar(input.codeFiles, input.versionFile);
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const now = new Date().toISOString();
  last.created = now;
  const config = {
    architecture: previous.Architecture ?? 'amd64',
    os: previous.Os ?? 'linux',
    ...(previous.Variant ? { variant: previous.Variant } : {}),
    ...(previous.DockerVersion ? { docker_version: previous.DockerVersion } : {}),
    config: previous.Config,
    created: now,
    history: entries,
    rootfs: { type: 'layers', diff_ids: [...layers.slice(0, -1), diffId] },
  };
  const configJson = Buffer.from(JSON.stringify(config));
  const configHex = createHash('sha256').update(configJson).digest('hex');
  const layerPath = `${diffId.slice(7)}/layer.tar`;
  // The layers the engine has are named but not included: it looks them up by chain id.
  const manifest = [
    {
      Config: `${configHex}.json`,
      RepoTags: [input.tag],
      Layers: [...layers.slice(0, -1).map((d) => `${d.replace(/^sha256:/, '')}/layer.tar`), layerPath],
    },
  ];
  const archive = await tarOf([
    { name: layerPath, body: layer },
    { name: `${configHex}.json`, body: configJson },
    { name: 'manifest.json', body: Buffer.from(JSON.stringify(manifest)) },
  ]);
  lap('archive');
  try {
    await engine.load(archive);
  } catch {
    return undefined;
  }
  lap('load');
  const made = await engine.inspect(input.tag).catch(() => undefined);
  lap('check');
  if (!made || made.Id !== `sha256:${configHex}`) return undefined;
  return { imageId: made.Id, size: made.Size, codeLayerBytes: layer.length };
}

let tarStream: typeof TarStream | undefined;
const tarModule = (): typeof TarStream =>
  (tarStream ??= createRequire(import.meta.url)('tar-stream') as typeof TarStream);

interface TarEntry {
  name: string;
  body?: Buffer;
  type?: 'directory' | 'symlink';
  mode?: number;
  linkname?: string;
}

function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tarModule().pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const e of entries) {
    const header = { name: e.name, mode: e.mode ?? 0o644, mtime: EPOCH, uid: 0, gid: 0 };
    if (e.type === 'directory') pack.entry({ ...header, type: 'directory', mode: e.mode ?? 0o755 });
    else if (e.type === 'symlink') pack.entry({ ...header, type: 'symlink', linkname: e.linkname ?? '', mode: 0o777 });
    else pack.entry({ ...header, size: e.body?.length ?? 0 }, e.body ?? Buffer.alloc(0));
  }
  pack.finalize();
  return done;
}

/** The layer `COPY code/ /kiln/` makes: kiln/, kiln/app/ with the code files, kiln/version.json. */
async function codeLayerTar(files: readonly ContextFile[], versionFile: string): Promise<Buffer> {
  const entries: TarEntry[] = [
    { name: 'kiln/', type: 'directory' },
    { name: 'kiln/app/', type: 'directory' },
  ];
  const dirs = new Set<string>();
  for (const f of [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) {
    const parts = f.rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ name: `kiln/app/${dir}/`, type: 'directory' });
      }
    }
    const name = `kiln/app/${f.rel}`;
    if (f.linkTarget !== undefined) entries.push({ name, type: 'symlink', linkname: f.linkTarget });
    else {
      // Exactly the scanned size, as the build context reads it.
      const body = f.size ? (await readFile(f.abs)).subarray(0, f.size) : Buffer.alloc(0);
      entries.push({ name, body, mode: f.mode & 0o111 ? 0o755 : 0o644 });
    }
  }
  entries.push({ name: 'kiln/version.json', body: Buffer.from(versionFile) });
  return tarOf(entries);
}
