// "New from template" (algorithms.create): the parent folder must exist unless the caller
// asked for it to be made (the app asks the user first).
import { defineMessages } from './define.js';

export const createMessages = defineMessages({
  'create.parentMissing': {
    en: {
      message: 'the parent folder {parent} does not exist',
      hint: 'Create it (the app asks first), or pick a folder that exists.',
    },
    'zh-CN': { message: '上级文件夹 {parent} 不存在', hint: '可以创建它（应用会先询问），或选择一个已存在的文件夹。' },
  },
  'create.parentNotFolder': {
    en: { message: '{parent} is not a folder', hint: 'Pick a folder as the parent.' },
    'zh-CN': { message: '{parent} 不是文件夹', hint: '请选择一个文件夹作为上级文件夹。' },
  },
});
