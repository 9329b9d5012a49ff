// Text files of an algorithm folder (kiln.yaml, predict.py, C sources...) for the editor:
// confined to the folder (no "..", no absolute path, no symbolic link leading out), regular
// files only, a size limit, UTF-8 text only. Saving is conditional: the caller says which
// content it loaded (its sha256) and a file changed on disk since is a CONFLICT, never a
// silent overwrite.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KilnError } from '../../../shared/errors.js';

/** The largest file the editor opens or saves (the API's text limit as well). */
export const MAX_EDITOR_FILE_BYTES = 1_000_000;

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface FileState {
  /** The relative path, with forward slashes. */
  path: string;
  /** sha256 of the bytes on disk; null when the file does not exist. */
  sha256: string | null;
  size: number;
  mtimeMs: number;
}

export interface FileContent extends FileState {
  sha256: string;
  text: string;
}

/** A relative path of the folder, refused when it could name anything outside it. */
export function checkRelative(folder: string, rel: string): string {
  const slashed = rel.replace(/\\/g, '/');
  const parts = slashed.split('/');
  if (
    !rel ||
    rel.includes('\0') ||
    path.isAbsolute(rel) ||
    path.win32.isAbsolute(rel) ||
    parts.some((p) => p === '..') ||
    parts.every((p) => p === '' || p === '.')
  ) {
    throw KilnError.of('UNSAFE_PATH', 'files.outside', { path: rel, folder });
  }
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

/**
 * The real path of `rel` inside `folder`, with every symbolic link resolved and checked to stay
 * inside the folder's own real path. Throws NOT_FOUND when the file does not exist.
 */
export async function resolveInside(folder: string, rel: string): Promise<{ rel: string; real: string }> {
  const clean = checkRelative(folder, rel);
  const root = await realpath(folder).catch(() => {
    throw KilnError.of('NOT_FOUND', 'files.notFound', { path: '.', folder });
  });
  const joined = path.join(root, ...clean.split('/'));
  let real: string;
  try {
    real = await realpath(joined);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw KilnError.of('NOT_FOUND', 'files.notFound', { path: clean, folder });
    throw err;
  }
  const inside = path.relative(root, real);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw KilnError.of('UNSAFE_PATH', 'files.symlinkEscape', { path: clean, folder });
  }
  return { rel: clean, real };
}

/** What "Open in your editor" hands the system: the real path of a regular file inside the folder. */
export async function algorithmFilePath(
  algo: { name: string; path: string } | undefined,
  rel: string,
): Promise<string> {
  if (!algo) throw KilnError.of('NOT_FOUND', 'files.noAlgorithm', {});
  const target = await resolveInside(algo.path, rel);
  if (!(await stat(target.real)).isFile()) throw KilnError.of('BAD_INPUT', 'files.notAFile', { path: target.rel });
  return target.real;
}

async function readChecked(
  folder: string,
  rel: string,
): Promise<{ rel: string; real: string; bytes: Buffer; mtimeMs: number }> {
  const target = await resolveInside(folder, rel);
  const st = await stat(target.real);
  if (!st.isFile()) throw KilnError.of('BAD_INPUT', 'files.notAFile', { path: target.rel });
  if (st.size > MAX_EDITOR_FILE_BYTES)
    throw KilnError.of('BAD_INPUT', 'files.tooLarge', {
      path: target.rel,
      size: st.size,
      limit: MAX_EDITOR_FILE_BYTES,
    });
  const bytes = await readFile(target.real);
  return { ...target, bytes, mtimeMs: st.mtimeMs };
}

function decodeText(bytes: Buffer, rel: string): string {
  if (bytes.includes(0)) throw KilnError.of('BAD_INPUT', 'files.notText', { path: rel });
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw KilnError.of('BAD_INPUT', 'files.notText', { path: rel });
  }
}

export async function readAlgorithmFile(folder: string, rel: string): Promise<FileContent> {
  const f = await readChecked(folder, rel);
  const text = decodeText(f.bytes, f.rel);
  return { path: f.rel, text, sha256: sha256(f.bytes), size: f.bytes.length, mtimeMs: f.mtimeMs };
}

/** What the editor polls: the hash of the file as it is now (null when it is gone). */
export async function statAlgorithmFile(folder: string, rel: string): Promise<FileState> {
  try {
    const f = await readChecked(folder, rel);
    return { path: f.rel, sha256: sha256(f.bytes), size: f.bytes.length, mtimeMs: f.mtimeMs };
  } catch (err) {
    if (err instanceof KilnError && err.code === 'NOT_FOUND' && err.messageId === 'files.notFound')
      return { path: checkRelative(folder, rel), sha256: null, size: 0, mtimeMs: 0 };
    throw err;
  }
}

/**
 * Writes `text` only when the file on disk still has the content `expected` names (its sha256).
 * Written through a temporary file and a rename (readers never see half a file), keeping the
 * file's mode (an executable script stays executable); a symbolic link is written through.
 */
export async function saveAlgorithmFile(
  folder: string,
  rel: string,
  text: string,
  expected: string,
): Promise<FileContent> {
  const bytes = Buffer.from(text, 'utf8');
  const clean = checkRelative(folder, rel);
  if (bytes.length > MAX_EDITOR_FILE_BYTES)
    throw KilnError.of('BAD_INPUT', 'files.tooLarge', {
      path: clean,
      size: bytes.length,
      limit: MAX_EDITOR_FILE_BYTES,
    });
  const current = await readChecked(folder, clean);
  const currentSha = sha256(current.bytes);
  if (currentSha !== expected) {
    throw KilnError.of('CONFLICT', 'files.conflict', { file: current.rel }, { currentSha256: currentSha });
  }
  const mode = (await lstat(current.real)).mode & 0o7777;
  const tmp = path.join(
    path.dirname(current.real),
    `.${path.basename(current.real)}.kiln-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, bytes, { mode });
    await chmod(tmp, mode);
    await rename(tmp, current.real);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const st = await stat(current.real);
  return { path: current.rel, text, sha256: sha256(bytes), size: bytes.length, mtimeMs: st.mtimeMs };
}
