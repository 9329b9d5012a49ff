// The GPU request for one container, from three things: what kiln.yaml says the algorithm needs,
// what the user asked for (--gpu), and what the probe found. The result is either the
// HostConfig.DeviceRequests to send, with a note saying what was decided, or an error to show.
//
// Rules:
//   need none      -> never a GPU. An explicit --gpu all / 0,1 is ignored with a note: kiln.yaml is the
//                     contract the cluster also follows, so a local run does not get what a deployed one
//                     would not. (Change kiln.yaml to `gpu: optional` to allow it.)
//   --gpu none     -> CPU; with need required that is an error (the algorithm cannot run).
//   --gpu auto     -> every GPU when the probe found GPU support; otherwise CPU for optional, an
//                     error for required. When the host has GPUs but the engine shows no NVIDIA support
//                     (via 'nvidia-smi') and the hook could not be checked (Podman, engine in a VM),
//                     required, all and a list still try: the engine's own error then says why not.
//   --gpu all      -> every GPU, or an error with the probe's reason when there is none.
//   --gpu 0,1      -> those GPUs (indices, or GPU-/MIG- UUIDs); an error naming the host's GPUs when
//                     one is not there.
// Requests: the NVIDIA runtime gets Driver "nvidia" (Count -1 for all, DeviceIDs for a list, always
// Capabilities [["gpu"]], never Count with DeviceIDs: the engine refuses both); CDI gets Driver "cdi"
// with qualified names (nvidia.com/gpu=all, nvidia.com/gpu=0).
import type Dockerode from 'dockerode';
import type { GpuDevice, GpuProbe } from './gpu-probe.js';

export type GpuNeed = 'required' | 'optional' | 'none';
/** 'auto' | 'none' | 'all' | a comma-separated list: "0,1" or GPU UUIDs. */
export type GpuFlag = string;

export type GpuRequestResult =
  | { ok: true; deviceRequests: Dockerode.DeviceRequest[]; useGpu: boolean; note: string }
  | { ok: false; code: 'GPU_REQUIRED' | 'GPU_UNAVAILABLE' | 'BAD_GPU_FLAG'; message: string; hint: string };

type ParsedFlag = { kind: 'auto' | 'none' | 'all' } | { kind: 'list'; ids: string[] } | { kind: 'bad'; why: string };

const INSTALL_HINT =
  'Install the NVIDIA driver and the NVIDIA Container Toolkit on the engine host, run sudo nvidia-ctk runtime configure --runtime=docker and restart Docker';

export function parseGpuFlag(flag: string): ParsedFlag {
  const f = flag.trim().toLowerCase();
  if (f === 'auto' || f === '') return { kind: 'auto' };
  if (f === 'none' || f === 'cpu') return { kind: 'none' };
  if (f === 'all') return { kind: 'all' };
  const ids = flag.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (id === '') return { kind: 'bad', why: `--gpu ${flag}: an empty item in the list` };
    if (!/^\d+$/.test(id) && !/^(GPU|MIG)-[0-9a-f-]+$/i.test(id)) {
      return { kind: 'bad', why: `--gpu ${flag}: "${id}" is not a GPU index or UUID` };
    }
  }
  return { kind: 'list', ids: [...new Set(ids.map((id) => (/^\d+$/.test(id) ? String(Number(id)) : id)))] };
}

function describeGpu(g: GpuDevice): string {
  return `${g.index}${g.name ? ` (${g.name})` : ''}`;
}

function allRequest(probe: GpuProbe): Dockerode.DeviceRequest[] {
  if (probe.via === 'cdi') {
    const all = probe.cdiDevices.find((d) => d.endsWith('=all'));
    const each = probe.cdiDevices.filter((d) => /=\d+$/.test(d));
    return [{ Driver: 'cdi', DeviceIDs: all !== undefined ? [all] : each }];
  }
  return [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }];
}

function listRequest(probe: GpuProbe, ids: string[]): Dockerode.DeviceRequest[] {
  if (probe.via === 'cdi') {
    const kind = probe.cdiDevices[0]?.split('=')[0] ?? 'nvidia.com/gpu';
    return [{ Driver: 'cdi', DeviceIDs: ids.map((id) => `${kind}=${id}`) }];
  }
  return [{ Driver: 'nvidia', DeviceIDs: ids, Capabilities: [['gpu']] }];
}

function cpu(note: string): GpuRequestResult {
  return { ok: true, deviceRequests: [], useGpu: false, note };
}

/** Decide the GPU request for one container. Pure: the probe is done beforehand. */
export function resolveGpuRequest(need: GpuNeed, flag: GpuFlag, probe: GpuProbe): GpuRequestResult {
  const parsed = parseGpuFlag(flag);
  if (parsed.kind === 'bad') {
    return {
      ok: false,
      code: 'BAD_GPU_FLAG',
      message: parsed.why,
      hint: 'Use --gpu auto, none, all, or GPU indices such as --gpu 0,1.',
    };
  }
  const hostHasGpus = probe.gpus.length > 0;
  // GPUs on the host, no NVIDIA support visible to the API, and nothing proving it absent: worth a try when asked.
  const tryable = probe.available || (probe.via === 'nvidia-smi' && hostHasGpus && probe.nvidiaHook !== 'missing');
  const unconfirmed =
    probe.via === 'nvidia-smi'
      ? ` (unconfirmed: ${probe.reason}; if the engine refuses, install the NVIDIA Container Toolkit)`
      : '';

  if (need === 'none') {
    if (parsed.kind === 'all' || parsed.kind === 'list') {
      return cpu(`CPU: --gpu ${flag} ignored, kiln.yaml says gpu: none (set gpu: optional to let runs use a GPU)`);
    }
    return cpu('CPU: kiln.yaml says gpu: none');
  }

  switch (parsed.kind) {
    case 'none':
      if (need === 'required') {
        return {
          ok: false,
          code: 'GPU_REQUIRED',
          message: 'kiln.yaml says gpu: required, but --gpu none asks for a CPU run',
          hint: 'Drop --gpu none, or set gpu: optional in kiln.yaml if the algorithm can run on the CPU.',
        };
      }
      return cpu('CPU: --gpu none');
    case 'auto':
      if (probe.available)
        return { ok: true, deviceRequests: allRequest(probe), useGpu: true, note: `all GPUs (${probe.reason})` };
      if (need === 'required') {
        if (tryable)
          return { ok: true, deviceRequests: allRequest(probe), useGpu: true, note: `all GPUs${unconfirmed}` };
        return {
          ok: false,
          code: 'GPU_REQUIRED',
          message: `kiln.yaml says gpu: required, but no GPU can be given to the container: ${probe.reason}`,
          hint: `${INSTALL_HINT}; or run on a GPU machine (DOCKER_HOST / --endpoint).`,
        };
      }
      return cpu(`CPU: no GPU for the container (${probe.reason})`);
    case 'all':
      if (tryable)
        return {
          ok: true,
          deviceRequests: allRequest(probe),
          useGpu: true,
          note: `all GPUs${probe.available ? ` (${probe.reason})` : unconfirmed}`,
        };
      return {
        ok: false,
        code: 'GPU_UNAVAILABLE',
        message: `--gpu all, but no GPU can be given to the container: ${probe.reason}`,
        hint: `${INSTALL_HINT}${need === 'optional' ? '; or run with --gpu none (or auto) on the CPU' : ''}.`,
      };
    case 'list': {
      if (!tryable) {
        return {
          ok: false,
          code: 'GPU_UNAVAILABLE',
          message: `--gpu ${flag}, but no GPU can be given to the container: ${probe.reason}`,
          hint: `${INSTALL_HINT}${need === 'optional' ? '; or run with --gpu none (or auto) on the CPU' : ''}.`,
        };
      }
      if (hostHasGpus) {
        const missing = parsed.ids.filter((id) =>
          /^\d+$/.test(id)
            ? !probe.gpus.some((g) => g.index === Number(id))
            : !probe.gpus.some((g) => g.uuid !== null && g.uuid.toLowerCase() === id.toLowerCase()),
        );
        // A MIG UUID is not in the GPU list; the engine checks it.
        const unknown = missing.filter((id) => !/^MIG-/i.test(id));
        if (unknown.length > 0) {
          return {
            ok: false,
            code: 'GPU_UNAVAILABLE',
            message: `--gpu ${flag}: no GPU ${unknown.join(', ')} on this host; it has ${probe.gpus.length === 1 ? 'GPU' : 'GPUs'} ${probe.gpus.map(describeGpu).join(', ')}`,
            hint: `Pick from ${probe.gpus.map((g) => g.index).join(', ')}, or use --gpu all.`,
          };
        }
      }
      const checked = hostHasGpus ? '' : ' (the host GPU list is unknown, so the indices were not checked)';
      return {
        ok: true,
        deviceRequests: listRequest(probe, parsed.ids),
        useGpu: true,
        note: `GPU ${parsed.ids.join(',')}${checked}${probe.available ? '' : unconfirmed}`,
      };
    }
  }
}
