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
import { formatMessage, type MessageId, type MessageParams } from '../../../shared/messages/index.js';

export type GpuNeed = 'required' | 'optional' | 'none';
/** 'auto' | 'none' | 'all' | a comma-separated list: "0,1" or GPU UUIDs. */
export type GpuFlag = string;

export type GpuRequestResult =
  | { ok: true; deviceRequests: Dockerode.DeviceRequest[]; useGpu: boolean; note: string }
  | {
      ok: false;
      code: GpuErrorCode;
      message: string;
      hint: string;
      /** The message's id and parameters (shared/messages/gpu.ts), for the UI's language. */
      messageId: MessageId;
      params: MessageParams;
    };

type GpuErrorCode = 'GPU_REQUIRED' | 'GPU_UNAVAILABLE' | 'BAD_GPU_FLAG';

function refusal(code: GpuErrorCode, id: MessageId, params: MessageParams): GpuRequestResult {
  const text = formatMessage(id, params, 'en');
  return { ok: false, code, message: text.message, hint: text.hint ?? '', messageId: id, params };
}

/** The probe's reason, as a message parameter (its id when it has one, its English otherwise). */
function reasonOf(probe: GpuProbe): MessageParams[string] {
  return probe.reasonSaid ?? probe.reason;
}

type ParsedFlag =
  | { kind: 'auto' | 'none' | 'all' }
  | { kind: 'list'; ids: string[] }
  | { kind: 'bad'; why: string; id: MessageId; params: MessageParams };

export function parseGpuFlag(flag: string): ParsedFlag {
  const f = flag.trim().toLowerCase();
  if (f === 'auto' || f === '') return { kind: 'auto' };
  if (f === 'none' || f === 'cpu') return { kind: 'none' };
  if (f === 'all') return { kind: 'all' };
  const ids = flag.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (id === '')
      return { kind: 'bad', why: `--gpu ${flag}: an empty item in the list`, id: 'gpu.badFlagEmpty', params: { flag } };
    if (!/^\d+$/.test(id) && !/^(GPU|MIG)-[0-9a-f-]+$/i.test(id)) {
      return {
        kind: 'bad',
        why: `--gpu ${flag}: "${id}" is not a GPU index or UUID`,
        id: 'gpu.badFlagItem',
        params: { flag, item: id },
      };
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
    return refusal('BAD_GPU_FLAG', parsed.id, parsed.params);
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
        return refusal('GPU_REQUIRED', 'gpu.requiredButNone', {});
      }
      return cpu('CPU: --gpu none');
    case 'auto':
      if (probe.available)
        return { ok: true, deviceRequests: allRequest(probe), useGpu: true, note: `all GPUs (${probe.reason})` };
      if (need === 'required') {
        if (tryable)
          return { ok: true, deviceRequests: allRequest(probe), useGpu: true, note: `all GPUs${unconfirmed}` };
        return refusal('GPU_REQUIRED', 'gpu.requiredUnavailable', { reason: reasonOf(probe) });
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
      return refusal('GPU_UNAVAILABLE', need === 'optional' ? 'gpu.flagUnavailableOptional' : 'gpu.flagUnavailable', {
        flag: 'all',
        reason: reasonOf(probe),
      });
    case 'list': {
      if (!tryable) {
        return refusal('GPU_UNAVAILABLE', need === 'optional' ? 'gpu.flagUnavailableOptional' : 'gpu.flagUnavailable', {
          flag,
          reason: reasonOf(probe),
        });
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
          return refusal('GPU_UNAVAILABLE', 'gpu.noSuchGpu', {
            flag,
            missing: unknown.join(', '),
            gpus: `${probe.gpus.length === 1 ? 'GPU' : 'GPUs'} ${probe.gpus.map(describeGpu).join(', ')}`,
            indices: probe.gpus.map((g) => g.index).join(', '),
          });
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
