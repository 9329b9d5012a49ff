// Translations: English and Simplified Chinese. Every key of en exists in zh-CN (the type
// says so, and a unit test checks both ways). Strings take {name} parameters.
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey } from './en';
export type Language = 'en' | 'zh-CN';

/** Language names are shown in their own language, as is the custom. */
export const LANGUAGES: ReadonlyArray<{ value: Language; label: string }> = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
];

export const MESSAGES: Record<Language, Readonly<Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };

export type TParams = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: TParams) => string;

export function translate(language: Language, key: MessageKey, params?: TParams): string {
  const text = MESSAGES[language][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
