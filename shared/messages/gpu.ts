// GPUs: what the probe found (electron/services/engine/gpu-probe.ts, shown in the status bar and
// the run form) and why a GPU request cannot be met (gpu-request.ts). English as the CLI printed it.
import { defineMessages } from './define.js';

const INSTALL_EN =
  'Install the NVIDIA driver and the NVIDIA Container Toolkit on the engine host, run sudo nvidia-ctk runtime configure --runtime=docker and restart Docker';
const INSTALL_ZH =
  '请在引擎主机上安装 NVIDIA 驱动和 NVIDIA Container Toolkit，运行 `sudo nvidia-ctk runtime configure --runtime=docker` 并重启 Docker';

export const gpuMessages = defineMessages({
  // What nvidia-smi said
  'gpu.smi.remote': {
    en: { message: 'the engine is on another machine, so its GPUs were not listed' },
    'zh-CN': { message: '引擎在另一台机器上，所以没有列出它的 GPU' },
  },
  'gpu.smi.missing': { en: { message: 'no nvidia-smi on the host' }, 'zh-CN': { message: '主机上没有 nvidia-smi' } },
  'gpu.smi.failed': {
    en: { message: 'nvidia-smi failed: {detail}' },
    'zh-CN': { message: 'nvidia-smi 运行失败：{detail}' },
  },
  'gpu.smi.none': { en: { message: 'nvidia-smi lists no GPUs' }, 'zh-CN': { message: 'nvidia-smi 没有列出 GPU' } },
  'gpu.smi.one': {
    en: { message: 'nvidia-smi sees {count} GPU: {list}' },
    'zh-CN': { message: 'nvidia-smi 看到 {count} 块 GPU：{list}' },
  },
  'gpu.smi.many': {
    en: { message: 'nvidia-smi sees {count} GPUs: {list}' },
    'zh-CN': { message: 'nvidia-smi 看到 {count} 块 GPU：{list}' },
  },
  // What the engine showed
  'gpu.infoFailed': {
    en: { message: "the engine's /info failed ({detail})" },
    'zh-CN': { message: '引擎的 /info 请求失败（{detail}）' },
  },
  'gpu.noInfo': { en: { message: 'the engine did not answer /info' }, 'zh-CN': { message: '引擎没有回答 /info' } },
  'gpu.runtimeYes': {
    en: { message: 'the engine has the NVIDIA runtime' },
    'zh-CN': { message: '引擎有 NVIDIA 运行时' },
  },
  'gpu.runtimeNo': {
    en: { message: 'the engine lists no nvidia runtime' },
    'zh-CN': { message: '引擎没有列出 nvidia 运行时' },
  },
  'gpu.hookFound': {
    en: { message: '{hook} is installed ({runtime})' },
    'zh-CN': { message: '已安装 {hook}（{runtime}）' },
  },
  'gpu.hookMissing': {
    en: {
      message:
        'the engine lists an nvidia runtime, but {hook} is not installed, so the engine has no "nvidia" device driver',
    },
    'zh-CN': { message: '引擎列出了 nvidia 运行时，但没有安装 {hook}，所以引擎没有 "nvidia" 设备驱动' },
  },
  'gpu.noRuntime': { en: { message: 'no NVIDIA runtime' }, 'zh-CN': { message: '没有 NVIDIA 运行时' } },
  'gpu.noRuntimeNoHook': {
    en: { message: 'no NVIDIA runtime, no {hook}' },
    'zh-CN': { message: '没有 NVIDIA 运行时，也没有 {hook}' },
  },
  'gpu.cdiNoSpec': { en: { message: ' and no NVIDIA CDI spec' }, 'zh-CN': { message: '，也没有 NVIDIA CDI 规范' } },
  'gpu.cdiDisabled': { en: { message: ' and CDI is disabled' }, 'zh-CN': { message: '，且 CDI 已禁用' } },
  // The probe's sentence, from the parts above
  'gpu.reason.both': { en: { message: '{first}; {smi}' }, 'zh-CN': { message: '{first}；{smi}' } },
  'gpu.reason.but': { en: { message: '{first}, but {smi}' }, 'zh-CN': { message: '{first}，但{smi}' } },
  'gpu.reason.cdiBut': {
    en: { message: 'CDI specs name NVIDIA GPUs, but {smi}' },
    'zh-CN': { message: 'CDI 规范列出了 NVIDIA GPU，但{smi}' },
  },
  'gpu.reason.cdi': {
    en: { message: 'the engine reads CDI specs naming {devices}; {smi}' },
    'zh-CN': { message: '引擎读取的 CDI 规范列出了 {devices}；{smi}' },
  },
  'gpu.reason.noSupport': {
    en: { message: '{smi}, but the engine shows no NVIDIA support: {what}{cdi}' },
    'zh-CN': { message: '{smi}，但引擎没有显示 NVIDIA 支持：{what}{cdi}' },
  },
  'gpu.reason.hookCdi': { en: { message: '{hook}{cdi}; {smi}' }, 'zh-CN': { message: '{hook}{cdi}；{smi}' } },
  'gpu.reason.nothing': {
    en: { message: 'no NVIDIA runtime in the engine{cdi} and {smi}' },
    'zh-CN': { message: '引擎里没有 NVIDIA 运行时{cdi}，并且{smi}' },
  },

  // A GPU request that cannot be met
  'gpu.badFlagEmpty': {
    en: {
      message: '--gpu {flag}: an empty item in the list',
      hint: 'Use --gpu auto, none, all, or GPU indices such as --gpu 0,1.',
    },
    'zh-CN': {
      message: '--gpu {flag}：列表里有空项',
      hint: '请用 `--gpu auto`、`none`、`all`，或 GPU 序号，例如 `--gpu 0,1`。',
    },
  },
  'gpu.badFlagItem': {
    en: {
      message: '--gpu {flag}: "{item}" is not a GPU index or UUID',
      hint: 'Use --gpu auto, none, all, or GPU indices such as --gpu 0,1.',
    },
    'zh-CN': {
      message: '--gpu {flag}："{item}" 不是 GPU 序号或 UUID',
      hint: '请用 `--gpu auto`、`none`、`all`，或 GPU 序号，例如 `--gpu 0,1`。',
    },
  },
  'gpu.requiredButNone': {
    en: {
      message: 'kiln.yaml says gpu: required, but --gpu none asks for a CPU run',
      hint: 'Drop --gpu none, or set gpu: optional in kiln.yaml if the algorithm can run on the CPU.',
    },
    'zh-CN': {
      message: 'kiln.yaml 写的是 gpu: required，但 --gpu none 要求用 CPU 运行',
      hint: '去掉 `--gpu none`；如果算法能在 CPU 上运行，可在 kiln.yaml 里设为 `gpu: optional`。',
    },
  },
  'gpu.requiredUnavailable': {
    en: {
      message: 'kiln.yaml says gpu: required, but no GPU can be given to the container: {reason}',
      hint: `${INSTALL_EN}; or run on a GPU machine (DOCKER_HOST / --endpoint).`,
    },
    'zh-CN': {
      message: 'kiln.yaml 写的是 gpu: required，但没有 GPU 可以分给容器：{reason}',
      hint: `${INSTALL_ZH}；或在有 GPU 的机器上运行（DOCKER_HOST / --endpoint）。`,
    },
  },
  'gpu.flagUnavailable': {
    en: {
      message: '--gpu {flag}, but no GPU can be given to the container: {reason}',
      hint: `${INSTALL_EN}.`,
    },
    'zh-CN': { message: '指定了 --gpu {flag}，但没有 GPU 可以分给容器：{reason}', hint: `${INSTALL_ZH}。` },
  },
  'gpu.flagUnavailableOptional': {
    en: {
      message: '--gpu {flag}, but no GPU can be given to the container: {reason}',
      hint: `${INSTALL_EN}; or run with --gpu none (or auto) on the CPU.`,
    },
    'zh-CN': {
      message: '指定了 --gpu {flag}，但没有 GPU 可以分给容器：{reason}',
      hint: INSTALL_ZH + '；或用 `--gpu none`（或 `auto`）在 CPU 上运行。',
    },
  },
  'gpu.noSuchGpu': {
    en: {
      message: '--gpu {flag}: no GPU {missing} on this host; it has {gpus}',
      hint: 'Pick from {indices}, or use --gpu all.',
    },
    'zh-CN': {
      message: '--gpu {flag}：这台主机上没有 GPU {missing}；它有 {gpus}',
      hint: '请从 {indices} 中选择，或使用 `--gpu all`。',
    },
  },
});
