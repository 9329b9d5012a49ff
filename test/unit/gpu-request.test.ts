// The GPU request built from kiln.yaml's need, the --gpu flag and a probe. The probes are made by
// probeGpus from the fixtures in fixtures/gpu (real outputs but one hand-typed nvidia-smi row; its README says which).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type GpuProbe,
  type NvidiaSmiRun,
  parseGpuFlag,
  probeGpus,
  resolveGpuRequest,
} from '../../electron/services/engine/index.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'gpu');
const text = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');

function probeOf(
  info: string,
  host: { smi?: string; cdi?: string; hook?: boolean; local?: boolean; podman?: boolean },
): Promise<GpuProbe> {
  const smi: NvidiaSmiRun = host.smi !== undefined ? { status: 'ok', stdout: text(host.smi) } : { status: 'missing' };
  return probeGpus(
    { info: async () => JSON.parse(text(info)) as unknown },
    {
      engineIsLocal: host.local ?? true,
      isPodman: host.podman ?? false,
      platform: 'linux',
      runNvidiaSmi: async () => smi,
      readCdiSpecs: async () => (host.cdi ? [{ path: `/etc/cdi/${host.cdi}`, text: text(host.cdi) }] : []),
      findNvidiaHook: async () => host.hook ?? false,
    },
  );
}

let noGpu: GpuProbe; // this build machine: stock 20.10, nothing NVIDIA
let twoGpus: GpuProbe; // runtime + hook, RTX A5000 and RTX 4500 Ada
let cdi: GpuProbe; // an engine with CDI and an nvidia-ctk spec
let hostOnly: GpuProbe; // GPUs on the host, Docker without the toolkit
let podmanHostOnly: GpuProbe; // GPUs on the host, Podman without a CDI spec: support cannot be checked
let remote: GpuProbe; // a remote engine with the NVIDIA runtime: GPU list unknown

beforeAll(async () => {
  noGpu = await probeOf('docker-info-debian-20.10-plain.json', {});
  twoGpus = await probeOf('docker-info-debian-20.10-nvidia-runtime.json', {
    hook: true,
    smi: 'nvidia-smi-a5000-4500ada-with-header.csv',
  });
  cdi = await probeOf('docker-info-desktop-28.3-nvidia-cdi.json', { cdi: 'cdi-nvidia-ctk-575.64.03.yaml' });
  hostOnly = await probeOf('docker-info-debian-20.10-plain.json', { smi: 'nvidia-smi-a5000-4500ada-with-header.csv' });
  podmanHostOnly = await probeOf('docker-info-debian-20.10-plain.json', {
    podman: true,
    smi: 'nvidia-smi-rtx4070-noheader-nounits.csv',
  });
  remote = await probeOf('docker-info-desktop-28.3-nvidia-cdi.json', { local: false });
});

const ALL_NVIDIA = [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }];

describe('the probes these tests stand on', () => {
  it('are what the recorded outputs say', () => {
    expect([noGpu.via, twoGpus.via, cdi.via, hostOnly.via, podmanHostOnly.via, remote.via]).toEqual([
      'none',
      'nvidia-runtime',
      'cdi',
      'nvidia-smi',
      'nvidia-smi',
      'nvidia-runtime',
    ]);
  });
});

describe('kiln.yaml gpu: none', () => {
  it('never gets a GPU, even when asked and available', () => {
    expect(resolveGpuRequest('none', 'auto', twoGpus)).toEqual({
      ok: true,
      deviceRequests: [],
      useGpu: false,
      note: 'CPU: kiln.yaml says gpu: none',
    });
    expect(resolveGpuRequest('none', 'all', twoGpus)).toEqual({
      ok: true,
      deviceRequests: [],
      useGpu: false,
      note: 'CPU: --gpu all ignored, kiln.yaml says gpu: none (set gpu: optional to let runs use a GPU)',
    });
    expect(resolveGpuRequest('none', '0', twoGpus)).toMatchObject({ ok: true, useGpu: false, deviceRequests: [] });
  });
});

describe('--gpu auto', () => {
  it('takes every GPU when the engine can give them', () => {
    const r = resolveGpuRequest('optional', 'auto', twoGpus);
    expect(r).toMatchObject({ ok: true, useGpu: true, deviceRequests: ALL_NVIDIA });
    if (r.ok) expect(r.note).toContain('nvidia-smi sees 2 GPUs');
  });

  it('runs an optional-GPU algorithm on the CPU when there is none, saying why', () => {
    expect(resolveGpuRequest('optional', 'auto', noGpu)).toEqual({
      ok: true,
      deviceRequests: [],
      useGpu: false,
      note: 'CPU: no GPU for the container (no NVIDIA runtime in the engine and no nvidia-smi on the host)',
    });
  });

  it('refuses a GPU-required algorithm when there is none, with the probe reason and what to do', () => {
    const r = resolveGpuRequest('required', 'auto', noGpu);
    expect(r).toMatchObject({ ok: false, code: 'GPU_REQUIRED' });
    if (!r.ok) {
      expect(r.message).toBe(
        'kiln.yaml says gpu: required, but no GPU can be given to the container: no NVIDIA runtime in the engine and no nvidia-smi on the host',
      );
      expect(r.hint).toContain('nvidia-ctk runtime configure --runtime=docker');
    }
  });

  it('uses CDI device names on a CDI engine', () => {
    expect(resolveGpuRequest('required', 'auto', cdi)).toMatchObject({
      ok: true,
      deviceRequests: [{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=all'] }],
    });
  });

  it('host GPUs the engine shows no support for: CPU for optional; for required only where support cannot be checked', () => {
    expect(resolveGpuRequest('optional', 'auto', hostOnly)).toMatchObject({ ok: true, useGpu: false });
    // Docker on Linux without nvidia-container-runtime-hook: the request would certainly fail.
    expect(resolveGpuRequest('required', 'auto', hostOnly)).toMatchObject({ ok: false, code: 'GPU_REQUIRED' });
    // Podman: the hook is not how it works, so try and let the engine answer.
    const r = resolveGpuRequest('required', 'auto', podmanHostOnly);
    expect(r).toMatchObject({ ok: true, useGpu: true, deviceRequests: ALL_NVIDIA });
    if (r.ok) expect(r.note).toMatch(/^all GPUs \(unconfirmed: nvidia-smi sees 1 GPU: 0 NVIDIA GeForce RTX 4070/);
  });
});

describe('--gpu none', () => {
  it('is a CPU run for optional, and an error for required', () => {
    expect(resolveGpuRequest('optional', 'none', twoGpus)).toEqual({
      ok: true,
      deviceRequests: [],
      useGpu: false,
      note: 'CPU: --gpu none',
    });
    expect(resolveGpuRequest('required', 'none', twoGpus)).toMatchObject({
      ok: false,
      code: 'GPU_REQUIRED',
      message: 'kiln.yaml says gpu: required, but --gpu none asks for a CPU run',
    });
  });
});

describe('--gpu all', () => {
  it('asks for every GPU', () => {
    expect(resolveGpuRequest('optional', 'all', twoGpus)).toMatchObject({ ok: true, deviceRequests: ALL_NVIDIA });
  });

  it('with no GPU is an error carrying the probe reason', () => {
    expect(resolveGpuRequest('optional', 'all', noGpu)).toMatchObject({
      ok: false,
      code: 'GPU_UNAVAILABLE',
      message:
        '--gpu all, but no GPU can be given to the container: no NVIDIA runtime in the engine and no nvidia-smi on the host',
    });
  });
});

describe('--gpu with a list', () => {
  it('asks for those devices by id, with no Count (the engine refuses Count with DeviceIDs)', () => {
    const r = resolveGpuRequest('required', '1,0', twoGpus);
    expect(r).toEqual({
      ok: true,
      useGpu: true,
      note: 'GPU 1,0',
      deviceRequests: [{ Driver: 'nvidia', DeviceIDs: ['1', '0'], Capabilities: [['gpu']] }],
    });
    expect(resolveGpuRequest('optional', 'GPU-fbe2dd5d-3644-5c37-3179-8ad50079b7d4', twoGpus)).toMatchObject({
      ok: true,
      deviceRequests: [{ Driver: 'nvidia', DeviceIDs: ['GPU-fbe2dd5d-3644-5c37-3179-8ad50079b7d4'] }],
    });
  });

  it('names the GPUs the host has when one asked for is not there', () => {
    expect(resolveGpuRequest('optional', '0,2', twoGpus)).toEqual({
      ok: false,
      code: 'GPU_UNAVAILABLE',
      message: '--gpu 0,2: no GPU 2 on this host; it has GPUs 0 (NVIDIA RTX A5000), 1 (NVIDIA RTX 4500 Ada Generation)',
      hint: 'Pick from 0, 1, or use --gpu all.',
      messageId: 'gpu.noSuchGpu',
      params: {
        flag: '0,2',
        missing: '2',
        gpus: 'GPUs 0 (NVIDIA RTX A5000), 1 (NVIDIA RTX 4500 Ada Generation)',
        indices: '0, 1',
      },
    });
  });

  it('on CDI asks for kind=index names', () => {
    expect(resolveGpuRequest('optional', '0', cdi)).toMatchObject({
      ok: true,
      deviceRequests: [{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=0'] }],
    });
    expect(resolveGpuRequest('optional', '1', cdi)).toMatchObject({ ok: false, code: 'GPU_UNAVAILABLE' });
  });

  it('passes indices through unchecked when the GPU list of a remote engine is unknown, and says so', () => {
    expect(resolveGpuRequest('optional', '3', remote)).toEqual({
      ok: true,
      useGpu: true,
      note: 'GPU 3 (the host GPU list is unknown, so the indices were not checked)',
      deviceRequests: [{ Driver: 'nvidia', DeviceIDs: ['3'], Capabilities: [['gpu']] }],
    });
  });

  it('with no GPU at all is an error', () => {
    expect(resolveGpuRequest('optional', '0', noGpu)).toMatchObject({ ok: false, code: 'GPU_UNAVAILABLE' });
  });
});

describe('bad flags', () => {
  it('are refused before anything else, with the accepted forms', () => {
    for (const flag of ['gpu0', '0,,1', '1;2', '-1']) {
      const r = resolveGpuRequest('none', flag, twoGpus);
      expect(r).toMatchObject({
        ok: false,
        code: 'BAD_GPU_FLAG',
        hint: 'Use --gpu auto, none, all, or GPU indices such as --gpu 0,1.',
      });
    }
    expect(parseGpuFlag('0,,1')).toEqual({
      kind: 'bad',
      why: '--gpu 0,,1: an empty item in the list',
      id: 'gpu.badFlagEmpty',
      params: { flag: '0,,1' },
    });
    expect(parseGpuFlag(' 01, 1 ,2')).toEqual({ kind: 'list', ids: ['1', '2'] });
  });
});
