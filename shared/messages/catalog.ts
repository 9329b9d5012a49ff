// Messages the catalog itself writes into a record (a build or run whose owner process is gone).
import { defineMessages } from './define.js';

export const catalogMessages = defineMessages({
  'catalog.aborted': {
    en: { message: 'the process that owned it stopped before it finished' },
    'zh-CN': { message: '负责它的进程在它完成之前就停止了' },
  },
});
