// The GPU probe against recorded real outputs (see fixtures/gpu/README.md): docker info from
// Debian's 20.10 engine with and without the nvidia runtime and from Docker Desktop 28.3 with CDI,
// nvidia-smi CSV from real GPUs (one row, the RTX 4070's, typed by hand: the README says so), and an
// `nvidia-ctk cdi generate` spec.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMessage, type MessageId } from '../../shared/messages/index.js';
import {
  gpusFromCdi,
  type NvidiaSmiRun,
  parseCdiSpec,
  parseDockerInfoGpu,
  parseNvidiaSmiCsv,
  type ProbeGpuOptions,
  probeGpus,
} from '../../electron/services/engine/index.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'gpu');
const text = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));

const INFO_PLAIN = 'docker-info-debian-20.10-plain.json';
const INFO_NVIDIA = 'docker-info-debian-20.10-nvidia-runtime.json';
const INFO_NVIDIA_DEFAULT = 'docker-info-debian-20.10-nvidia-default-runtime.json';
const INFO_DESKTOP = 'docker-info-desktop-28.3-nvidia-cdi.json';
const CDI_SPEC = 'cdi-nvidia-ctk-575.64.03.yaml';
const SMI_4070 = 'nvidia-smi-rtx4070-noheader-nounits.csv';
const SMI_TWO = 'nvidia-smi-a5000-4500ada-with-header.csv';
const SMI_1660 = 'nvidia-smi-gtx1660super-with-header.csv';
// What nvidia-smi prints (and exits 9 with) when the kernel driver is not loaded.
const SMI_NO_DRIVER =
  "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.";

const tmpDirs: string[] = [];
afterEach(() => {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('parseDockerInfoGpu', () => {
  it('Debian docker.io 20.10 as installed: no nvidia runtime, no CDI support at all', () => {
    expect(parseDockerInfoGpu(json(INFO_PLAIN))).toEqual({
      serverVersion: '20.10.24+dfsg1',
      runtimes: ['io.containerd.runc.v2', 'io.containerd.runtime.v1.linux', 'runc'],
      nvidiaRuntime: false,
      defaultRuntime: 'runc',
      nvidiaIsDefault: false,
      cdiSpecDirs: null,
      cdiDevices: [],
    });
  });

  it('the same engine after `nvidia-ctk runtime configure`: the nvidia runtime, runc still the default', () => {
    const g = parseDockerInfoGpu(json(INFO_NVIDIA));
    expect(g.runtimes).toEqual(['io.containerd.runc.v2', 'io.containerd.runtime.v1.linux', 'nvidia', 'runc']);
    expect(g.nvidiaRuntime).toBe(true);
    expect(g.defaultRuntime).toBe('runc');
    expect(g.nvidiaIsDefault).toBe(false);
  });

  it('with --set-as-default: nvidia is the default runtime', () => {
    const g = parseDockerInfoGpu(json(INFO_NVIDIA_DEFAULT));
    expect(g.defaultRuntime).toBe('nvidia');
    expect(g.nvidiaIsDefault).toBe(true);
  });

  it('Docker Desktop 28.3: nvidia runtime, CDISpecDirs and its own (non-NVIDIA) CDI device', () => {
    const g = parseDockerInfoGpu(json(INFO_DESKTOP));
    expect(g.serverVersion).toBe('28.3.2');
    expect(g.nvidiaRuntime).toBe(true);
    expect(g.cdiSpecDirs).toEqual(['/etc/cdi', '/var/run/cdi']);
    expect(g.cdiDevices).toEqual(['docker.com/gpu=webgpu']);
  });
});

describe('parseNvidiaSmiCsv', () => {
  it("reads Kiln's own query (noheader, nounits)", () => {
    expect(parseNvidiaSmiCsv(text(SMI_4070))).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 4070', uuid: 'GPU-01d41f66-6148-83e4-ce86-8b0c15f8a60d', memoryMiB: 12282 },
    ]);
  });

  it('reads --format=csv with a header and units, on two different GPUs', () => {
    expect(parseNvidiaSmiCsv(text(SMI_TWO))).toEqual([
      { index: 0, name: 'NVIDIA RTX A5000', uuid: 'GPU-30667114-4567-bc4a-029b-3375d117048e', memoryMiB: 24564 },
      {
        index: 1,
        name: 'NVIDIA RTX 4500 Ada Generation',
        uuid: 'GPU-fbe2dd5d-3644-5c37-3179-8ad50079b7d4',
        memoryMiB: 24570,
      },
    ]);
    expect(parseNvidiaSmiCsv(text(SMI_1660))).toEqual([
      {
        index: 0,
        name: 'NVIDIA GeForce GTX 1660 SUPER',
        uuid: 'GPU-43b14c17-b685-e8ad-ab90-abc0d70fca06',
        memoryMiB: 6144,
      },
    ]);
  });

  it('finds no GPU in what nvidia-smi says when the driver is not loaded', () => {
    expect(parseNvidiaSmiCsv(SMI_NO_DRIVER)).toEqual([]);
    expect(parseNvidiaSmiCsv('')).toEqual([]);
  });
});

describe('parseCdiSpec', () => {
  it('reads the devices of an nvidia-ctk generated spec', () => {
    const spec = parseCdiSpec(text(CDI_SPEC));
    expect(spec.kind).toBe('nvidia.com/gpu');
    expect(spec.cdiVersion).toBe('0.5.0');
    expect(spec.devices.map((d) => d.name)).toEqual(['0', 'GPU-520e01f2-cf30-6396-abef-e8e9a5233b0e', 'all']);
    expect(spec.devices.map((d) => d.qualifiedName)).toEqual([
      'nvidia.com/gpu=0',
      'nvidia.com/gpu=GPU-520e01f2-cf30-6396-abef-e8e9a5233b0e',
      'nvidia.com/gpu=all',
    ]);
    expect(spec.devices[0]?.deviceNodes).toEqual(['/dev/nvidia0', '/dev/dri/card1', '/dev/dri/renderD128']);
  });

  it('pairs each numbered GPU with the UUID device on the same /dev/nvidiaN', () => {
    expect(gpusFromCdi([parseCdiSpec(text(CDI_SPEC))])).toEqual([
      { index: 0, name: null, uuid: 'GPU-520e01f2-cf30-6396-abef-e8e9a5233b0e', memoryMiB: null },
    ]);
  });

  it('refuses YAML that is not a CDI spec', () => {
    expect(() => parseCdiSpec('runtimes:\n  nvidia:\n    path: nvidia-container-runtime\n')).toThrow('not a CDI spec');
  });
});

/** A probe over recorded outputs: the engine's /info, nvidia-smi's output, the CDI spec files, the hook. */
function probe(
  info: string | Error,
  host: {
    smi?: NvidiaSmiRun;
    cdi?: string[];
    hook?: boolean;
    local?: boolean;
    podman?: boolean;
    platform?: NodeJS.Platform;
  } = {},
) {
  const calls: string[] = [];
  const opts: ProbeGpuOptions = {
    engineIsLocal: host.local ?? true,
    isPodman: host.podman ?? false,
    platform: host.platform ?? 'linux',
    runNvidiaSmi: async () => {
      calls.push('nvidia-smi');
      return host.smi ?? { status: 'missing' };
    },
    readCdiSpecs: async (dirs) => {
      calls.push(`cdi ${dirs.join(',')}`);
      return (host.cdi ?? []).map((name) => ({ path: `/etc/cdi/${name}`, text: text(name) }));
    },
    findNvidiaHook: async () => {
      calls.push('hook');
      return host.hook ?? false;
    },
  };
  const docker = { info: async () => (info instanceof Error ? Promise.reject(info) : json(info)) };
  return { run: () => probeGpus(docker, opts), calls };
}

describe('probeGpus', () => {
  it('this build machine: stock 20.10, no nvidia-smi, no hook', async () => {
    const p = await probe(INFO_PLAIN).run();
    expect(p).toMatchObject({ available: false, via: 'none', gpus: [], nvidiaSmi: 'missing', nvidiaHook: 'missing' });
    expect(p.reason).toBe('no NVIDIA runtime in the engine and no nvidia-smi on the host');
    // The status bar and the run form say it in the user's language, from the same parts.
    expect(formatMessage(p.reasonSaid!.id as MessageId, p.reasonSaid!.params, 'zh-CN').message).toBe(
      '引擎里没有 NVIDIA 运行时，并且主机上没有 nvidia-smi',
    );
  });

  it('an nvidia runtime in daemon.json without the toolkit installed is not GPU support', async () => {
    const p = await probe(INFO_NVIDIA, { hook: false }).run();
    expect(p.available).toBe(false);
    expect(p.via).toBe('none');
    expect(p.reason).toBe(
      'the engine lists an nvidia runtime, but nvidia-container-runtime-hook is not installed, so the engine has no "nvidia" device driver; no nvidia-smi on the host',
    );
  });

  it('a GPU workstation: the runtime, the hook and an RTX 4070', async () => {
    const p = await probe(INFO_NVIDIA, { hook: true, smi: { status: 'ok', stdout: text(SMI_4070) } }).run();
    expect(p.available).toBe(true);
    expect(p.via).toBe('nvidia-runtime');
    expect(p.gpus).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 4070', uuid: 'GPU-01d41f66-6148-83e4-ce86-8b0c15f8a60d', memoryMiB: 12282 },
    ]);
    expect(p.reason).toBe(
      'nvidia-container-runtime-hook is installed (the engine has the NVIDIA runtime); nvidia-smi sees 1 GPU: 0 NVIDIA GeForce RTX 4070',
    );
  });

  it('the hook alone is enough for --gpus (no runtime configured)', async () => {
    const p = await probe(INFO_PLAIN, { hook: true, smi: { status: 'ok', stdout: text(SMI_TWO) } }).run();
    expect(p.available).toBe(true);
    expect(p.via).toBe('nvidia-runtime');
    expect(p.reason).toContain('nvidia-container-runtime-hook is installed (the engine lists no nvidia runtime)');
    expect(p.gpus.map((g) => g.index)).toEqual([0, 1]);
  });

  it('a loaded toolkit but a dead driver: no GPU, and nvidia-smi says why', async () => {
    const p = await probe(INFO_NVIDIA, { hook: true, smi: { status: 'failed', message: SMI_NO_DRIVER } }).run();
    expect(p.available).toBe(false);
    expect(p.reason).toBe(
      `nvidia-container-runtime-hook is installed (the engine has the NVIDIA runtime), but nvidia-smi failed: ${SMI_NO_DRIVER}`,
    );
  });

  it('GPUs on the host but no NVIDIA support in the engine: listed, not available', async () => {
    const p = await probe(INFO_PLAIN, { hook: false, smi: { status: 'ok', stdout: text(SMI_TWO) } }).run();
    expect(p.available).toBe(false);
    expect(p.via).toBe('nvidia-smi');
    expect(p.gpus).toHaveLength(2);
    expect(p.reason).toBe(
      'nvidia-smi sees 2 GPUs: 0 NVIDIA RTX A5000, 1 NVIDIA RTX 4500 Ada Generation, but the engine shows no NVIDIA support: no NVIDIA runtime, no nvidia-container-runtime-hook',
    );
  });

  it('an engine with CDI and an nvidia-ctk spec: GPUs through CDI, its own webgpu device left out', async () => {
    const { run, calls } = probe(INFO_DESKTOP, { hook: false, cdi: [CDI_SPEC] });
    const p = await run();
    expect(p.available).toBe(true);
    expect(p.via).toBe('cdi');
    expect(p.cdiDevices).toEqual([
      'nvidia.com/gpu=0',
      'nvidia.com/gpu=GPU-520e01f2-cf30-6396-abef-e8e9a5233b0e',
      'nvidia.com/gpu=all',
    ]);
    expect(p.gpus).toEqual([
      { index: 0, name: null, uuid: 'GPU-520e01f2-cf30-6396-abef-e8e9a5233b0e', memoryMiB: null },
    ]);
    // The specs are read where the engine says it reads them.
    expect(calls).toContain('cdi /etc/cdi,/var/run/cdi');
  });

  it('a CDI spec on the host does not help an engine without CDI (20.10)', async () => {
    const p = await probe(INFO_PLAIN, { hook: false, cdi: [CDI_SPEC] }).run();
    expect(p.via).toBe('none');
    expect(p.cdiDevices).toEqual([]);
  });

  it('Podman reads CDI specs itself', async () => {
    const p = await probe(INFO_PLAIN, { podman: true, cdi: [CDI_SPEC] }).run();
    expect(p.via).toBe('cdi');
    expect(p.nvidiaHook).toBe('skipped');
  });

  it('a remote engine: only its /info counts; the host is not asked', async () => {
    const { run, calls } = probe(INFO_DESKTOP, { local: false });
    const p = await run();
    expect(calls).toEqual([]);
    expect(p).toMatchObject({
      available: true,
      via: 'nvidia-runtime',
      nvidiaSmi: 'skipped',
      nvidiaHook: 'skipped',
      gpus: [],
    });
    expect(p.reason).toBe(
      'the engine has the NVIDIA runtime; the engine is on another machine, so its GPUs were not listed',
    );
  });

  it('an engine whose /info fails', async () => {
    const p = await probe(new Error('(HTTP code 500) server error - boom '), {}).run();
    expect(p).toMatchObject({ available: false, via: 'none', engine: null });
    expect(p.reason).toBe(
      "the engine's /info failed ((HTTP code 500) server error - boom ); no nvidia-smi on the host",
    );
  });

  it('reads CDI spec files from disk with the default reader, skipping files that are not specs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-cdi-'));
    tmpDirs.push(dir);
    copyFileSync(path.join(DIR, CDI_SPEC), path.join(dir, 'nvidia.yaml'));
    writeFileSync(path.join(dir, 'notes.yaml'), 'just: notes\n');
    writeFileSync(path.join(dir, 'README'), 'not yaml');
    const p = await probeGpus(
      { info: async () => json(INFO_DESKTOP) },
      {
        engineIsLocal: true,
        platform: 'linux',
        cdiDirs: [dir, path.join(dir, 'absent')],
        runNvidiaSmi: async () => ({ status: 'missing' }),
        findNvidiaHook: async () => false,
      },
    );
    expect(p.via).toBe('cdi');
    expect(p.cdiDevices).toContain('nvidia.com/gpu=all');
  });
});
