// Reads kiln.yaml from an algorithm folder and checks what the schema alone cannot:
// the entry's files exist in the folder.
// A validated kiln.yaml is cached by the hash of its text, so an unchanged folder never
// loads the YAML parser or the schema library (both are slow to import).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KilnError } from '../../../shared/errors.js';
import { MANIFEST_SCHEMA_REVISION } from '../../../shared/manifest/constants.js';
import type { ManifestProblem } from '../../../shared/manifest/parse.js';
import type { Manifest } from '../../../shared/manifest/schema.js';

export const MANIFEST_FILE = 'kiln.yaml';

export interface LoadedManifest {
  manifest: Manifest;
  file: string;
  text: string;
}

export async function loadManifest(folder: string, opts: { cacheDir?: string } = {}): Promise<LoadedManifest> {
  const file = path.join(folder, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const name = path.basename(folder);
      throw existsSync(folder)
        ? KilnError.of('MANIFEST_NOT_FOUND', 'manifest.noManifest', { folder, file: MANIFEST_FILE, name })
        : KilnError.of('MANIFEST_NOT_FOUND', 'manifest.folderMissing', { folder, name });
    }
    throw KilnError.of('MANIFEST_NOT_FOUND', 'manifest.cannotRead', { file, detail: (err as Error).message });
  }
  const manifest = await validated(text, file, opts.cacheDir);
  const problems = entryProblems(folder, file, manifest, text);
  if (problems.length) throw await manifestError(problems);
  return { manifest, file, text };
}

async function validated(text: string, file: string, cacheDir: string | undefined): Promise<Manifest> {
  const key = createHash('sha256').update(`${MANIFEST_SCHEMA_REVISION}\0${file}\0${text}`).digest('hex');
  const cached = cacheDir ? path.join(cacheDir, `${key}.json`) : undefined;
  if (cached) {
    try {
      return JSON.parse(await readFile(cached, 'utf8')) as Manifest;
    } catch {
      // not cached yet (or unreadable): validate below
    }
  }
  const { parseManifest } = await import('../../../shared/manifest/parse.js');
  const result = parseManifest(text, file);
  if (!result.ok) throw await manifestError(result.problems);
  if (cached && cacheDir) {
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(result.manifest));
    await rename(tmp, cached);
  }
  return result.manifest;
}

async function manifestError(problems: ManifestProblem[]): Promise<KilnError> {
  const { formatProblem, problemLine } = await import('../../../shared/manifest/parse.js');
  const first = problems[0]!;
  const more = problems.length > 1 ? `\n${problems.slice(1).map(formatProblem).join('\n')}` : '';
  const err = new KilnError('MANIFEST_INVALID', `${formatProblem(first)}${more}`, 'Fix kiln.yaml and try again.', {
    problems,
  });
  // The UI shows the same lines in its language (the CLI's English joins them with newlines).
  err.messageId = 'manifest.invalid';
  err.params = { problems: problems.map(problemLine) };
  return err;
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
    const [moduleFile = '', className = ''] = m.entry.python.split(':');
    if (!existsSync(path.join(folder, moduleFile))) {
      out.push({
        file,
        ...lineOf(text, moduleFile),
        path: 'entry.python',
        message: `entry file ${moduleFile} does not exist in ${folder}`,
        messageId: 'manifest.entryFileMissing',
        params: { file: moduleFile, folder },
      });
    } else if (className) {
      const names = topLevelNames(readSmallFile(path.join(folder, moduleFile)));
      if (names && !names.all.has(className)) {
        const found = names.classes.length ? names.classes.join(', ') : 'none';
        out.push({
          file,
          ...lineOf(text, m.entry.python),
          path: 'entry.python',
          message: `${moduleFile} defines no class ${className} (top-level classes: ${found})`,
          messageId: names.classes.length ? 'manifest.noSuchClass' : 'manifest.noClasses',
          params: names.classes.length
            ? { file: moduleFile, class: className, found }
            : { file: moduleFile, class: className },
        });
      }
    }
  } else if ('native' in m.entry && m.build.length === 0) {
    const lib = m.entry.native.library;
    if (!existsSync(path.join(folder, lib))) {
      out.push({
        file,
        ...lineOf(text, lib),
        path: 'entry.native.library',
        message: `library ${lib} does not exist and no build: commands make it`,
        messageId: 'manifest.libraryMissing',
        params: { library: lib },
      });
    }
  }
  const pp = m.python_packages;
  if (pp && !Array.isArray(pp)) {
    if (pp.requirements && !existsSync(path.join(folder, pp.requirements))) {
      out.push({
        file,
        ...lineOf(text, pp.requirements),
        path: 'python_packages.requirements',
        message: `requirements file ${pp.requirements} does not exist`,
        messageId: 'manifest.requirementsMissing',
        params: { file: pp.requirements },
      });
    }
    if (pp.find_links && !existsSync(path.join(folder, pp.find_links))) {
      out.push({
        file,
        ...lineOf(text, pp.find_links),
        path: 'python_packages.find_links',
        message: `find_links folder ${pp.find_links} does not exist in the algorithm folder`,
        messageId: 'manifest.findLinksMissing',
        params: { folder: pp.find_links },
      });
    }
  }
  return out;
}

function readSmallFile(p: string): string | null {
  try {
    return statSync(p).size <= 2_000_000 ? readFileSync(p, 'utf8') : null;
  } catch {
    return null;
  }
}

/**
 * The names a Python module binds at its top level, read as text, never run: `class X`,
 * `X = ...`, `def X`, `from m import X [as Y]`, `import m as X`. A top-level statement starts
 * in column 0, so indentation alone tells what is nested. null when the file cannot be read
 * (then the runtime reports the problem, as before).
 */
export function topLevelNames(source: string | null): { classes: string[]; all: Set<string> } | null {
  if (source === null) return null;
  const classes: string[] = [];
  const all = new Set<string>();
  for (const line of source.split(/\r?\n/)) {
    let m = /^class\s+([A-Za-z_]\w*)/.exec(line);
    if (m) {
      classes.push(m[1]!);
      all.add(m[1]!);
      continue;
    }
    m = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(line) ?? /^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)/.exec(line);
    if (m) {
      all.add(m[1]!);
      continue;
    }
    const imp = /^(?:from\s+\S+\s+)?import\s+(.+)$/.exec(line);
    if (imp) {
      for (const part of imp[1]!.replace(/[()\\]/g, '').split(',')) {
        const words = part.trim().split(/\s+/);
        const bound = words.length === 3 && words[1] === 'as' ? words[2] : words[0]?.split('.')[0];
        if (bound) all.add(bound);
      }
    }
  }
  return { classes, all };
}
