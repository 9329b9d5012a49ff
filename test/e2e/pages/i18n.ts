// The UI's own strings (renderer/src/i18n), so tests look for exactly what a user reads. The
// renderer is its own TypeScript project (bundler resolution: zh-CN.ts imports './en' without
// an extension, which this Node project's type check refuses), so the modules are loaded at run
// time by path; only the key type comes from en.ts, which imports nothing.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageKey } from '../../../renderer/src/i18n/en.js';
import { ROOT } from '../../support/kiln-cli.js';

export type { MessageKey };
export type Messages = Readonly<Record<MessageKey, string>>;

async function load(file: string, name: string): Promise<Messages> {
  const mod = (await import(pathToFileURL(path.join(ROOT, 'renderer', 'src', 'i18n', file)).href)) as Record<
    string,
    unknown
  >;
  const messages = mod[name];
  if (!messages || typeof messages !== 'object') throw new Error(`renderer/src/i18n/${file} has no export ${name}`);
  // An unknown key (they all look like "area.name") is a mistake in the test, not undefined to look for.
  return new Proxy(messages as Messages, {
    get(target, key) {
      const value = (target as Record<string | symbol, unknown>)[key];
      if (typeof key === 'string' && key.includes('.') && typeof value !== 'string')
        throw new Error(`renderer/src/i18n/${file}: no message ${key}`);
      return value;
    },
  });
}

export async function loadMessages(): Promise<{ en: Messages; zhCN: Messages }> {
  return { en: await load('en.ts', 'en'), zhCN: await load('zh-CN.ts', 'zhCN') };
}

/** A message with its {params} filled in, as the UI's translate() does. */
export function fill(text: string | undefined, params: Record<string, string | number> = {}): string {
  if (text === undefined) throw new Error('no such message');
  return text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
}
