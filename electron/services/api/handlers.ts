// The one implementation of shared/api.ts on the services. Transports (IPC, the WebSocket
// bridge) validate input and call these; nothing here knows which transport carried the call.
import { existsSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  AlgorithmDetail,
  AlgorithmSummary,
  ApiHandlers,
  EngineStatus,
  GpuStatus,
  ParsedInput,
  RunFormSpec,
  VersionSummary,
} from '../../../shared/api.js';
import { API_VERSION } from '../../../shared/api.js';
import { KilnError } from '../../../shared/errors.js';
import { parseManifest } from '../../../shared/manifest/parse.js';
import type { VersionRecord } from '../../../shared/records.js';
import type { JobRegistry } from '../jobs.js';
import type { KilnServices } from '../kiln-services.js';
import { MANIFEST_FILE } from '../packager/manifest-loader.js';
import { scanContext } from '../packager/context.js';
import { SettingsStore } from '../settings.js';
import { createFromTemplate, initInFolder } from '../templates.js';
import { toEnvelope } from './errors.js';
import { translateDockerError } from '../engine/docker-errors.js';

export const APP_VERSION = '0.1.0';

export interface HandlerOptions {
  transport?: 'ipc' | 'websocket';
}

export function createApiHandlers(services: KilnServices, jobs: JobRegistry, opts: HandlerOptions = {}): ApiHandlers {
  const settings = new SettingsStore(services.home);
  const initial = settings.get();
  if (initial.engineEndpoint && !services.endpoint) services.setEndpoint(initial.engineEndpoint);
  let gpuCache: { at: number; value: GpuStatus } | undefined;

  const algorithmOrThrow = (name: string): { name: string; path: string } => {
    const algo = services.catalog.getAlgorithm(name);
    if (!algo) throw new KilnError('NOT_FOUND', `no algorithm named "${name}"`, 'Open its folder first.');
    return algo;
  };

  const probeGpu = async (refresh = false): Promise<GpuStatus> => {
    if (!refresh && gpuCache && Date.now() - gpuCache.at < 30_000) return gpuCache.value;
    const conn = await services.engine();
    const { probeGpus } = await import('../engine/gpu-probe.js');
    const probe = await probeGpus(conn.docker, { engineIsLocal: conn.local, isPodman: conn.isPodman });
    const value: GpuStatus = {
      available: probe.available,
      via: probe.via,
      reason: probe.reason,
      gpus: probe.gpus.map((g) => ({ index: g.index, name: g.name, uuid: g.uuid, memoryMiB: g.memoryMiB ?? null })),
    };
    gpuCache = { at: Date.now(), value };
    return value;
  };

  const detail = async (name: string, folder: string): Promise<AlgorithmDetail> => {
    const file = path.join(folder, MANIFEST_FILE);
    const manifestText = await readFile(file, 'utf8').catch(() => '');
    const parsed = parseManifest(manifestText, file);
    const form: RunFormSpec | null = parsed.ok
      ? {
          inputs: parsed.manifest.inputs,
          outputs: parsed.manifest.outputs,
          args: parsed.manifest.args,
          gpu: parsed.manifest.gpu,
        }
      : null;
    let files: AlgorithmDetail['files'] = [];
    try {
      const ctx = await scanContext(folder, { models: parsed.ok ? parsed.manifest.models : [] });
      files = ctx.files.slice(0, 2000).map((f) => ({ path: f.rel, size: f.size }));
    } catch {
      files = []; // an unsafe symlink shows up as a build error; the list just stays empty
    }
    return { name, path: folder, manifestText, problems: parsed.ok ? [] : parsed.problems, form, files };
  };

  const register = async (folderIn: string): Promise<AlgorithmDetail> => {
    const folder = path.resolve(folderIn);
    const st = await stat(folder).catch(() => null);
    if (!st?.isDirectory()) throw new KilnError('NOT_FOUND', `${folder} is not a folder`);
    const file = path.join(folder, MANIFEST_FILE);
    if (!existsSync(file)) {
      throw new KilnError(
        'MANIFEST_NOT_FOUND',
        `${folder} has no ${MANIFEST_FILE}`,
        'Create one from a template: New from template, or kiln init.',
        {
          folder,
        },
      );
    }
    const text = await readFile(file, 'utf8');
    const parsed = parseManifest(text, file);
    // A broken kiln.yaml still opens (to be fixed in the editor) as long as it names itself.
    const name = parsed.ok ? parsed.manifest.name : /^name:\s*([a-z0-9][a-z0-9._-]{0,62})\s*$/m.exec(text)?.[1];
    if (!name)
      throw new KilnError('MANIFEST_INVALID', `${file} has no valid name: key`, 'Add a line like "name: my-algo".');
    services.catalog.upsertAlgorithm(name, folder);
    return detail(name, folder);
  };

  const versionSummary = (v: VersionRecord): VersionSummary => {
    const { manifest: _manifest, ...rest } = v;
    void _manifest;
    return rest;
  };

  const handlers: ApiHandlers = {
    'app.info': async () => ({
      version: APP_VERSION,
      apiVersion: API_VERSION,
      home: services.home,
      platform: process.platform,
      transport: opts.transport ?? 'ipc',
    }),

    'engine.status': async (input: ParsedInput<'engine.status'>): Promise<EngineStatus> => {
      try {
        const conn = await services.engine();
        // The connection is cached once made: check the engine still answers (it may have gone away).
        await pingEngine(conn.docker);
        let gpu: GpuStatus | null = null;
        try {
          gpu = await probeGpu(input.refresh ?? false);
        } catch {
          gpu = null;
        }
        return {
          reachable: true,
          endpoint: conn.endpoint,
          version: conn.version.Version ?? null,
          apiVersion: conn.version.ApiVersion ?? null,
          os: conn.version.Os ?? null,
          isPodman: conn.isPodman,
          error: null,
          gpu,
        };
      } catch (err) {
        return {
          reachable: false,
          endpoint: services.endpoint ?? null,
          version: null,
          apiVersion: null,
          os: null,
          isPodman: false,
          error: toEnvelope(err),
          gpu: null,
        };
      }
    },

    'settings.get': async () => settings.get(),
    'settings.set': async (input) => {
      const patch: Parameters<SettingsStore['set']>[0] = {};
      if (input.engineEndpoint !== undefined) patch.engineEndpoint = input.engineEndpoint;
      if (input.theme !== undefined) patch.theme = input.theme;
      if (input.language !== undefined) patch.language = input.language;
      const next = await settings.set(patch);
      if (input.engineEndpoint !== undefined) {
        services.setEndpoint(input.engineEndpoint);
        gpuCache = undefined;
      }
      return next;
    },

    'algorithms.list': async (): Promise<AlgorithmSummary[]> =>
      services.catalog.listAlgorithms().map((a) => {
        const versions = services.catalog.listVersions(a.name);
        const latest = versions[0];
        const manifestOk = existsSync(path.join(a.path, MANIFEST_FILE));
        return {
          name: a.name,
          path: a.path,
          description: latest?.manifest.description ?? null,
          versions: versions.length,
          latestVersion: latest?.version ?? null,
          lastRunStatus: services.catalog.lastRunStatus(a.name),
          updatedAt: a.updatedAt,
          problem: existsSync(a.path) ? (manifestOk ? null : `${MANIFEST_FILE} is missing`) : 'the folder is gone',
        };
      }),

    'algorithms.open': async (input) => register(input.path),

    'algorithms.create': async (input) => {
      const folder = await createFromTemplate(path.join(input.parent, input.name), input.name, input.template);
      return register(folder);
    },

    'algorithms.init': async (input) => {
      await initInFolder(input.path, input.template);
      return register(input.path);
    },

    'algorithms.get': async (input) => {
      const algo = algorithmOrThrow(input.name);
      return detail(algo.name, algo.path);
    },

    'algorithms.remove': async (input) => ({ removed: services.catalog.removeAlgorithm(input.name) }),

    'manifest.read': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const file = path.join(algo.path, MANIFEST_FILE);
      return { path: file, text: await readFile(file, 'utf8') };
    },

    'manifest.save': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const file = path.join(algo.path, MANIFEST_FILE);
      const tmp = `${file}.kiln-${process.pid}.tmp`;
      await writeFile(tmp, input.text);
      await rename(tmp, file);
      const parsed = parseManifest(input.text, file);
      if (parsed.ok && parsed.manifest.name !== algo.name) {
        // Renamed in the editor: the catalog follows the folder's new name.
        services.catalog.upsertAlgorithm(parsed.manifest.name, algo.path);
      }
      return { saved: true, problems: parsed.ok ? [] : parsed.problems };
    },

    'manifest.check': async (input) => {
      const parsed = parseManifest(input.text, input.file ?? MANIFEST_FILE);
      return { problems: parsed.ok ? [] : parsed.problems };
    },

    'versions.list': async (input) => services.catalog.listVersions(input.name).map(versionSummary),

    'builds.list': async (input) => services.catalog.listBuildsFor(input.name),

    'build.start': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const info = jobs.start(
        'build',
        algo.name,
        async ({ signal, emit }) => {
          const r = await services.packager.build({ folder: algo.path, signal, onEvent: emit });
          return { kind: 'build', version: versionSummary(r.version), reused: r.reused, durationMs: r.durationMs };
        },
        toEnvelope,
      );
      return { jobId: info.jobId };
    },

    'run.start': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const info = jobs.start(
        'run',
        algo.name,
        async ({ jobId, signal, emit }) => {
          const r = await services.runner.run({
            target: input.version ? `${algo.name}:${input.version}` : algo.path,
            inputs: input.inputs,
            args: input.args,
            outDir: path.join(services.home, 'outputs', jobId),
            gpu: input.gpu,
            signal,
            onEvent: emit,
          });
          return { kind: 'run', run: r.run };
        },
        toEnvelope,
      );
      return { jobId: info.jobId };
    },

    'runs.list': async (input) => services.catalog.listRuns(input.name, input.limit ?? 50),

    'runs.get': async (input) => {
      const run = services.catalog.getRun(input.id);
      if (!run) throw new KilnError('NOT_FOUND', `no run ${input.id}`);
      return run;
    },

    'jobs.get': async (input) => jobs.get(input.jobId),
    'jobs.list': async (input) => jobs.list().filter((j) => !input.algorithm || j.algorithm === input.algorithm),
    'jobs.cancel': async (input) => ({ cancelled: jobs.cancel(input.jobId) }),
    'gpu.probe': async () => probeGpu(true),
  };
  return handlers;
}

/** One /_ping with a short limit; an engine that went away becomes ENGINE_UNAVAILABLE in words. */
async function pingEngine(docker: { ping(): Promise<unknown> }, timeoutMs = 1500): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })), timeoutMs);
      }),
    ]);
  } catch (err) {
    const t = translateDockerError(err);
    throw new KilnError(t.code === 'ENGINE_ERROR' ? 'ENGINE_UNAVAILABLE' : t.code, t.message, t.hint);
  } finally {
    clearTimeout(timer);
  }
}
