// Messages of the algorithm-file editor's back end: reading and conditional saving of kiln.yaml
// and the algorithm's code files, confined to its folder.
import { defineMessages } from './define.js';

export const filesMessages = defineMessages({
  'files.conflict': {
    en: {
      message: '{file} changed on disk since Kiln loaded it; nothing was written',
      hint: 'Choose: keep your version (it then replaces the one on disk), take the one on disk, or compare them.',
    },
    'zh-CN': {
      message: '{file} 在 Kiln 载入之后已在磁盘上被修改；未写入任何内容',
      hint: '请选择：保留你的版本（随后覆盖磁盘上的版本）、采用磁盘上的版本，或比较两者。',
    },
  },
  'files.outside': {
    en: {
      message: '"{path}" is not a file inside the algorithm folder {folder}',
      hint: 'Only files of the algorithm folder open in the editor; give a path relative to it, without "..".',
    },
    'zh-CN': {
      message: '“{path}”不是算法文件夹 {folder} 内的文件',
      hint: '编辑器只能打开算法文件夹内的文件；请给出相对于该文件夹、不含“..”的路径。',
    },
  },
  'files.symlinkEscape': {
    en: {
      message: '{path} is a symbolic link that leads outside the algorithm folder {folder}',
      hint: 'Open the file it points to from its own folder, or replace the link with the file.',
    },
    'zh-CN': {
      message: '{path} 是指向算法文件夹 {folder} 之外的符号链接',
      hint: '请从目标文件所在的文件夹打开它，或用文件本身替换该链接。',
    },
  },
  'files.noAlgorithm': {
    en: { message: 'this algorithm is no longer in Kiln', hint: 'Open its folder again.' },
    'zh-CN': { message: '该算法已不在 Kiln 中', hint: '请重新打开它的文件夹。' },
  },
  'files.notFound': {
    en: { message: '{path} does not exist in {folder}', hint: 'It may have been moved or deleted; refresh the list.' },
    'zh-CN': { message: '{folder} 中不存在 {path}', hint: '它可能已被移动或删除；请刷新列表。' },
  },
  'files.notAFile': {
    en: { message: '{path} is not a regular file', hint: 'Only files open in the editor, not folders or devices.' },
    'zh-CN': { message: '{path} 不是普通文件', hint: '编辑器只能打开文件，不能打开文件夹或设备。' },
  },
  'files.tooLarge': {
    en: {
      message: '{path} is {size} bytes, larger than the {limit} bytes the editor opens',
      hint: 'Open it in your own editor.',
    },
    'zh-CN': {
      message: '{path} 大小为 {size} 字节，超过编辑器可打开的 {limit} 字节',
      hint: '请用你自己的编辑器打开。',
    },
  },
  'files.notText': {
    en: {
      message: '{path} is not UTF-8 text (a binary file?)',
      hint: 'Only text files open in the editor; model files and images do not.',
    },
    'zh-CN': {
      message: '{path} 不是 UTF-8 文本（二进制文件？）',
      hint: '编辑器只能打开文本文件，模型文件和图片不行。',
    },
  },
});
