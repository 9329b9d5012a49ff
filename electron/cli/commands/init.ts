import path from 'node:path';
import { KilnError } from '../../../shared/errors.js';
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { shellQuote } from '../shell-quote.js';
import { createFromTemplate, isTemplateName, nameFromFolder, TEMPLATES } from '../../services/templates.js';

export const usage = 'kiln init <folder> [--template python|command|native] [--name n]   a working algorithm folder';

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parse(argv, { template: { type: 'string', short: 't' }, name: { type: 'string' } });
  const folder = positionals[0];
  if (!folder) throw KilnError.of('BAD_ARGUMENT', 'cli.init.noFolder', { usage });
  const template = (flags['template'] as string | undefined) ?? 'python';
  if (!isTemplateName(template))
    throw KilnError.of('BAD_ARGUMENT', 'cli.init.unknownTemplate', {
      template,
      templates: Object.keys(TEMPLATES).join(', '),
    });
  const quoted = shellQuote(folder);
  const name = (flags['name'] as string | undefined) ?? nameFromFolder(folder);
  if (!name)
    throw KilnError.of('BAD_ARGUMENT', 'cli.init.noName', { folder: path.basename(path.resolve(folder)), quoted });
  const target = await createFromTemplate(folder, name, template);
  ctx.out.result(
    [
      `Created ${folder}: ${TEMPLATES[template].about}.`,
      'Next:',
      `  kiln build ${quoted}`,
      `  kiln run ${quoted} --input image=photo.png --out out/`,
    ].join('\n'),
    { folder: path.resolve(target), name, template },
  );
  return 0;
}
