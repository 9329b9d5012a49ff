// The GPU decision for one container: the manifest's need, the user's --gpu flag, the host probe.
import type Dockerode from 'dockerode';
import { KilnError } from '../../../shared/errors.js';
import { resolveGpuRequest } from '../engine/gpu-request.js';

export interface GpuDecision {
  deviceRequests: Dockerode.DeviceRequest[];
  /** Human summary stored with the run: "all GPUs", "GPU 0,1", "CPU (no GPU found: ...)". */
  label: string;
}

export async function decideGpu(
  docker: Dockerode,
  need: 'required' | 'optional' | 'none',
  flag: string,
  engine: { local: boolean; isPodman: boolean } = { local: true, isPodman: false },
): Promise<GpuDecision> {
  if (flag === 'none' && need !== 'required') return { deviceRequests: [], label: 'CPU (--gpu none)' };
  if (need === 'none' && flag === 'auto') return { deviceRequests: [], label: 'CPU (kiln.yaml: gpu none)' };
  // Loaded here, not at start-up: the probe's YAML parser (CDI specs) costs ~50 ms to import.
  const { probeGpus } = await import('../engine/gpu-probe.js');
  const probe = await probeGpus(docker, { engineIsLocal: engine.local, isPodman: engine.isPodman });
  const decision = resolveGpuRequest(need, flag, probe);
  if (!decision.ok) throw KilnError.of(decision.code, decision.messageId, decision.params);
  return { deviceRequests: decision.deviceRequests, label: decision.note };
}
