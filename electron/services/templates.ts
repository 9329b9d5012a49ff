// New algorithm folders from templates. Each template is one of the shipped examples:
// the examples are built and run by the tests, so a new folder works from its first build.
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KilnError } from '../../shared/errors.js';
import { NAME_PATTERN } from '../../shared/manifest/constants.js';
import { resourcesDir } from './paths.js';

export type TemplateName = 'python' | 'command' | 'native';

export const TEMPLATES: Record<TemplateName, { example: string; about: string }> = {
  python: { example: 'image-enhance', about: 'a Python class (setup once, predict per call) using numpy and Pillow' },
  command: { example: 'image-convert', about: 'a command line run per call (ImageMagick)' },
  native: { example: 'native-threshold', about: 'a C function in a shared library, built in the image' },
};

export function isTemplateName(t: string): t is TemplateName {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, t);
}

/**
 * A name Kiln accepts, derived from a folder name ("My Algo" -> "my-algo", "测试 enhance" ->
 * "enhance"); '' when nothing usable is left (a name of Chinese characters only), and the
 * caller asks for --name.
 */
export function nameFromFolder(folder: string): string {
  return path
    .basename(path.resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^a-z0-9]+$/, '');
}

export async function createFromTemplate(folder: string, name: string, template: TemplateName): Promise<string> {
  if (!NAME_PATTERN.test(name)) {
    throw KilnError.of('BAD_ARGUMENT', 'template.badName', { name });
  }
  const target = path.resolve(folder);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw KilnError.of('BAD_ARGUMENT', 'template.folderNotEmpty', { folder });
  }
  const src = path.join(resourcesDir(), 'examples', TEMPLATES[template].example);
  await cp(src, target, { recursive: true, filter: (p) => !/(__pycache__|\.pyc$|[/\\]out$|[/\\]build$)/.test(p) });
  const manifestPath = path.join(target, 'kiln.yaml');
  const text = await readFile(manifestPath, 'utf8');
  await writeFile(manifestPath, text.replace(/^name: .*$/m, `name: ${name}`));
  return target;
}

/**
 * Adds a template's files to an existing folder (kiln.yaml named after the folder), skipping
 * every file that is already there: the user's own code is never overwritten.
 */
export async function initInFolder(folder: string, template: TemplateName): Promise<{ name: string; added: string[] }> {
  const target = path.resolve(folder);
  if (existsSync(path.join(target, 'kiln.yaml'))) {
    throw KilnError.of('BAD_ARGUMENT', 'template.hasManifest', { folder: target });
  }
  const name = nameFromFolder(target);
  if (!NAME_PATTERN.test(name)) throw KilnError.of('BAD_ARGUMENT', 'template.noName', { folder: target });
  const src = path.join(resourcesDir(), 'examples', TEMPLATES[template].example);
  const added: string[] = [];
  await cp(src, target, {
    recursive: true,
    force: false,
    errorOnExist: false,
    filter: (p) => {
      if (/(__pycache__|\.pyc$|[/\\]out$|[/\\]build$)/.test(p)) return false;
      const rel = path.relative(src, p);
      if (rel && !existsSync(path.join(target, rel))) added.push(rel);
      return true;
    },
  });
  const manifestPath = path.join(target, 'kiln.yaml');
  await writeFile(manifestPath, (await readFile(manifestPath, 'utf8')).replace(/^name: .*$/m, `name: ${name}`));
  return { name, added };
}
