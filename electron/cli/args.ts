// Command-line parsing on node:util's parseArgs: fast to load, strict about unknown flags.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KilnError } from '../../shared/errors.js';

export type Flags = Record<string, string | boolean | string[] | undefined>;

export function parse(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { positionals: string[]; flags: Flags } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, flags: values };
  } catch (err) {
    throw KilnError.of('BAD_ARGUMENT', 'cli.badFlags', { detail: (err as Error).message.split('\n')[0]! });
  }
}

/** --input image=a.png --input mask=b.png -> {image: 'a.png', mask: 'b.png'} */
export function keyValues(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw KilnError.of('BAD_ARGUMENT', 'cli.keyValue', { flag, item });
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
