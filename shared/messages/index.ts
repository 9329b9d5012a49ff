// Every back-end message, by id. Domains add their own file (define.ts says how) and are
// listed here once; ids are '<domain>.<what>' and unique across files (test/unit/message-ids.test.ts).
import { cliMessages } from './cli.js';
import { apiMessages } from './api.js';
import { bridgeMessages } from './bridge.js';
import { buildMessages } from './build.js';
import { commonMessages } from './common.js';
import { createMessages } from './create.js';
import { engineMessages } from './engine.js';
import { gpuMessages } from './gpu.js';
import { manifestMessages } from './manifest.js';
import { runMessages } from './run.js';
import { filesMessages } from './files.js';
import { uiServerMessages } from './ui-server.js';
import { hostFilesMessages } from './host-files.js';
import { runHistoryMessages } from './run-history.js';
import { versionsMessages } from './versions.js';
import { catalogMessages } from './catalog.js';
import { templatesMessages } from './templates.js';
import { cliCommandsMessages } from './cli-commands.js';
import { fill, type MessageParams, type MessageRef, type MessageText } from './define.js';

export type { MessageEntry, MessageParam, MessageParams, MessageRef, MessageText } from './define.js';
export { defineMessages, fill } from './define.js';

export const MESSAGES = {
  ...hostFilesMessages,
  ...runHistoryMessages,
  ...versionsMessages,
  ...catalogMessages,
  ...templatesMessages,
  ...cliCommandsMessages,
  ...commonMessages,
  ...createMessages,
  ...apiMessages,
  ...bridgeMessages,
  ...buildMessages,
  ...manifestMessages,
  ...engineMessages,
  ...gpuMessages,
  ...runMessages,
  ...cliMessages,
  ...filesMessages,
  ...uiServerMessages,
} as const;

export type MessageId = keyof typeof MESSAGES;
export type MessageLanguage = 'en' | 'zh-CN';

export function isMessageId(id: unknown): id is MessageId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES, id);
}

/** A reference to a message, to pass as another message's parameter (rendered in the same language). */
export function ref(id: MessageId, params?: MessageParams): MessageRef {
  return params ? { id, params } : { id };
}

/** A reference to a message's hint, to pass as another message's parameter. */
export function hintRef(id: MessageId, params?: MessageParams): MessageRef {
  return { ...ref(id, params), part: 'hint' };
}

const SEPARATOR: Record<MessageLanguage, string> = { en: '; ', 'zh-CN': '；' };

/** The message and hint of an id in a language, parameters (and nested messages) filled in. */
export function formatMessage(
  id: MessageId,
  params: MessageParams | undefined,
  language: MessageLanguage,
): MessageText {
  const entry: MessageText = MESSAGES[id][language];
  const render = (r: MessageRef): string => {
    if (!isMessageId(r.id)) return r.id;
    const text = formatMessage(r.id, r.params, language);
    return r.part === 'hint' ? (text.hint ?? '') : text.message;
  };
  const out: MessageText = { message: fill(entry.message, params, render, SEPARATOR[language]) };
  if (entry.hint !== undefined) out.hint = fill(entry.hint, params, render, SEPARATOR[language]);
  return out;
}
