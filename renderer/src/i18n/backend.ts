// What the back end says (errors, manifest problems, engine status, GPU reasons), in the
// user's language: a message id with parameters is rendered from shared/messages; without
// one, the English text the back end sent is shown as it is.
import { useMemo } from 'react';
import { formatMessage, isMessageId, type MessageParams } from '../../../shared/messages/index';
import { useSettingsStore } from '../stores/settings';
import type { Language } from './index';

export interface BackendText {
  message: string;
  hint?: string | null | undefined;
  messageId?: string | null | undefined;
  params?: MessageParams | null | undefined;
}

export interface LocalText {
  message: string;
  hint: string | null;
}

export function localize(language: Language, said: BackendText): LocalText {
  if (said.messageId && isMessageId(said.messageId)) {
    const text = formatMessage(said.messageId, said.params ?? undefined, language);
    return { message: text.message, hint: text.hint ?? said.hint ?? null };
  }
  return { message: said.message, hint: said.hint ?? null };
}

/** localize() in the current language; components re-render when it changes. */
export function useLocalize(): (said: BackendText) => LocalText {
  const language = useSettingsStore((s) => s.language);
  return useMemo(() => (said: BackendText) => localize(language, said), [language]);
}

/** A failed run's or build's stored error (catalog records keep its message id from schema 3 on). */
export function storedError(record: {
  errorMessage: string | null;
  errorMessageId: string | null;
  errorParams: MessageParams | null;
}): BackendText | null {
  if (record.errorMessage === null && record.errorMessageId === null) return null;
  return { message: record.errorMessage ?? '', messageId: record.errorMessageId, params: record.errorParams };
}
