// Messages of managing versions and algorithms: removing and pruning versions (and what blocks
// it), images removed behind Kiln's back, renaming and removing algorithms, folders that moved.
import { defineMessages } from './define.js';

export const versionsMessages = defineMessages({
  'versions.algorithmNotFound': {
    en: { message: 'no algorithm named "{name}"', hint: 'List them with: kiln images' },
    'zh-CN': { message: '没有名为“{name}”的算法', hint: '列出全部算法：kiln images' },
  },
  'versions.notFound': {
    en: { message: '{name} has no version "{version}"', hint: 'List them with: kiln images {name}' },
    'zh-CN': { message: '{name} 没有版本“{version}”', hint: '列出其版本：kiln images {name}' },
  },
  'versions.needVersion': {
    en: {
      message: 'say which version of {name} to remove',
      hint: 'kiln images rm {name}:<version> (the versions: kiln images {name}); to keep only the newest: kiln prune {name} --keep 1',
    },
    'zh-CN': {
      message: '请指明要删除 {name} 的哪个版本',
      hint: 'kiln images rm {name}:<版本>（查看版本：kiln images {name}）；只保留最新的：kiln prune {name} --keep 1',
    },
  },
  'versions.usedByRun': {
    en: {
      message: '{name}:{version} is in use: run {run} is still running on it',
      hint: 'Wait for the run to finish (or cancel it), then remove the version.',
    },
    'zh-CN': {
      message: '{name}:{version} 正在使用中：运行 {run} 仍在其上运行',
      hint: '请等待运行结束（或取消它），再删除该版本。',
    },
  },
  'versions.usedByServe': {
    en: {
      message: '{name}:{version} is in use: container {container} serves it (kiln process {pid})',
      hint: 'Stop that kiln serve (Ctrl-C) or turn off Keep warm, then remove the version.',
    },
    'zh-CN': {
      message: '{name}:{version} 正在使用中：容器 {container} 正在提供该版本的服务（kiln 进程 {pid}）',
      hint: '请停止该 kiln serve（Ctrl-C）或关闭“保持预热”，再删除该版本。',
    },
  },
  'versions.imageInUse': {
    en: {
      message: 'the engine refused to remove the image {tag}: {detail}',
      hint: 'A container Kiln did not start uses it: remove that container (docker ps -a), then try again.',
    },
    'zh-CN': {
      message: '引擎拒绝删除镜像 {tag}：{detail}',
      hint: '有一个并非 Kiln 启动的容器在使用它：请先删除该容器（docker ps -a），再重试。',
    },
  },
  'versions.badKeep': {
    en: { message: '--keep {value} is not a whole number of 0 or more', hint: 'For example: kiln prune --keep 3' },
    'zh-CN': { message: '--keep {value} 不是大于等于 0 的整数', hint: '例如：kiln prune --keep 3' },
  },
  'algorithms.busy': {
    en: {
      message: '{name} is busy: job {job} is still running',
      hint: 'Wait for it to finish (or cancel it), then try again.',
    },
    'zh-CN': { message: '{name} 正忙：任务 {job} 仍在运行', hint: '请等待它结束（或取消它），再重试。' },
  },
  'algorithms.folderNotFound': {
    en: {
      message: 'folder not found: {path} (the folder of {name})',
      hint: 'Moved it? Open it from its new place. No longer needed? Remove {name} from Kiln.',
    },
    'zh-CN': {
      message: '找不到文件夹：{path}（{name} 的文件夹）',
      hint: '移动过它？请从新位置打开。不再需要？请将 {name} 从 Kiln 中移除。',
    },
  },
  'algorithms.pathNotFound': {
    en: { message: 'folder not found: {path}', hint: 'Check the path; create an algorithm with: kiln init <folder>' },
    'zh-CN': { message: '找不到文件夹：{path}', hint: '请检查路径；新建算法：kiln init <文件夹>' },
  },
  'algorithms.renameTaken': {
    en: {
      message: 'cannot rename {name} to {to}: an algorithm named {to} already exists ({path})',
      hint: 'Pick another name, or remove the other one first.',
    },
    'zh-CN': {
      message: '无法将 {name} 重命名为 {to}：已有名为 {to} 的算法（{path}）',
      hint: '请换一个名字，或先移除另一个算法。',
    },
  },
  'algorithms.renameInvalid': {
    en: {
      message: 'cannot rename {name} to "{to}": not an algorithm name',
      hint: 'Use lower-case letters, digits, ".", "_" or "-" (up to 63), starting with a letter or digit.',
    },
    'zh-CN': {
      message: '无法将 {name} 重命名为“{to}”：不是合法的算法名',
      hint: '请使用小写字母、数字、“.”、“_”或“-”（最多 63 个），以字母或数字开头。',
    },
  },
  'algorithms.renameNoNameLine': {
    en: {
      message: 'cannot rename {name}: {file} has no top-level "name: ..." line to change',
      hint: 'Edit the name in kiln.yaml yourself (Manifest tab), then save.',
    },
    'zh-CN': {
      message: '无法重命名 {name}：{file} 中没有可修改的顶层“name: ...”行',
      hint: '请在“清单”页中自行修改 kiln.yaml 里的名字并保存。',
    },
  },
});
