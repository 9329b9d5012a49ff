// Every back-end message, by id. Domains add their own file (define.ts says how) and are
// listed here once; ids are '<domain>.<what>' and unique across files (the type checks it).
import { cliMessages } from './cli.js';
import { commonMessages } from './common.js';
import { fill, type MessageParams, type MessageText } from './define.js';

export type { MessageEntry, MessageParams, MessageText } from './define.js';
export { defineMessages, fill } from './define.js';

export const MESSAGES = {
  ...commonMessages,
  ...cliMessages,
} as const;

export type MessageId = keyof typeof MESSAGES;
export type MessageLanguage = 'en' | 'zh-CN';

export function isMessageId(id: unknown): id is MessageId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES, id);
}

/** The message and hint of an id in a language, parameters filled in. */
export function formatMessage(
  id: MessageId,
  params: MessageParams | undefined,
  language: MessageLanguage,
): MessageText {
  const entry: MessageText = MESSAGES[id][language];
  const out: MessageText = { message: fill(entry.message, params) };
  if (entry.hint !== undefined) out.hint = fill(entry.hint, params);
  return out;
}
