// The API's own errors (electron/services/api): what a screen asked for that is not there.
import { defineMessages } from './define.js';

export const apiMessages = defineMessages({
  'api.noAlgorithm': {
    en: { message: 'no algorithm named "{name}"', hint: 'Open its folder first.' },
    'zh-CN': { message: '没有名为 "{name}" 的算法', hint: '请先打开它的文件夹。' },
  },
  'api.notAFolder': {
    en: { message: '{folder} is not a folder' },
    'zh-CN': { message: '{folder} 不是文件夹' },
  },
  'api.noManifest': {
    en: {
      message: '{folder} has no {file}',
      hint: 'Create one from a template: New from template, or kiln init.',
    },
    'zh-CN': { message: '{folder} 里没有 {file}', hint: '可以从模板创建：“从模板新建”，或 `kiln init`。' },
  },
  'api.noRun': {
    en: { message: 'no run {id}' },
    'zh-CN': { message: '没有运行记录 {id}' },
  },
  'api.badInput': {
    en: { message: '{method}: {where}{detail}' },
    'zh-CN': { message: '{method}：{where}{detail}' },
  },
  'api.unexpected': {
    en: {
      message: 'unexpected error: {detail}',
      hint: 'Try again; if it repeats, report it with the steps that led here.',
    },
    'zh-CN': { message: '意外错误：{detail}', hint: '请重试；如果反复出现，请附上操作步骤报告问题。' },
  },
});
