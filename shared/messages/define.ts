// Back-end messages in both languages, side by side, so a missing translation is a type error.
// An error carries its message id and parameters; the CLI and logs print the English text,
// the UI renders the id in the user's language (shared/messages/index.ts: formatMessage).
// Templates take {name} parameters; a parameter is a name, a path, a number or code, never a
// sentence of its own (a nested message is passed as its id instead).

export interface MessageText {
  message: string;
  hint?: string;
}

export interface MessageEntry {
  en: MessageText;
  'zh-CN': MessageText;
}

export type MessageParams = Record<string, string | number>;

/** Identity with a type check: every entry has English and Simplified Chinese. */
export function defineMessages<const T extends Record<string, MessageEntry>>(entries: T): T {
  return entries;
}

export function fill(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
