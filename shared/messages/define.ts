// Back-end messages in both languages, side by side, so a missing translation is a type error.
// An error carries its message id and parameters; the CLI and logs print the English text,
// the UI renders the id in the user's language (shared/messages/index.ts: formatMessage).
// Templates take {name} parameters; a parameter is a name, a path, a number or code, never a
// sentence of its own: a nested message is passed as a reference {id, params} instead, and a
// list of them as an array (joined with "; " in English, "；" in Chinese).
// The Chinese texts quote commands and code in `backticks` (the UI shows them as code, and its
// language check leaves them alone); the English ones keep the words the CLI has always printed.

export interface MessageText {
  message: string;
  hint?: string;
}

export interface MessageEntry {
  en: MessageText;
  'zh-CN': MessageText;
}

/** A message inside another one's parameter, rendered in the same language. */
export interface MessageRef {
  id: string;
  params?: MessageParams;
  /** 'hint': the referenced message's hint instead of its message. */
  part?: 'hint';
}

export type MessageParam = string | number | MessageRef | readonly MessageParam[];

export interface MessageParams {
  [name: string]: MessageParam;
}

/** Identity with a type check: every entry has English and Simplified Chinese. */
export function defineMessages<const T extends Record<string, MessageEntry>>(entries: T): T {
  return entries;
}

/** Fills {name} parameters; nested references go through `render` (plain text when none is given). */
export function fill(
  template: string,
  params: MessageParams | undefined,
  render: (ref: MessageRef) => string = (ref) => ref.id,
  separator = '; ',
): string {
  if (!params) return template;
  const text = (v: MessageParam): string =>
    Array.isArray(v)
      ? (v as readonly MessageParam[]).map(text).join(separator)
      : typeof v === 'object'
        ? render(v as MessageRef)
        : String(v);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? text(params[name]!) : whole,
  );
}
