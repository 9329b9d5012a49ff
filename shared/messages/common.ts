// Messages that belong to no one domain: the API edge, jobs, internal failures.
import { defineMessages } from './define.js';

export const commonMessages = defineMessages({
  'common.internal': {
    en: {
      message: 'Kiln hit an internal error: {detail}',
      hint: 'Try again; if it keeps happening, report it with the log.',
    },
    'zh-CN': { message: 'Kiln 内部出错：{detail}', hint: '请重试；如果反复出现，请附上日志报告问题。' },
  },
  'common.cancelled': {
    en: { message: 'cancelled' },
    'zh-CN': { message: '已取消' },
  },
});
