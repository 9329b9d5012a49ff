// Messages of the run history: deleting runs (runs.delete, `kiln runs rm`).
import { defineMessages } from './define.js';

export const runHistoryMessages = defineMessages({
  'history.notFound': {
    en: { message: 'no run {id}', hint: 'List the runs with: kiln runs' },
    'zh-CN': { message: '没有运行记录 {id}', hint: '用 kiln runs 列出运行记录。' },
  },
  'history.stillRunning': {
    en: { message: 'run {id} is still running', hint: 'Cancel it first, or wait until it ends.' },
    'zh-CN': { message: '运行 {id} 仍在进行中', hint: '请先取消它，或等它结束。' },
  },
});
