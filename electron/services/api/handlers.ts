// The one implementation of shared/api.ts on the services. Transports (IPC, the WebSocket
// bridge) validate input and call these; nothing here knows which transport carried the call.
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
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
import { checkBrowseRoot, listHostFolder } from '../host-files.js';
import { removeRun } from '../runner/run-removal.js';
import { toEnvelope } from './errors.js';
import { assertFolder } from '../algorithm-admin.js';
import { readAlgorithmFile, saveAlgorithmFile, sha256, statAlgorithmFile } from './algorithm-files.js';
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
  // The app (or `kiln ui`) starting: remove every container a dead kiln process left on this host.
  void services.sweepOrphans({ full: true }).catch(() => undefined);

  /** Renaming or removing under a running build or run would pull the ground from under it. */
  const assertIdle = (name: string): void => {
    const busy = jobs.list().find((j) => j.algorithm === name && j.status === 'running');
    if (busy) throw KilnError.of('IN_USE', 'algorithms.busy', { name, job: busy.jobId });
  };

  const algorithmOrThrow = (name: string): { name: string; path: string } => {
    const algo = services.catalog.getAlgorithm(name);
    if (!algo) throw KilnError.of('NOT_FOUND', 'api.noAlgorithm', { name });
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
      ...(probe.reasonSaid ? { reasonSaid: probe.reasonSaid } : {}),
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
    return {
      name,
      path: folder,
      manifestText,
      manifestSha256: sha256(manifestText),
      problems: parsed.ok ? [] : parsed.problems,
      form,
      files,
    };
  };

  const register = async (folderIn: string): Promise<AlgorithmDetail> => {
    const folder = path.resolve(folderIn);
    const st = await stat(folder).catch(() => null);
    if (!st?.isDirectory()) throw KilnError.of('NOT_FOUND', 'api.notAFolder', { folder });
    const file = path.join(folder, MANIFEST_FILE);
    if (!existsSync(file)) {
      throw KilnError.of('MANIFEST_NOT_FOUND', 'api.noManifest', { folder, file: MANIFEST_FILE }, { folder });
    }
    const text = await readFile(file, 'utf8');
    const parsed = parseManifest(text, file);
    // A broken kiln.yaml still opens (to be fixed in the editor) as long as it names itself.
    const name = parsed.ok ? parsed.manifest.name : /^name:\s*([a-z0-9][a-z0-9._-]{0,62})\s*$/m.exec(text)?.[1];
    if (!name) throw KilnError.of('MANIFEST_INVALID', 'manifest.noName', { file });
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
      if (input.browseRoots !== undefined) {
        const roots: string[] = [];
        for (const r of input.browseRoots) {
          const checked = await checkBrowseRoot(r);
          if (!roots.includes(checked)) roots.push(checked);
        }
        patch.browseRoots = roots;
      }
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
          lastBuildStatus: services.catalog.listBuildsFor(a.name, 1)[0]?.status ?? null,
          updatedAt: a.updatedAt,
          problem: existsSync(a.path) ? (manifestOk ? null : `${MANIFEST_FILE} is missing`) : 'folder not found',
          problemKind: existsSync(a.path) ? (manifestOk ? null : 'manifest-not-found') : 'folder-not-found',
        };
      }),

    'algorithms.open': async (input) => register(input.path),

    'algorithms.create': async (input) => {
      const parent = path.resolve(input.parent);
      const st = await stat(parent).catch(() => null);
      if (st && !st.isDirectory()) throw KilnError.of('BAD_ARGUMENT', 'create.parentNotFolder', { parent });
      // Never make folders the user did not ask for: the app asks first, then sends createParents.
      if (!st && !input.createParents)
        throw KilnError.of('NOT_FOUND', 'create.parentMissing', { parent }, { folder: parent });
      if (!st) await mkdir(parent, { recursive: true });
      const folder = await createFromTemplate(path.join(parent, input.name), input.name, input.template);
      const detail = await register(folder);
      await settings.set({ lastParent: parent });
      return detail;
    },

    'algorithms.init': async (input) => {
      await initInFolder(input.path, input.template);
      return register(input.path);
    },

    'algorithms.get': async (input) => {
      const algo = algorithmOrThrow(input.name);
      assertFolder(algo); // a folder that disappeared is "folder not found", not an empty manifest's problems
      return detail(algo.name, algo.path);
    },

    'algorithms.remove': async (input) => {
      assertIdle(input.name);
      await services.warm.stop(input.name); // a container kept warm for it goes with it
      return services.algorithms.remove(input.name, { images: input.removeImages ?? false });
    },

    'algorithms.rename': async (input) => {
      assertIdle(input.name);
      await services.warm.stop(input.name); // served under the old name: Keep warm starts it anew
      const renamed = await services.algorithms.rename(input.name, input.to, input.expected);
      return detail(renamed.name, renamed.path);
    },

    'manifest.read': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const f = await readAlgorithmFile(algo.path, MANIFEST_FILE);
      return { path: path.join(algo.path, MANIFEST_FILE), text: f.text, sha256: f.sha256 };
    },

    'manifest.save': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const file = path.join(algo.path, MANIFEST_FILE);
      // Conditional on what the editor loaded: changed on disk since -> CONFLICT, nothing written.
      const saved = await saveAlgorithmFile(algo.path, MANIFEST_FILE, input.text, input.expected);
      const parsed = parseManifest(input.text, file);
      if (parsed.ok && parsed.manifest.name !== algo.name) {
        // Renamed in the editor: the catalog row follows (versions and runs stay with it).
        const row = services.catalog.getAlgorithm(algo.name);
        if (row) services.algorithms.renameRow(row, parsed.manifest.name);
      }
      return { saved: true, problems: parsed.ok ? [] : parsed.problems, sha256: saved.sha256 };
    },

    'files.read': async (input) => readAlgorithmFile(algorithmOrThrow(input.name).path, input.path),
    'files.stat': async (input) => statAlgorithmFile(algorithmOrThrow(input.name).path, input.path),
    'files.save': async (input) => {
      const saved = await saveAlgorithmFile(algorithmOrThrow(input.name).path, input.path, input.text, input.expected);
      return { saved: true, path: saved.path, sha256: saved.sha256, size: saved.size, mtimeMs: saved.mtimeMs };
    },

    'manifest.check': async (input) => {
      const parsed = parseManifest(input.text, input.file ?? MANIFEST_FILE);
      return { problems: parsed.ok ? [] : parsed.problems };
    },

    'versions.list': async (input) => {
      const versions = services.catalog.listVersions(input.name);
      const states = await services.versions.imageStates(versions);
      return versions.map((v) => ({ ...versionSummary(v), image: states.get(v.id) ?? 'unknown' }));
    },

    'versions.remove': async (input) => {
      const v = services.versions.resolve(`${input.name}:${input.version}`);
      return services.versions.remove(v);
    },

    'builds.list': async (input) => services.catalog.listBuildsFor(input.name),

    'build.start': async (input) => {
      const algo = algorithmOrThrow(input.name);
      assertFolder(algo);
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
      if (!input.version) assertFolder(algo); // the folder builds first; a named version runs from its image
      const info = jobs.start(
        'run',
        algo.name,
        async ({ signal, emit }) => {
          const r = await services.runner.run({
            target: input.version ? `${algo.name}:${input.version}` : algo.path,
            inputs: input.inputs,
            args: input.args,
            // No outDir: the runner puts outputs in KILN_HOME/outputs/<run id>, the id the UI shows.
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
      if (!run) throw KilnError.of('NOT_FOUND', 'api.noRun', { id: input.id });
      return run;
    },

    'runs.delete': async (input) => removeRun(services.catalog, services.home, input.id),

    'files.list': async (input) =>
      listHostFolder(input.path, { home: os.homedir(), extra: settings.get().browseRoots }),

    'jobs.get': async (input) => jobs.get(input.jobId),
    'jobs.list': async (input) => jobs.list().filter((j) => !input.algorithm || j.algorithm === input.algorithm),
    'jobs.cancel': async (input) => ({ cancelled: jobs.cancel(input.jobId) }),
    'gpu.probe': async () => probeGpu(true),

    'serve.start': async (input) => {
      const algo = algorithmOrThrow(input.name);
      const info = jobs.start(
        'serve',
        algo.name,
        async ({ signal, emit }) => {
          // A folder (no version named) builds first when changed, as `kiln serve <folder>` does.
          const target = input.version ? `${algo.name}:${input.version}` : algo.path;
          const version = await services.runner.resolveTarget(target, { signal, onEvent: emit });
          const served = await services.warm.start(version, { gpu: input.gpu, signal, onEvent: emit });
          return { kind: 'serve', served };
        },
        toEnvelope,
      );
      return { jobId: info.jobId };
    },

    'serve.stop': async (input) => ({ stopped: await services.warm.stop(input.name) }),

    'serve.status': async (input) => ({ served: services.warm.status(input.name) }),
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
    const out = new KilnError(t.code === 'ENGINE_ERROR' ? 'ENGINE_UNAVAILABLE' : t.code, t.message, t.hint);
    out.messageId = t.messageId;
    out.params = t.params;
    throw out;
  } finally {
    clearTimeout(timer);
  }
}
