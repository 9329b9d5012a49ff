// The build context: which files of an algorithm folder go into the image, and their hashes.
// Honours .kilnignore and .dockerignore, never includes .git/__pycache__/node_modules, and
// refuses a symlink that leads out of the folder. A stat cache (size, mtime, ctime, inode:
// like git's index) lets unchanged files skip re-reading; mtime alone never decides.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, type Stats } from 'node:fs';
import { lstat, readdir, readFile, readlink, realpath, stat, writeFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import type IgnoreFactory from 'ignore';
import { KilnError } from '../../../shared/errors.js';

// `ignore` is CommonJS: required on first use, not imported. An ESM import of it makes Node parse
// its source for named exports first (cjs-module-lexer), 6-9 ms of every `kiln build` and
// `kiln run` start-up, and a warm `kiln run` never scans a folder at all.
let ignoreFactory: typeof IgnoreFactory | undefined;
const ignore = (): Ignore => (ignoreFactory ??= createRequire(import.meta.url)('ignore') as typeof IgnoreFactory)();

export const ALWAYS_IGNORED = [
  '.git/',
  '.hg/',
  '.svn/',
  '__pycache__/',
  'node_modules/',
  '*.pyc',
  '.DS_Store',
  '.kiln/',
  '.ipynb_checkpoints/',
];
/** Files at least this large count as model files (their own layer) even without a `models` glob. */
export const LARGE_FILE_BYTES = 32 * 1024 * 1024;

export interface ContextFile {
  /** POSIX path relative to the algorithm folder. */
  rel: string;
  abs: string;
  size: number;
  mode: number;
  sha256: string;
  /** Set for a symlink that stays inside the folder; the link text, kept as a link. */
  linkTarget?: string;
  model: boolean;
}

export interface BuildContext {
  root: string;
  files: ContextFile[];
  codeFiles: ContextFile[];
  modelFiles: ContextFile[];
  /** Hash over the model files only: names the separate models image. */
  modelsHash: string | null;
  stats: { files: number; bytes: number; hashedBytes: number; cachedFiles: number };
}

interface StatEntry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

function buildIgnore(root: string): Ignore {
  const ig = ignore().add(ALWAYS_IGNORED);
  for (const name of ['.dockerignore', '.kilnignore']) {
    const p = path.join(root, name);
    if (existsSync(p)) ig.add(readFileSync(p, 'utf8'));
  }
  return ig;
}

async function sha256File(abs: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface ScanOptions {
  /** Globs (gitignore syntax) naming model files, from kiln.yaml `models`. */
  models: readonly string[];
  /** Where to keep the stat cache; none when undefined. */
  statCachePath?: string;
}

export async function scanContext(rootIn: string, opts: ScanOptions): Promise<BuildContext> {
  const root = await realpath(rootIn);
  const ig = buildIgnore(root);
  const modelMatcher = ignore().add([...opts.models]);
  const cache = loadStatCache(opts.statCachePath);
  const nextCache: Record<string, StatEntry> = {};
  const files: ContextFile[] = [];
  let hashedBytes = 0;
  let cachedFiles = 0;

  const walk = async (dirAbs: string, dirRel: string): Promise<void> => {
    const entries = await readdir(dirAbs, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      const abs = path.join(dirAbs, entry.name);
      if (entry.isDirectory()) {
        if (ig.ignores(`${rel}/`)) continue;
        await walk(abs, rel);
        continue;
      }
      if (ig.ignores(rel)) continue;
      if (entry.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => null);
        if (target === null || !isInside(root, target)) {
          throw target
            ? KilnError.of('UNSAFE_PATH', 'build.symlinkOutside', { path: rel, target })
            : KilnError.of('UNSAFE_PATH', 'build.symlinkNowhere', { path: rel });
        }
        const link = await readlink(abs);
        const st = await lstat(abs);
        files.push({
          rel,
          abs,
          size: 0,
          mode: st.mode & 0o777,
          sha256: createHash('sha256').update(`link:${link}`).digest('hex'),
          linkTarget: link,
          model: false,
        });
        continue;
      }
      if (!entry.isFile()) continue; // sockets, fifos, devices: never part of an image
      const st = await stat(abs);
      let sha = cacheHit(cache[rel], st);
      if (sha) cachedFiles++;
      else {
        sha = await sha256File(abs);
        hashedBytes += st.size;
      }
      nextCache[rel] = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha256: sha };
      const model = modelMatcher.ignores(rel) || st.size >= LARGE_FILE_BYTES;
      files.push({ rel, abs, size: st.size, mode: st.mode & 0o777, sha256: sha, model });
    }
  };
  await walk(root, '');
  if (opts.statCachePath) await saveStatCache(opts.statCachePath, nextCache, cache);

  const modelFiles = files.filter((f) => f.model);
  const codeFiles = files.filter((f) => !f.model);
  const modelsHash = modelFiles.length
    ? createHash('sha256')
        .update(JSON.stringify(modelFiles.map((f) => [f.rel, f.mode & 0o111 ? 1 : 0, f.sha256])))
        .digest('hex')
    : null;
  return {
    root,
    files,
    codeFiles,
    modelFiles,
    modelsHash,
    stats: { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), hashedBytes, cachedFiles },
  };
}

function cacheHit(entry: StatEntry | undefined, st: Stats): string | undefined {
  if (!entry) return undefined;
  // Racy-git rule: a file modified within the last 2 s may change again in the same mtime tick.
  if (Date.now() - st.mtimeMs < 2000) return undefined;
  if (entry.size === st.size && entry.mtimeMs === st.mtimeMs && entry.ctimeMs === st.ctimeMs && entry.ino === st.ino)
    return entry.sha256;
  return undefined;
}

function loadStatCache(p: string | undefined): Record<string, StatEntry> {
  if (!p || !existsSync(p)) return {};
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Record<string, StatEntry>;
  } catch {
    return {};
  }
}

async function saveStatCache(
  p: string,
  next: Record<string, StatEntry>,
  prev: Record<string, StatEntry>,
): Promise<void> {
  const a = Object.keys(next);
  if (a.length === Object.keys(prev).length && a.every((k) => sameEntry(next[k], prev[k]))) return;
  await mkdir(path.dirname(p), { recursive: true });
  const tmp = `${p}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(next));
  await rename(tmp, p);
}

function sameEntry(a: StatEntry | undefined, b: StatEntry | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.sha256 === b.sha256 &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.ino === b.ino &&
    a.size === b.size
  );
}

export async function readText(abs: string): Promise<string> {
  return readFile(abs, 'utf8');
}
