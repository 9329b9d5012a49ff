// What GPUs a container on this engine can get, and why (or why not). Three sources:
//   - the engine's /info: an "nvidia" runtime (the NVIDIA Container Toolkit is installed), CDISpecDirs;
//   - nvidia-smi on the host PATH: the GPUs themselves (index, name, uuid, memory);
//   - CDI specs in /etc/cdi and /var/run/cdi (`nvidia-ctk cdi generate`), for engines that use CDI.
// Host checks only mean something when the engine runs on this machine.
import { execFile } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatMessage, ref, type MessageRef } from '../../../shared/messages/index.js';

export interface DockerInfoGpu {
  serverVersion: string | null;
  /** Every runtime the engine lists, sorted. */
  runtimes: string[];
  /** An "nvidia" runtime (or one whose path is nvidia-container-runtime) is configured. */
  nvidiaRuntime: boolean;
  defaultRuntime: string | null;
  nvidiaIsDefault: boolean;
  /** null: the engine does not report CDISpecDirs (older than Docker 25, no CDI); []: CDI disabled. */
  cdiSpecDirs: string[] | null;
  /** DiscoveredDevices from CDI (Docker 28.2+), fully qualified: "nvidia.com/gpu=0". */
  cdiDevices: string[];
}

export interface NvidiaSmiGpu {
  index: number;
  name: string;
  uuid: string;
  /** null when nvidia-smi printed [N/A] or the column was not asked for. */
  memoryMiB: number | null;
}

export interface GpuDevice {
  index: number;
  name: string | null;
  uuid: string | null;
  memoryMiB: number | null;
}

export interface CdiDevice {
  name: string;
  /** kind=name, what engines take: "nvidia.com/gpu=0". */
  qualifiedName: string;
  deviceNodes: string[];
}

export interface CdiSpec {
  cdiVersion: string | null;
  kind: string;
  devices: CdiDevice[];
}

export type GpuVia = 'nvidia-runtime' | 'cdi' | 'nvidia-smi' | 'none';

export interface GpuProbe {
  /** Containers on this engine can be given GPUs, as far as the probe can tell. */
  available: boolean;
  /**
   * How: the engine's NVIDIA runtime (DeviceRequests with Driver "nvidia"), CDI (Driver "cdi"),
   * 'nvidia-smi' when the host has GPUs but the engine shows no NVIDIA support (available is false:
   * a GPU request may still work through nvidia-container-runtime-hook, unseen by the API), or none.
   */
  via: GpuVia;
  gpus: GpuDevice[];
  /** One human sentence: what was found, or what is missing. */
  reason: string;
  /** The same sentence as a message (shared/messages/gpu.ts), for the UI's language. */
  reasonSaid?: MessageRef;
  engine: DockerInfoGpu | null;
  /** nvidia.com/gpu CDI devices the engine can use (qualified names). */
  cdiDevices: string[];
  nvidiaSmi: 'ok' | 'missing' | 'failed' | 'skipped';
  /**
   * nvidia-container-runtime-hook on this Linux host: dockerd registers its "nvidia" device driver
   * (what DeviceRequests with Driver "nvidia" need) only when it finds this binary, whatever runtimes
   * daemon.json lists. 'skipped' for remote engines, Podman, and engines in a VM (macOS, Windows).
   */
  nvidiaHook: 'found' | 'missing' | 'skipped';
}

export type NvidiaSmiRun =
  { status: 'ok'; stdout: string } | { status: 'missing' } | { status: 'failed'; message: string };

export interface CdiSpecFile {
  path: string;
  text: string;
}

export interface ProbeGpuOptions {
  /** The engine runs on this machine (default: inferred from the client's address; a socket is local). */
  engineIsLocal?: boolean;
  /** Podman reads CDI specs itself, without CDISpecDirs in its /info. */
  isPodman?: boolean;
  runNvidiaSmi?: () => Promise<NvidiaSmiRun>;
  readCdiSpecs?: (dirs: string[]) => Promise<CdiSpecFile[]>;
  /** Where to look for CDI specs (default: the engine's CDISpecDirs, else /etc/cdi and /var/run/cdi). */
  cdiDirs?: string[];
  /** Whether nvidia-container-runtime-hook is installed (default: PATH and the usual bin dirs). */
  findNvidiaHook?: () => Promise<boolean>;
  /** The host platform (default process.platform); the hook check is Linux-only. */
  platform?: NodeJS.Platform;
}

export const NVIDIA_HOOK = 'nvidia-container-runtime-hook';
export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,uuid,memory.total', '--format=csv,noheader,nounits'];
export const DEFAULT_CDI_DIRS = ['/etc/cdi', '/var/run/cdi'];
const NVIDIA_CDI_KIND = 'nvidia.com/gpu';

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The GPU-relevant part of GET /info (`docker info --format '{{json .}}'`). */
export function parseDockerInfoGpu(info: unknown): DockerInfoGpu {
  const i = record(info) ?? {};
  const runtimes = record(i.Runtimes) ?? {};
  const names = Object.keys(runtimes).sort();
  const isNvidia = (name: string): boolean => {
    const p = record(runtimes[name])?.path;
    return name === 'nvidia' || (typeof p === 'string' && /nvidia-container-runtime/.test(p));
  };
  const defaultRuntime = typeof i.DefaultRuntime === 'string' && i.DefaultRuntime !== '' ? i.DefaultRuntime : null;
  const cdiDevices: string[] = [];
  if (Array.isArray(i.DiscoveredDevices)) {
    for (const d of i.DiscoveredDevices) {
      const r = record(d);
      if (r !== null && r.Source === 'cdi' && typeof r.ID === 'string') cdiDevices.push(r.ID);
    }
  }
  return {
    serverVersion: typeof i.ServerVersion === 'string' ? i.ServerVersion : null,
    runtimes: names,
    nvidiaRuntime: names.some(isNvidia),
    defaultRuntime,
    nvidiaIsDefault: defaultRuntime !== null && isNvidia(defaultRuntime),
    cdiSpecDirs: Array.isArray(i.CDISpecDirs) ? strings(i.CDISpecDirs) : null,
    cdiDevices,
  };
}

function cell(v: string | undefined): string | null {
  if (v === undefined) return null;
  const t = v.trim();
  return t === '' || /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions)\]?$/i.test(t) ? null : t;
}

/**
 * nvidia-smi --query-gpu CSV. Without a header the columns are Kiln's query (index, name, uuid,
 * memory.total); with one (--format=csv) they are found by name and units like "24564 MiB" are read.
 * Lines that are not GPU rows (warnings) are skipped.
 */
export function parseNvidiaSmiCsv(text: string): NvidiaSmiGpu[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  let columns = ['index', 'name', 'uuid', 'memory.total'];
  const first = lines[0]?.split(',').map((c) => c.trim().toLowerCase()) ?? [];
  if (first.includes('index') || first.includes('uuid') || first.some((c) => c.startsWith('memory.total'))) {
    columns = first.map((c) => c.replace(/\s*\[.*\]$/, ''));
    lines.shift();
  }
  const at = (name: string): number => columns.indexOf(name);
  const out: NvidiaSmiGpu[] = [];
  for (const line of lines) {
    const fields = line.split(',');
    if (fields.length < columns.length) continue;
    const index = cell(fields[at('index')]);
    if (index === null || !/^\d+$/.test(index)) continue;
    const memory = at('memory.total') >= 0 ? cell(fields[at('memory.total')]) : null;
    const mib = memory === null ? NaN : Number.parseFloat(memory);
    out.push({
      index: Number(index),
      name: cell(fields[at('name')]) ?? '',
      uuid: cell(fields[at('uuid')]) ?? '',
      memoryMiB: Number.isFinite(mib) ? Math.round(mib) : null,
    });
  }
  return out;
}

/** A CDI spec (YAML or JSON, as `nvidia-ctk cdi generate` writes it): its kind and devices. Throws on text that is not a spec. */
export function parseCdiSpec(text: string): CdiSpec {
  const doc = record(parseYaml(text));
  if (doc === null || typeof doc.kind !== 'string' || doc.kind === '') throw new Error('not a CDI spec: no "kind"');
  const kind = doc.kind;
  const devices: CdiDevice[] = [];
  for (const d of Array.isArray(doc.devices) ? doc.devices : []) {
    const r = record(d);
    const name = r?.name;
    if (r === null || (typeof name !== 'string' && typeof name !== 'number')) continue;
    const nodes = Array.isArray(record(r.containerEdits)?.deviceNodes)
      ? (record(r.containerEdits)?.deviceNodes as unknown[])
      : [];
    devices.push({
      name: String(name),
      qualifiedName: `${kind}=${String(name)}`,
      deviceNodes: nodes.map((n) => record(n)?.path).filter((p): p is string => typeof p === 'string'),
    });
  }
  return { cdiVersion: typeof doc.cdiVersion === 'string' ? doc.cdiVersion : null, kind, devices };
}

/** GPUs named in NVIDIA CDI specs: the numbered devices, each with the UUID-named device that shares its /dev/nvidiaN. */
export function gpusFromCdi(specs: CdiSpec[]): GpuDevice[] {
  const devices = specs.filter((s) => s.kind === NVIDIA_CDI_KIND).flatMap((s) => s.devices);
  const gpuNode = (d: CdiDevice): string | undefined => d.deviceNodes.find((n) => /^\/dev\/nvidia\d+$/.test(n));
  const out: GpuDevice[] = [];
  for (const d of devices) {
    if (!/^\d+$/.test(d.name)) continue;
    const node = gpuNode(d);
    const twin = devices.find((o) => /^GPU-/i.test(o.name) && node !== undefined && gpuNode(o) === node);
    out.push({ index: Number(d.name), name: null, uuid: twin?.name ?? null, memoryMiB: null });
  }
  return out.sort((a, b) => a.index - b.index);
}

function runNvidiaSmiOnPath(): Promise<NvidiaSmiRun> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', NVIDIA_SMI_ARGS, { timeout: 10_000, windowsHide: true }, (err, stdout, stderr) => {
      if (err === null) return resolve({ status: 'ok', stdout });
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ status: 'missing' });
      const said = `${stdout}\n${stderr}`
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '');
      resolve({ status: 'failed', message: said ?? err.message });
    });
  });
}

async function findNvidiaHookOnPath(): Promise<boolean> {
  // dockerd's own PATH under systemd, plus this process's.
  const dirs = new Set([
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/local/sbin',
    '/usr/local/bin',
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
    '/bin',
  ]);
  for (const dir of dirs) {
    if (dir === '') continue;
    try {
      await access(path.join(dir, NVIDIA_HOOK), fsConstants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

async function readCdiSpecFiles(dirs: string[]): Promise<CdiSpecFile[]> {
  const out: CdiSpecFile[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/\.(ya?ml|json)$/i.test(name)) continue;
      const file = path.join(dir, name);
      try {
        out.push({ path: file, text: await readFile(file, 'utf8') });
      } catch {
        // unreadable spec: the engine would not read it either
      }
    }
  }
  return out;
}

/** A client talking to a unix socket or a pipe, or tcp to loopback, reaches an engine on this machine. */
function inferLocal(docker: unknown): boolean {
  const modem = record(record(docker)?.modem);
  const host = modem?.host;
  if (typeof host !== 'string' || host === '') return true;
  return ['localhost', '127.0.0.1', '::1'].includes(host);
}

function gpuList(gpus: GpuDevice[]): string {
  return gpus.map((g) => `${g.index}${g.name ? ` ${g.name}` : ''}`).join(', ');
}

/** Ask the engine and (for a local engine) the host which GPUs a container can get. */
export async function probeGpus(docker: { info(): Promise<unknown> }, opts: ProbeGpuOptions = {}): Promise<GpuProbe> {
  const local = opts.engineIsLocal ?? inferLocal(docker);
  let engine: DockerInfoGpu | null = null;
  let infoProblem: MessageRef | null = null;
  try {
    engine = parseDockerInfoGpu(await docker.info());
  } catch (err) {
    infoProblem = ref('gpu.infoFailed', {
      detail: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err),
    });
  }

  let smi: NvidiaSmiRun | null = null;
  let smiGpus: NvidiaSmiGpu[] = [];
  let specs: CdiSpec[] = [];
  if (local) {
    smi = await (opts.runNvidiaSmi ?? runNvidiaSmiOnPath)();
    if (smi.status === 'ok') smiGpus = parseNvidiaSmiCsv(smi.stdout);
    const dirs =
      opts.cdiDirs ?? (engine?.cdiSpecDirs && engine.cdiSpecDirs.length > 0 ? engine.cdiSpecDirs : DEFAULT_CDI_DIRS);
    for (const file of await (opts.readCdiSpecs ?? readCdiSpecFiles)(dirs)) {
      try {
        specs.push(parseCdiSpec(file.text));
      } catch {
        // not a CDI spec; engines skip it too
      }
    }
    specs = specs.filter((s) => s.kind === NVIDIA_CDI_KIND);
  }

  const nvidiaCdi = [
    ...new Set([
      ...(engine?.cdiDevices ?? []).filter((d) => d.startsWith(`${NVIDIA_CDI_KIND}=`)),
      ...specs.flatMap((s) => s.devices.map((d) => d.qualifiedName)),
    ]),
  ];
  const engineTakesCdi = opts.isPodman === true || (engine?.cdiSpecDirs?.length ?? 0) > 0;
  const gpus: GpuDevice[] = smiGpus.length > 0 ? smiGpus.map((g) => ({ ...g })) : gpusFromCdi(specs);
  const nvidiaSmi: GpuProbe['nvidiaSmi'] = smi === null ? 'skipped' : smi.status;
  const platform = opts.platform ?? process.platform;
  const hookChecked = local && platform === 'linux' && opts.isPodman !== true;
  const nvidiaHook: GpuProbe['nvidiaHook'] = hookChecked
    ? (await (opts.findNvidiaHook ?? findNvidiaHookOnPath)())
      ? 'found'
      : 'missing'
    : 'skipped';
  const smiWords: MessageRef =
    smi === null
      ? ref('gpu.smi.remote')
      : smi.status === 'missing'
        ? ref('gpu.smi.missing')
        : smi.status === 'failed'
          ? ref('gpu.smi.failed', { detail: smi.message })
          : smiGpus.length === 0
            ? ref('gpu.smi.none')
            : ref(smiGpus.length === 1 ? 'gpu.smi.one' : 'gpu.smi.many', {
                count: smiGpus.length,
                list: gpuList(gpus),
              });
  const base = { gpus, engine, cdiDevices: engineTakesCdi ? nvidiaCdi : [], nvidiaSmi, nvidiaHook };
  // The reason in English (CLI, logs) and as a message for the UI's language.
  const said = (r: MessageRef): { reason: string; reasonSaid: MessageRef } => ({
    reason: formatMessage(r.id as 'gpu.reason.both', r.params, 'en').message,
    reasonSaid: r,
  });

  if (engine === null) {
    return {
      ...base,
      available: false,
      via: 'none',
      ...said(ref('gpu.reason.both', { first: infoProblem ?? ref('gpu.noInfo'), smi: smiWords })),
    };
  }
  const smiSaysNone = smi !== null && (smi.status === 'failed' || (smi.status === 'ok' && smiGpus.length === 0));
  const runtimeWords = engine.nvidiaRuntime ? ref('gpu.runtimeYes') : ref('gpu.runtimeNo');
  const nvidiaDriver = nvidiaHook === 'found' || (nvidiaHook === 'skipped' && engine.nvidiaRuntime);
  const hookWords =
    nvidiaHook === 'found'
      ? ref('gpu.hookFound', { hook: NVIDIA_HOOK, runtime: runtimeWords })
      : nvidiaHook === 'missing' && engine.nvidiaRuntime
        ? ref('gpu.hookMissing', { hook: NVIDIA_HOOK })
        : runtimeWords;
  if (nvidiaDriver) {
    if (smiSaysNone)
      return {
        ...base,
        available: false,
        via: 'none',
        ...said(ref('gpu.reason.but', { first: hookWords, smi: smiWords })),
      };
    return {
      ...base,
      available: true,
      via: 'nvidia-runtime',
      ...said(ref('gpu.reason.both', { first: hookWords, smi: smiWords })),
    };
  }
  if (engineTakesCdi && nvidiaCdi.length > 0) {
    if (smiSaysNone)
      return { ...base, available: false, via: 'none', ...said(ref('gpu.reason.cdiBut', { smi: smiWords })) };
    return {
      ...base,
      available: true,
      via: 'cdi',
      ...said(ref('gpu.reason.cdi', { devices: nvidiaCdi.join(', '), smi: smiWords })),
    };
  }
  const cdiWords: MessageRef | string =
    engine.cdiSpecDirs === null ? '' : engineTakesCdi ? ref('gpu.cdiNoSpec') : ref('gpu.cdiDisabled');
  if (smiGpus.length > 0) {
    const what =
      nvidiaHook === 'missing' && engine.nvidiaRuntime
        ? hookWords
        : nvidiaHook === 'missing'
          ? ref('gpu.noRuntimeNoHook', { hook: NVIDIA_HOOK })
          : ref('gpu.noRuntime');
    return {
      ...base,
      available: false,
      via: 'nvidia-smi',
      ...said(ref('gpu.reason.noSupport', { smi: smiWords, what, cdi: cdiWords })),
    };
  }
  if (nvidiaHook === 'missing' && engine.nvidiaRuntime)
    return {
      ...base,
      available: false,
      via: 'none',
      ...said(ref('gpu.reason.hookCdi', { hook: hookWords, cdi: cdiWords, smi: smiWords })),
    };
  return {
    ...base,
    available: false,
    via: 'none',
    ...said(ref('gpu.reason.nothing', { cdi: cdiWords, smi: smiWords })),
  };
}
