// Reads kiln.yaml from an algorithm folder and checks what the schema alone cannot:
// the entry's files exist in the folder.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KilnError } from '../../../shared/errors.js';
import { formatProblem, parseManifest, type ManifestProblem } from '../../../shared/manifest/parse.js';
import type { Manifest } from '../../../shared/manifest/schema.js';

export const MANIFEST_FILE = 'kiln.yaml';

export interface LoadedManifest {
  manifest: Manifest;
  file: string;
  text: string;
}

export async function loadManifest(folder: string): Promise<LoadedManifest> {
  const file = path.join(folder, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const what = existsSync(folder) ? `${folder} has no ${MANIFEST_FILE}` : `${folder} does not exist`;
      throw new KilnError('MANIFEST_NOT_FOUND', what, `Create one with: kiln init ${path.basename(folder)} --template python`);
    }
    throw new KilnError('MANIFEST_NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`);
  }
  const result = parseManifest(text, file);
  if (!result.ok) throw manifestError(result.problems);
  const problems = entryProblems(folder, file, result.manifest, text);
  if (problems.length) throw manifestError(problems);
  return { manifest: result.manifest, file, text };
}

function manifestError(problems: ManifestProblem[]): KilnError {
  const first = problems[0]!;
  const more = problems.length > 1 ? `\n${problems.slice(1).map(formatProblem).join('\n')}` : '';
  return new KilnError('MANIFEST_INVALID', `${formatProblem(first)}${more}`, 'Fix kiln.yaml and try again.', { problems });
}

function lineOf(text: string, needle: string): { line: number; column: number } {
  const idx = text.indexOf(needle);
  if (idx < 0) return { line: 1, column: 1 };
  const before = text.slice(0, idx).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function entryProblems(folder: string, file: string, m: Manifest, text: string): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  if ('python' in m.entry) {
    const moduleFile = m.entry.python.split(':')[0]!;
    if (!existsSync(path.join(folder, moduleFile))) {
      out.push({ file, ...lineOf(text, moduleFile), path: 'entry.python', message: `entry file ${moduleFile} does not exist in ${folder}` });
    }
  } else if ('native' in m.entry && m.build.length === 0) {
    const lib = m.entry.native.library;
    if (!existsSync(path.join(folder, lib))) {
      out.push({
        file,
        ...lineOf(text, lib),
        path: 'entry.native.library',
        message: `library ${lib} does not exist and no build: commands make it`,
      });
    }
  }
  const pp = m.python_packages;
  if (pp && !Array.isArray(pp)) {
    if (pp.requirements && !existsSync(path.join(folder, pp.requirements))) {
      out.push({ file, ...lineOf(text, pp.requirements), path: 'python_packages.requirements', message: `requirements file ${pp.requirements} does not exist` });
    }
    if (pp.find_links && !existsSync(path.join(folder, pp.find_links))) {
      out.push({ file, ...lineOf(text, pp.find_links), path: 'python_packages.find_links', message: `find_links folder ${pp.find_links} does not exist in the algorithm folder` });
    }
  }
  return out;
}
