// Folder -> image. The same build inputs never build twice: the content hash finds the
// existing version. Model files build into their own image only when their hash changes.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
import { hintRef, ref } from '../../../shared/messages/index.js';
import type { BuildEvent } from '../../../shared/events.js';
import type { Manifest } from '../../../shared/manifest/schema.js';
import { toRuntimeManifest } from '../../../shared/manifest/runtime-manifest.js';
import type { VersionRecord } from '../../../shared/records.js';
import type { Catalog } from '../catalog/catalog.js';
import type { RawEngine } from '../engine/raw-engine.js';
import { resourcesDir } from '../paths.js';
import { currentProcess } from '../process-identity.js';
import { acquireBuildLock } from './build-lock.js';
import { BuildProgress, type BuildStreamMessage } from './build-progress.js';
import type { ExtraFile } from './build-context-tar.js';
import { scanContext, type BuildContext } from './context.js';
import {
  CONTEXT_KILN,
  CONTEXT_VERSION_FILE,
  GENERATOR_VERSION,
  generateDockerfile,
  generateModelsDockerfile,
} from './dockerfile.js';
import { explainBuildFailure } from './build-failure.js';
import { STEM_LABEL, stemHash, swapCodeLayer } from './code-layer-swap.js';
import type { HistoryEntry, SwapEngine } from '../engine/raw-engine.js';
import { loadManifest } from './manifest-loader.js';

export interface PackagerDeps {
  catalog: Catalog;
  home: string;
  docker: () => Promise<Dockerode>;
  /** A fast existence check for the no-op path; undefined means "ask the full client". */
  quickImageExists?: (ref: string) => Promise<boolean | undefined>;
  /** Plain HTTP to the engine for the build itself, without dockerode; undefined means "use dockerode". */
  rawEngine?: () => Promise<RawEngine | undefined>;
}

export interface BuildOptions {
  folder: string;
  signal?: AbortSignal;
  onEvent?: (e: BuildEvent) => void;
}

export interface BuildResult {
  version: VersionRecord;
  reused: boolean;
  buildId: string | null;
  durationMs: number;
  timings: Record<string, number>;
  logPath: string | null;
}

export interface PreparedBuild {
  folder: string;
  manifest: Manifest;
  context: BuildContext;
  contentHash: string;
  runtimeSource: Buffer;
}

export class Packager {
  constructor(private readonly deps: PackagerDeps) {}

  /** Reads the manifest, scans the folder and computes the content hash. No engine needed. */
  async prepare(folderIn: string): Promise<PreparedBuild> {
    const folder = path.resolve(folderIn);
    const { manifest } = await loadManifest(folder, { cacheDir: path.join(this.deps.home, 'cache', 'manifests') });
    const context = await scanContext(folder, {
      models: manifest.models,
      statCachePath: path.join(
        this.deps.home,
        'cache',
        'stat',
        `${createHash('sha1').update(folder).digest('hex')}.json`,
      ),
    });
    const runtimeSource = readFileSync(path.join(resourcesDir(), 'runtime', 'kiln_runtime.py'));
    const contentHash = createHash('sha256')
      .update(
        JSON.stringify({
          generator: GENERATOR_VERSION,
          runtime: createHash('sha256').update(runtimeSource).digest('hex'),
          manifest,
          files: context.files.map((f) => [f.rel, f.mode & 0o111 ? 1 : 0, f.sha256]),
        }),
      )
      .digest('hex');
    return { folder: context.root, manifest, context, contentHash, runtimeSource };
  }

  async build(opts: BuildOptions): Promise<BuildResult> {
    const started = Date.now();
    const emit = opts.onEvent ?? ((): void => undefined);
    const prep = await this.prepare(opts.folder);
    const { manifest, context, contentHash } = prep;
    const timings: Record<string, number> = { prepare: Date.now() - started };
    emit({ type: 'build.context', ...context.stats, contentHash });

    const { catalog } = this.deps;
    const existingAlgo = catalog.getAlgorithm(manifest.name);
    const algorithm =
      existingAlgo && existingAlgo.path === prep.folder
        ? existingAlgo
        : catalog.upsertAlgorithm(manifest.name, prep.folder);

    const reused = await this.findReusable(algorithm.id, contentHash);
    if (reused) {
      emit({ type: 'build.reused', version: reused.version, tag: reused.tag });
      return { version: reused, reused: true, buildId: null, durationMs: Date.now() - started, timings, logPath: null };
    }

    const lock = await acquireBuildLock(
      path.join(this.deps.home, 'locks'),
      `${manifest.name}-${contentHash.slice(0, 32)}`,
      {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onWait: (owner) =>
          emit({
            type: 'build.waiting',
            reason: `another kiln process (pid ${owner.pid}) is building the same content`,
          }),
      },
    );
    try {
      if (lock.waited) {
        const built = await this.findReusable(algorithm.id, contentHash);
        if (built) {
          emit({ type: 'build.reused', version: built.version, tag: built.tag });
          return {
            version: built,
            reused: true,
            buildId: null,
            durationMs: Date.now() - started,
            timings,
            logPath: null,
          };
        }
      }
      return await this.buildLocked(prep, algorithm.id, opts, started, timings);
    } finally {
      await lock.release();
    }
  }

  private async findReusable(algorithmId: number, contentHash: string): Promise<VersionRecord | undefined> {
    const existing = this.deps.catalog.findVersionByHash(algorithmId, contentHash);
    if (!existing) return undefined;
    const quick = await this.deps.quickImageExists?.(existing.tag);
    if (quick === true) return existing;
    const docker = await this.deps.docker();
    if (await imageExists(docker, existing.tag)) return existing;
    return undefined; // image removed from the engine since: build it again
  }

  private async buildLocked(
    prep: PreparedBuild,
    algorithmId: number,
    opts: BuildOptions,
    started: number,
    timings: Record<string, number>,
  ): Promise<BuildResult> {
    const { manifest, context, contentHash } = prep;
    const emit = opts.onEvent ?? ((): void => undefined);
    const buildId = randomUUID();
    const logDir = path.join(this.deps.home, 'logs', 'builds');
    await mkdir(logDir, { recursive: true });
    const logPath = path.join(logDir, `${buildId}.log`);
    const log = createWriteStream(logPath);
    const emitAndLog = (e: BuildEvent): void => {
      log.write(`${JSON.stringify({ ts: new Date().toISOString(), ...e })}\n`);
      emit(e);
    };
    const { catalog } = this.deps;
    catalog.startBuild({ id: buildId, algorithmId, sourcePath: prep.folder, owner: currentProcess(), logPath });
    try {
      // A rebuild from the CLI talks plain HTTP to the engine (no dockerode to load); TLS and ssh
      // engines, one that does not answer, and a long-running app (connected already) use the full client.
      const raw = await this.deps.rawEngine?.();
      const docker = raw ? undefined : await this.deps.docker();
      const via = raw ? { raw } : { docker: docker! };
      let modelsImage: string | undefined;
      if (context.modelFiles.length && context.modelsHash) {
        const t0 = Date.now();
        modelsImage = `kiln-models/${manifest.name}:${context.modelsHash.slice(0, 20)}`;
        const haveModels = raw
          ? (await raw.inspectImage(modelsImage)) !== undefined
          : await imageExists(docker!, modelsImage);
        if (!haveModels) {
          emitAndLog({ type: 'build.image', stage: 'models', tag: modelsImage });
          const labels = { 'kiln.role': 'models', 'kiln.name': manifest.name, 'kiln.models-hash': context.modelsHash };
          await runBuild(
            via,
            'models',
            context.modelFiles,
            [{ name: `${CONTEXT_KILN}/Dockerfile`, content: generateModelsDockerfile(labels) }],
            modelsImage,
            emitAndLog,
            opts.signal,
          );
        }
        timings['models'] = Date.now() - t0;
      }

      const version = `${stamp(new Date())}-${contentHash.slice(0, 12)}`;
      const tag = `kiln/${manifest.name}:${version}`;
      // Labels hold only what a code change leaves alone (they go before the code copy, cached);
      // the version and the content hash ride in the code layer as /kiln/version.json.
      const labels: Record<string, string> = {
        'kiln.role': 'algorithm',
        'kiln.name': manifest.name,
        'kiln.source': prep.folder,
        'kiln.manifest': JSON.stringify(manifest),
        'kiln.generator': GENERATOR_VERSION,
      };
      const swapEngine = raw ? raw.swap : dockerodeSwap(docker!);
      const idOf = async (ref: string | undefined): Promise<string | null> =>
        ref ? ((await swapEngine.inspect(ref).catch(() => undefined))?.Id ?? null) : null;
      // The stem: everything but the code. Equal to the previous image's, a code layer swap makes the image.
      const tStem = Date.now();
      const [baseId, modelsId, unlabelled] = await Promise.all([
        idOf(manifest.base),
        idOf(modelsImage),
        this.contextExtras(prep, modelsImage, labels),
      ]);
      const stem = stemHash({
        dockerfile: String(unlabelled[0]!.content),
        generated: unlabelled.slice(1),
        baseImageId: baseId ?? '',
        modelsImageId: modelsId,
      });
      const extra = await this.contextExtras(prep, modelsImage, { ...labels, [STEM_LABEL]: stem });
      timings['stem'] = Date.now() - tStem;
      const versionFile = `${JSON.stringify({ name: manifest.name, version, tag, contentHash, generator: GENERATOR_VERSION })}\n`;
      extra.push({ name: CONTEXT_VERSION_FILE, content: versionFile });
      emitAndLog({ type: 'build.image', stage: 'main', tag });
      const t1 = Date.now();
      const previous = catalog.getVersion(manifest.name);
      const swapped =
        previous && baseId && manifest.build.length === 0
          ? await swapCodeLayer({
              engine: swapEngine,
              previousTag: previous.tag,
              stem,
              tag,
              codeFiles: context.codeFiles,
              versionFile,
              timings,
            })
          : undefined;
      let info: { Id: string; Size: number } | undefined;
      if (swapped) {
        timings['swap'] = Date.now() - t1;
        emitAndLog({
          type: 'build.log',
          stage: 'main',
          line: `Only the code changed: new code layer (${swapped.codeLayerBytes} bytes) on ${previous!.version}, no build step replayed`,
        });
        info = { Id: swapped.imageId, Size: swapped.size };
      } else {
        const progress = await runBuild(via, 'main', context.codeFiles, extra, tag, emitAndLog, opts.signal);
        timings['main'] = Date.now() - t1;
        Object.assign(timings, progress.timings());
        info = raw ? await raw.inspectImage(tag) : await docker!.getImage(tag).inspect();
      }
      if (!info) throw KilnError.of('ENGINE_ERROR', 'build.notListed', { tag });
      const record = catalog.addVersion({
        algorithmId,
        version,
        tag,
        imageId: info.Id,
        contentHash,
        sizeBytes: info.Size,
        manifest,
        sourcePath: prep.folder,
        buildId,
        createdAt: new Date().toISOString(),
      });
      const durationMs = Date.now() - started;
      catalog.finishBuild(buildId, { status: 'succeeded', contentHash, versionId: record.id, durationMs, timings });
      emitAndLog({ type: 'build.done', version, tag, durationMs });
      return { version: record, reused: false, buildId, durationMs, timings, logPath };
    } catch (err) {
      const e = explainBuildFailure(toBuildError(err, opts.signal), manifest);
      catalog.finishBuild(buildId, {
        status: e.code === 'CANCELLED' ? 'cancelled' : 'failed',
        contentHash,
        durationMs: Date.now() - started,
        timings,
        errorCode: e.code,
        errorMessage: e.message,
        ...(e.messageId ? { errorMessageId: e.messageId } : {}),
        ...(e.params ? { errorParams: e.params } : {}),
      });
      log.write(`${JSON.stringify({ ts: new Date().toISOString(), type: 'build.failed', error: e.toEnvelope() })}\n`);
      const hint = e.hint ? `${e.hint} Full log: ${logPath}` : `Full log: ${logPath}`;
      const wrapped = new KilnError(e.code, e.message, hint, { ...e.details, buildId, logPath });
      // The UI's language: the same message, its hint and the full log's path.
      if (e.messageId) {
        const problem = ref(e.messageId, e.params);
        wrapped.messageId = e.hint ? 'build.withLog' : 'build.withLogOnly';
        wrapped.params = e.hint
          ? { problem, hint: hintRef(e.messageId, e.params), log: logPath }
          : { problem, log: logPath };
      }
      throw wrapped;
    } finally {
      await closeStream(log);
    }
  }

  private async contextExtras(
    prep: PreparedBuild,
    modelsImage: string | undefined,
    labels: Record<string, string>,
  ): Promise<ExtraFile[]> {
    const { manifest } = prep;
    const pp = manifest.python_packages;
    let requirements: string | undefined;
    let findLinks: string | undefined;
    let indexUrl: string | undefined;
    if (pp) {
      const parts: string[] = [];
      if (Array.isArray(pp)) parts.push(...pp);
      else {
        if (pp.requirements) parts.push((await readFile(path.join(prep.folder, pp.requirements), 'utf8')).trimEnd());
        if (pp.packages) parts.push(...pp.packages);
        findLinks = pp.find_links?.replace(/\/+$/, '');
        indexUrl = pp.index_url;
      }
      requirements = parts.length ? `${parts.join('\n')}\n` : undefined;
    }
    const dockerfile = generateDockerfile({
      manifest,
      labels,
      ...(modelsImage ? { modelsImage } : {}),
      hasPythonPackages: requirements !== undefined,
      ...(findLinks ? { findLinksDir: findLinks } : {}),
      ...(indexUrl ? { indexUrl } : {}),
    });
    const extra: ExtraFile[] = [
      { name: `${CONTEXT_KILN}/Dockerfile`, content: dockerfile },
      { name: `${CONTEXT_KILN}/kiln_runtime.py`, content: prep.runtimeSource },
      { name: `${CONTEXT_KILN}/manifest.json`, content: `${JSON.stringify(toRuntimeManifest(manifest), null, 2)}\n` },
    ];
    if (requirements !== undefined) extra.push({ name: `${CONTEXT_KILN}/requirements.txt`, content: requirements });
    return extra;
  }
}

async function runBuild(
  via: { docker: Dockerode } | { raw: RawEngine },
  stage: 'models' | 'main',
  files: BuildContext['files'],
  extra: ExtraFile[],
  tag: string,
  emit: (e: BuildEvent) => void,
  signal: AbortSignal | undefined,
): Promise<BuildProgress> {
  const progress = new BuildProgress(stage, emit);
  const { createContextTar } = await import('./build-context-tar.js');
  const tar = createContextTar(files, extra);
  if ('raw' in via) {
    const query = { t: tag, dockerfile: `${CONTEXT_KILN}/Dockerfile`, rm: '1', forcerm: '1' };
    // tar-stream's pack is a streamx Readable: it pipes into the request like a Node stream.
    await via.raw.build(tar.stream as unknown as Readable, query, (msg) => progress.push(msg), signal);
  } else {
    const { docker } = via;
    const stream = await docker.buildImage(
      tar.stream as unknown as NodeJS.ReadableStream,
      {
        t: tag,
        dockerfile: `${CONTEXT_KILN}/Dockerfile`,
        rm: true,
        forcerm: true,
        ...(signal ? { abortSignal: signal } : {}),
      } as Dockerode.ImageBuildOptions,
    );
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (msg: BuildStreamMessage) => progress.push(msg),
      );
    });
  }
  await tar.done;
  progress.finish();
  if (progress.error) {
    const { step, tail } = progress.failure();
    const exit = /returned a non-zero code: (\d+)/.exec(progress.error);
    const instruction = step
      ? step.instruction.length > 120
        ? `${step.instruction.slice(0, 117)}...`
        : step.instruction
      : '';
    const what = step
      ? exit
        ? ref('build.stepFailedExit', { index: step.index, total: step.total, exit: exit[1] ?? '', instruction })
        : ref('build.stepFailed', { index: step.index, total: step.total, instruction })
      : ref('build.failedNoStep');
    const why = exit ? '' : `\n${progress.error}`;
    throw KilnError.of(
      'BUILD_FAILED',
      'build.failed',
      {
        prefix: stage === 'models' ? ref('build.modelsPrefix') : '',
        what,
        why,
        output: tail.length ? ref('build.output', { tail: tail.join('\n') }) : '',
      },
      {
        stage,
        step: step?.index ?? null,
        instruction: step?.instruction ?? null,
        tail,
      },
    );
  }
  return progress;
}

/** The code layer swap's engine calls through dockerode (the app, TLS and ssh engines). */
function dockerodeSwap(docker: Dockerode): SwapEngine {
  return {
    inspect: async (ref) => {
      try {
        return await docker.getImage(ref).inspect();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
    },
    history: async (ref) => (await docker.getImage(ref).history()) as HistoryEntry[],
    load: async (archive) => {
      const { Readable } = await import('node:stream');
      const stream = await docker.loadImage(Readable.from([archive]), { quiet: true });
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
      const failed = Buffer.concat(chunks)
        .toString()
        .split('\n')
        .some((l) => /"error(Detail)?"\s*:/.test(l));
      if (failed) throw new Error('the engine refused the image archive');
    },
  };
}

export async function imageExists(docker: Dockerode, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

function toBuildError(err: unknown, signal: AbortSignal | undefined): KilnError {
  if (signal?.aborted) return KilnError.of('CANCELLED', 'build.cancelled');
  if (err instanceof KilnError) return err;
  const e = err as { message?: string; statusCode?: number; json?: { message?: string } };
  const msg = (e.json?.message ?? e.message ?? String(err)).split('\n')[0]!;
  // The connection to the engine broke (it stopped, or its socket went away) mid-build.
  const { code, syscall } = (err ?? {}) as { code?: unknown; syscall?: unknown };
  const lost =
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    ((code === 'ENOENT' || code === 'ECONNREFUSED') && syscall === 'connect') ||
    /^(aborted|socket hang up)$/i.test(msg);
  if (e.statusCode === undefined && lost) {
    return KilnError.of('ENGINE_UNAVAILABLE', 'build.engineLost', { detail: msg });
  }
  return KilnError.of('ENGINE_ERROR', 'build.engineRefused', { detail: msg });
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((resolve) => s.end(resolve));
}
