import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KilnError } from '../../../shared/errors.js';
import { NAME_PATTERN } from '../../../shared/manifest/constants.js';
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { resourcesDir } from '../../services/paths.js';

export const usage = 'kiln init <folder> [--template python|command|native] [--name n]   a working algorithm folder';

/** Each template is one of the shipped examples: the examples are tested, so templates work. */
export const TEMPLATES: Record<string, { example: string; about: string }> = {
  python: { example: 'image-enhance', about: 'a Python class (setup once, predict per call) using numpy and Pillow' },
  command: { example: 'image-convert', about: 'a command line run per call (ImageMagick)' },
  native: { example: 'native-threshold', about: 'a C function in a shared library, built in the image' },
};

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parse(argv, { template: { type: 'string', short: 't' }, name: { type: 'string' } });
  const folder = positionals[0];
  if (!folder) throw new KilnError('BAD_ARGUMENT', 'kiln init needs a folder name', `Usage: ${usage}`);
  const template = (flags['template'] as string | undefined) ?? 'python';
  const t = TEMPLATES[template];
  if (!t) throw new KilnError('BAD_ARGUMENT', `unknown template "${template}"`, `Templates: ${Object.keys(TEMPLATES).join(', ')}`);
  const name = (flags['name'] as string | undefined) ?? path.basename(path.resolve(folder)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  if (!NAME_PATTERN.test(name)) throw new KilnError('BAD_ARGUMENT', `"${name}" is not a valid algorithm name`, 'Use lower-case letters, digits, ".", "_" or "-", or pass --name');
  if (existsSync(folder) && (await readdir(folder)).length > 0) {
    throw new KilnError('BAD_ARGUMENT', `${folder} already exists and is not empty`, 'Choose a new folder name; Kiln never overwrites your files.');
  }
  const src = path.join(resourcesDir(), 'examples', t.example);
  await cp(src, folder, { recursive: true, filter: (p) => !/(__pycache__|\.pyc$|[/\\]out$|[/\\]build$)/.test(p) });
  const manifestPath = path.join(folder, 'kiln.yaml');
  const text = await readFile(manifestPath, 'utf8');
  await writeFile(manifestPath, text.replace(/^name: .*$/m, `name: ${name}`));
  ctx.out.result(
    [
      `Created ${folder}: ${t.about}.`,
      'Next:',
      `  kiln build ${folder}`,
      `  kiln run ${folder} ${sampleInputs(t.example)} --out out/`,
    ].join('\n'),
    { folder: path.resolve(folder), name, template },
  );
  return 0;
}

function sampleInputs(example: string): string {
  return example === 'native-threshold' || example === 'image-convert' || example === 'image-enhance' ? '--input image=photo.png' : '';
}
