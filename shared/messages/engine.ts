// The container engine: finding it (electron/services/engine/connect.ts) and what its errors
// mean (docker-errors.ts). English as the CLI has always printed it.
import { defineMessages } from './define.js';

const START_HINT_EN =
  'Start Docker (sudo systemctl start docker, or dockerd), or set DOCKER_HOST to the engine you use.';
const START_HINT_ZH =
  '请启动 Docker（`sudo systemctl start docker`，或 `dockerd`），或把 DOCKER_HOST 设为你使用的引擎。';

export const engineMessages = defineMessages({
  // No engine answered (connect.ts)
  'engine.noneAnswered': {
    en: { message: 'No Docker engine answered. Tried: {tried}.', hint: '{hints}.' },
    'zh-CN': { message: '没有 Docker 引擎应答。尝试过：{tried}。', hint: '{hints}。' },
  },
  'engine.noAddress': {
    en: { message: 'No Docker engine found: no address to try.', hint: '{hints}.' },
    'zh-CN': { message: '没有找到 Docker 引擎：没有可尝试的地址。', hint: '{hints}。' },
  },
  'engine.attempt': {
    en: { message: '{label} [{origin}] ({why})' },
    'zh-CN': { message: '{label} [{origin}]（{why}）' },
  },
  'engine.attemptNoOrigin': {
    en: { message: '{label} ({why})' },
    'zh-CN': { message: '{label}（{why}）' },
  },
  'engine.hintPermission': {
    en: {
      message:
        'Permission denied on the socket: add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless Docker',
    },
    'zh-CN': {
      message:
        '套接字权限不足：把自己加入 docker 组（`sudo usermod -aG docker $USER`，然后重新登录），或使用 rootless Docker',
    },
  },
  'engine.hintTimeout': {
    en: { message: 'An engine did not answer in time: it may be starting or hung (restart it)' },
    'zh-CN': { message: '有引擎没有及时应答：它可能正在启动或已卡住（请重启它）' },
  },
  'engine.hintInvalid': {
    en: { message: 'Fix the engine address (DOCKER_HOST, the docker context or --endpoint)' },
    'zh-CN': { message: '请修正引擎地址（DOCKER_HOST、docker context 或 --endpoint）' },
  },
  'engine.hintStart': {
    en: {
      message:
        'Start Docker (sudo systemctl start docker, or run dockerd; Docker Desktop: start the app), or set DOCKER_HOST / pass --endpoint to the engine you use',
    },
    'zh-CN': {
      message:
        '请启动 Docker（`sudo systemctl start docker`，或运行 `dockerd`；Docker Desktop：启动该应用），或设置 DOCKER_HOST / 传入 `--endpoint` 指向你使用的引擎',
    },
  },
  // Why one address did not answer
  'engine.why.missing': { en: { message: 'missing' }, 'zh-CN': { message: '不存在' } },
  'engine.why.refused': { en: { message: 'connection refused' }, 'zh-CN': { message: '连接被拒绝' } },
  'engine.why.permission': { en: { message: 'permission denied' }, 'zh-CN': { message: '权限不足' } },
  'engine.why.timeout': {
    en: { message: 'timeout: no answer within {seconds} s' },
    'zh-CN': { message: '超时：{seconds} 秒内没有应答' },
  },
  'engine.why.connectTimeout': {
    en: { message: 'timeout: connect timed out' },
    'zh-CN': { message: '超时：连接超时' },
  },
  'engine.why.notEngine': {
    en: { message: 'answered HTTP {status} to /_ping, not a Docker API' },
    'zh-CN': { message: '对 /_ping 回答了 HTTP {status}，不是 Docker API' },
  },
  'engine.why.hostNotFound': { en: { message: 'host name not found' }, 'zh-CN': { message: '找不到主机名' } },
  'engine.why.closed': {
    en: { message: 'connection closed without an answer' },
    'zh-CN': { message: '连接在应答前被关闭' },
  },
  'engine.why.noVersion': {
    en: { message: 'answered /_ping but not /version: {why}' },
    'zh-CN': { message: '回答了 /_ping，但没有回答 /version：{why}' },
  },
  'engine.why.noApiVersion': {
    en: { message: 'its /version has no ApiVersion: not a Docker API' },
    'zh-CN': { message: '它的 /version 没有 ApiVersion：不是 Docker API' },
  },
  'engine.why.other': { en: { message: '{detail}' }, 'zh-CN': { message: '{detail}' } },

  // The engine's errors (docker-errors.ts)
  'engine.socketMissing': {
    en: { message: 'cannot reach {where}: the socket does not exist', hint: START_HINT_EN },
    'zh-CN': { message: '无法连接{where}：套接字不存在', hint: START_HINT_ZH },
  },
  'engine.refused': {
    en: { message: 'cannot reach {where}: connection refused (nothing is listening)', hint: START_HINT_EN },
    'zh-CN': { message: '无法连接{where}：连接被拒绝（没有程序在监听）', hint: START_HINT_ZH },
  },
  'engine.permissionDenied': {
    en: {
      message: 'cannot reach {where}: permission denied',
      hint: 'Add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless Docker.',
    },
    'zh-CN': {
      message: '无法连接{where}：权限不足',
      hint: '把自己加入 docker 组（`sudo usermod -aG docker $USER`，然后重新登录），或使用 rootless Docker。',
    },
  },
  'engine.timedOut': {
    en: {
      message: 'cannot reach {where}: timed out',
      hint: 'Check that the engine is running and reachable; restart it if it hangs.',
    },
    'zh-CN': { message: '无法连接{where}：超时', hint: '请确认引擎在运行且可以访问；如果卡住了就重启它。' },
  },
  'engine.where': { en: { message: 'the Docker engine' }, 'zh-CN': { message: ' Docker 引擎' } },
  'engine.whereAt': {
    en: { message: 'the Docker engine at {address}' },
    'zh-CN': { message: '位于 {address} 的 Docker 引擎' },
  },
  'engine.gpuDriverMissing': {
    en: {
      message:
        'the Docker engine has no NVIDIA GPU support: it has no device driver {driver} for {capabilities} (the engine said: {said})',
      hint: 'Install the NVIDIA Container Toolkit on the engine host, run sudo nvidia-ctk runtime configure --runtime=docker and restart Docker; or run without a GPU (--gpu none) when kiln.yaml allows it.',
    },
    'zh-CN': {
      message: 'Docker 引擎不支持 NVIDIA GPU：它没有用于 {capabilities} 的设备驱动 {driver}（引擎原话：{said}）',
      hint: '请在引擎主机上安装 NVIDIA Container Toolkit，运行 `sudo nvidia-ctk runtime configure --runtime=docker` 并重启 Docker；或者在 kiln.yaml 允许时不用 GPU 运行（`--gpu none`）。',
    },
  },
  'engine.anyGpu': { en: { message: 'a GPU' }, 'zh-CN': { message: '（任意 GPU）' } },
  'engine.imageNotFound': {
    en: {
      message: 'image {image} is not in the engine',
      hint: 'Build it first (kiln build), or check the name and tag.',
    },
    'zh-CN': { message: '引擎里没有镜像 {image}', hint: '请先构建（`kiln build`），或检查名称和标签。' },
  },
  'engine.portInUseByContainer': {
    en: {
      message: 'port {address} is already in use by another container',
      hint: 'Stop the container that publishes it (docker ps), or pick another port.',
    },
    'zh-CN': {
      message: '端口 {address} 已被另一个容器占用',
      hint: '请停止发布该端口的容器（`docker ps`），或换一个端口。',
    },
  },
  'engine.portInUse': {
    en: {
      message: 'port {address} is already in use',
      hint: 'Stop the program that listens on it, or pick another port.',
    },
    'zh-CN': { message: '端口 {address} 已被占用', hint: '请停止监听该端口的程序，或换一个端口。' },
  },
  'engine.somePortInUse': {
    en: { message: 'the port is already in use', hint: 'Stop the program that listens on it, or pick another port.' },
    'zh-CN': { message: '端口已被占用', hint: '请停止监听该端口的程序，或换一个端口。' },
  },
  'engine.diskFull': {
    en: {
      message: 'the engine ran out of disk space ({said})',
      hint: "Free space: docker system prune (and docker builder prune), or move Docker's data-root to a larger disk.",
    },
    'zh-CN': {
      message: '引擎的磁盘空间不足（{said}）',
      hint: '请释放空间：`docker system prune`（以及 `docker builder prune`），或把 Docker 的 data-root 移到更大的磁盘。',
    },
  },
  'engine.runtimeMissingNvidia': {
    en: {
      message: "the engine's container runtime {runtime} is not installed, so no container can start",
      hint: 'Install the NVIDIA Container Toolkit on the engine host, or remove "default-runtime": "nvidia" (and the nvidia runtime) from /etc/docker/daemon.json and restart Docker.',
    },
    'zh-CN': {
      message: '引擎的容器运行时 {runtime} 没有安装，所以任何容器都无法启动',
      hint: '请在引擎主机上安装 NVIDIA Container Toolkit，或从 /etc/docker/daemon.json 删除 "default-runtime": "nvidia"（以及 nvidia 运行时）并重启 Docker。',
    },
  },
  'engine.runtimeMissing': {
    en: {
      message: "the engine's container runtime {runtime} is not installed, so no container can start",
      hint: 'Install that runtime on the engine host, or remove it from /etc/docker/daemon.json and restart Docker.',
    },
    'zh-CN': {
      message: '引擎的容器运行时 {runtime} 没有安装，所以任何容器都无法启动',
      hint: '请在引擎主机上安装该运行时，或从 /etc/docker/daemon.json 删除它并重启 Docker。',
    },
  },
  'engine.nameInUse': {
    en: {
      message: 'a container named {name} already exists',
      hint: 'Remove it (docker rm -f {name}) or choose another name.',
    },
    'zh-CN': { message: '已有名为 {name} 的容器', hint: '请删除它（`docker rm -f {name}`）或换一个名字。' },
  },
  'engine.failedSilently': {
    en: {
      message: 'the Docker engine failed without saying why',
      hint: 'See the engine log (journalctl -u docker) for details.',
    },
    'zh-CN': { message: 'Docker 引擎出错了，但没有说明原因', hint: '详情请看引擎日志（`journalctl -u docker`）。' },
  },
  'engine.said': {
    en: { message: 'the Docker engine said: {said}', hint: 'See the engine log (journalctl -u docker) for details.' },
    'zh-CN': { message: 'Docker 引擎报错：{said}', hint: '详情请看引擎日志（`journalctl -u docker`）。' },
  },
});
