// Messages of new algorithms from a template (algorithms.create / algorithms.init, `kiln init`)
// and of the job registry (jobs.*: a job the app no longer keeps).
import { defineMessages } from './define.js';

export const templatesMessages = defineMessages({
  'template.badName': {
    en: { message: '"{name}" is not a valid algorithm name', hint: 'Use lower-case letters, digits, ".", "_" or "-".' },
    'zh-CN': { message: '“{name}”不是有效的算法名', hint: '请使用小写字母、数字、“.”、“_”或“-”。' },
  },
  'template.folderNotEmpty': {
    en: {
      message: '{folder} already exists and is not empty',
      hint: 'Choose a new folder name; Kiln never overwrites your files.',
    },
    'zh-CN': { message: '{folder} 已存在且不是空文件夹', hint: '请换一个新的文件夹名；Kiln 从不覆盖你的文件。' },
  },
  'template.hasManifest': {
    en: { message: '{folder} already has a kiln.yaml', hint: 'Open the folder instead.' },
    'zh-CN': { message: '{folder} 中已有 `kiln.yaml`', hint: '请直接打开这个文件夹。' },
  },
  'template.noName': {
    en: {
      message: 'cannot derive an algorithm name from {folder}',
      hint: 'Rename the folder, or use kiln init with --name.',
    },
    'zh-CN': { message: '无法从 {folder} 得出算法名', hint: '请重命名该文件夹，或使用带 `--name` 的 `kiln init`。' },
  },
  'job.notFound': {
    en: {
      message: 'no job {jobId}',
      hint: 'Jobs are kept while the app runs; see the runs and builds history for older ones.',
    },
    'zh-CN': { message: '没有任务 {jobId}', hint: '任务只在应用运行期间保留；更早的任务请查看运行和构建历史。' },
  },
});
