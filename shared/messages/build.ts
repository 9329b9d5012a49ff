// Builds (electron/services/packager): a step that failed, an engine that refused or went away.
// English as the CLI has always printed it; a step's own output is passed through as it is.
import { defineMessages } from './define.js';

export const buildMessages = defineMessages({
  'build.failed': {
    en: { message: '{prefix}{what}{why}{output}' },
    'zh-CN': { message: '{prefix}{what}{why}{output}' },
  },
  'build.modelsPrefix': { en: { message: 'models image: ' }, 'zh-CN': { message: '模型镜像：' } },
  'build.stepFailed': {
    en: { message: 'step {index}/{total} failed: {instruction}' },
    'zh-CN': { message: '第 {index}/{total} 步失败：{instruction}' },
  },
  'build.stepFailedExit': {
    en: { message: 'step {index}/{total} failed with exit code {exit}: {instruction}' },
    'zh-CN': { message: '第 {index}/{total} 步失败，退出码 {exit}：{instruction}' },
  },
  'build.failedNoStep': { en: { message: 'the build failed' }, 'zh-CN': { message: '构建失败' } },
  'build.output': {
    en: { message: '\n--- output ---\n{tail}' },
    'zh-CN': { message: '\n--- 输出 ---\n{tail}' },
  },
  'build.withLog': {
    en: { message: '{problem}', hint: '{hint} Full log: {log}' },
    'zh-CN': { message: '{problem}', hint: '{hint} 完整日志：{log}' },
  },
  'build.withLogOnly': {
    en: { message: '{problem}', hint: 'Full log: {log}' },
    'zh-CN': { message: '{problem}', hint: '完整日志：{log}' },
  },
  // A failed step in kiln.yaml's terms (packager/build-failure.ts); the hint says what to check.
  'build.sectionFailed': {
    en: { message: '{prefix}{what} failed{output}', hint: '{hint}' },
    'zh-CN': { message: '{prefix}{what}失败{output}', hint: '{hint}' },
  },
  'build.sectionFailedExit': {
    en: { message: '{prefix}{what} failed with exit code {exit}{output}', hint: '{hint}' },
    'zh-CN': { message: '{prefix}{what}失败，退出码 {exit}{output}', hint: '{hint}' },
  },
  'build.installingSystem': {
    en: {
      message: 'installing system_packages ({pkgs})',
      hint: "Check the package names in system_packages: they must exist in the base image's package manager (on Debian: apt-cache search NAME).",
    },
    'zh-CN': {
      message: '安装 system_packages（{pkgs}）',
      hint: '请检查 system_packages 里的软件包名：它们必须存在于基础镜像的包管理器中（Debian 上：`apt-cache search NAME`）。',
    },
  },
  'build.installingPython': {
    en: {
      message: 'installing python_packages',
      hint: "Check python_packages in kiln.yaml (names, versions, the requirements file); the output above is pip's.",
    },
    'zh-CN': {
      message: '安装 python_packages',
      hint: '请检查 kiln.yaml 里的 python_packages（名称、版本、依赖文件）；上面的输出来自 pip。',
    },
  },
  'build.installingPythonOffline': {
    en: {
      message: 'installing python_packages',
      hint: 'The package index (PyPI) is unreachable from the build. Download the wheels on a machine that reaches it (pip download -d wheels -r requirements.txt) and set python_packages.find_links: wheels in kiln.yaml; Kiln then installs offline.',
    },
    'zh-CN': {
      message: '安装 python_packages',
      hint: '构建时无法访问软件包索引（PyPI）。请在能访问它的机器上下载 wheel（`pip download -d wheels -r requirements.txt`），并在 kiln.yaml 里设置 `python_packages.find_links: wheels`；之后 Kiln 会离线安装。',
    },
  },
  'build.installingPythonNoneFound': {
    en: {
      message: 'installing python_packages',
      hint: 'pip found no version at all: the package index (PyPI) is unreachable from the build, or the name or version does not exist there. If the machine is offline, download the wheels on one that reaches the index (pip download -d wheels -r requirements.txt) and set python_packages.find_links: wheels in kiln.yaml; Kiln then installs offline.',
    },
    'zh-CN': {
      message: '安装 python_packages',
      hint: 'pip 一个版本也没找到：要么构建时无法访问软件包索引（PyPI），要么该名称或版本在索引中不存在。如果机器离线，请在能访问索引的机器上下载 wheel（`pip download -d wheels -r requirements.txt`），并在 kiln.yaml 里设置 `python_packages.find_links: wheels`；之后 Kiln 会离线安装。',
    },
  },
  'build.buildCommand': {
    en: {
      message: 'the build command "{command}"',
      hint: 'Fix the command under build: in kiln.yaml, or the code it builds.',
    },
    'zh-CN': { message: '构建命令 "{command}"', hint: '请修改 kiln.yaml 中 build: 下的命令，或它所构建的代码。' },
  },
  'build.cancelledWaiting': {
    en: { message: 'the build was cancelled while waiting for another build' },
    'zh-CN': { message: '等待另一个构建时，这次构建被取消了' },
  },
  'build.symlinkOutside': {
    en: {
      message: '{path} is a symlink that points outside the algorithm folder (to {target})',
      hint: 'Kiln never follows a link out of the folder. Copy what it needs inside, or add "{path}" to .kilnignore.',
    },
    'zh-CN': {
      message: '{path} 是指向算法文件夹之外的符号链接（指向 {target}）',
      hint: 'Kiln 从不跟随指向文件夹之外的链接。请把需要的内容复制到文件夹内，或把 "{path}" 加入 .kilnignore。',
    },
  },
  'build.symlinkNowhere': {
    en: {
      message: '{path} is a symlink that points outside the algorithm folder (or nowhere)',
      hint: 'Kiln never follows a link out of the folder. Copy what it needs inside, or add "{path}" to .kilnignore.',
    },
    'zh-CN': {
      message: '{path} 是指向算法文件夹之外（或不存在位置）的符号链接',
      hint: 'Kiln 从不跟随指向文件夹之外的链接。请把需要的内容复制到文件夹内，或把 "{path}" 加入 .kilnignore。',
    },
  },
  'build.cancelled': { en: { message: 'the build was cancelled' }, 'zh-CN': { message: '构建已取消' } },
  'build.engineLost': {
    en: {
      message: 'the connection to the container engine was lost during the build ({detail})',
      hint: 'Check that the engine is running (the status bar shows whether Kiln reaches it), then build again.',
    },
    'zh-CN': {
      message: '构建过程中与容器引擎的连接断开了（{detail}）',
      hint: '请确认引擎在运行（状态栏会显示 Kiln 能否连上它），然后重新构建。',
    },
  },
  'build.engineRefused': {
    en: { message: 'the engine refused the build: {detail}' },
    'zh-CN': { message: '引擎拒绝了这次构建：{detail}' },
  },
  'build.notListed': {
    en: { message: 'the engine built {tag} but does not list it' },
    'zh-CN': { message: '引擎构建了 {tag}，但镜像列表里没有它' },
  },
});
