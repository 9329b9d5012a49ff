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
  'cli.entry.fileMissing': {
    en: {
      message: '{file}:{line} entry.python: {module} does not exist in {folder}',
      hint: 'Create {module}, or point entry.python at the file that holds your class (file.py:ClassName).',
    },
    'zh-CN': {
      message: '{file}:{line} entry.python：{folder} 中没有 {module}',
      hint: '请创建 {module}，或让 entry.python 指向定义该类的文件（file.py:ClassName）。',
    },
  },
  'cli.entry.classMissing': {
    en: {
      message: '{file}:{line} entry.python: {module} defines no class {className}',
      hint: 'Classes defined at the top of {module}: {found}. Fix the name in kiln.yaml or in the code.',
    },
    'zh-CN': {
      message: '{file}:{line} entry.python：{module} 中没有定义类 {className}',
      hint: '{module} 顶层定义的类：{found}。请修正 kiln.yaml 或代码中的名字。',
    },
  },
});
