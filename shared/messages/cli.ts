// Messages of the `kiln` command's own checks (init, flags, the build's pre-flight checks).
import { defineMessages } from './define.js';

export const cliMessages = defineMessages({
  'cli.init.noName': {
    en: {
      message: 'cannot derive an algorithm name from the folder name "{folder}"',
      hint: 'Pass one: kiln init {quoted} --name my-algo (lower-case letters, digits, ".", "_" or "-").',
    },
    'zh-CN': {
      message: '无法从文件夹名“{folder}”得出算法名',
      hint: '请指定一个：kiln init {quoted} --name my-algo（小写字母、数字、“.”、“_”或“-”）。',
    },
  },
});
