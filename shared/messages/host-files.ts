// Messages of the host file browser (files.list, the browse folders in Settings).
import { defineMessages } from './define.js';

export const hostFilesMessages = defineMessages({
  'hostFiles.outside': {
    en: {
      message: '{path} is outside the folders Kiln may browse',
      hint: 'Kiln browses your home folder ({home}) and the folders added in Settings > Browse folders.',
    },
    'zh-CN': {
      message: '{path} 不在 Kiln 允许浏览的文件夹内',
      hint: 'Kiln 可浏览你的主文件夹（{home}）以及在“设置 > 可浏览的文件夹”中添加的文件夹。',
    },
  },
  'hostFiles.missing': {
    en: { message: '{path} does not exist', hint: 'Pick another folder.' },
    'zh-CN': { message: '{path} 不存在', hint: '请选择其他文件夹。' },
  },
  'hostFiles.notFolder': {
    en: { message: '{path} is not a folder', hint: 'Pick a folder to list.' },
    'zh-CN': { message: '{path} 不是文件夹', hint: '请选择一个文件夹。' },
  },
  'hostFiles.unreadable': {
    en: { message: 'cannot read {path} ({reason})', hint: 'Check the folder permissions.' },
    'zh-CN': { message: '无法读取 {path}（{reason}）', hint: '请检查该文件夹的权限。' },
  },
  'hostFiles.notAbsolute': {
    en: { message: '{path} is not an absolute path', hint: 'Give the full path, such as /data/videos.' },
    'zh-CN': { message: '{path} 不是绝对路径', hint: '请给出完整路径，例如 /data/videos。' },
  },
  'hostFiles.rootMissing': {
    en: { message: 'cannot add {path}: it is not an existing folder', hint: 'Give the full path of a folder.' },
    'zh-CN': { message: '无法添加 {path}：它不是一个存在的文件夹', hint: '请给出一个文件夹的完整路径。' },
  },
});
