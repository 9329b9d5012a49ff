// The host file browser behind files.list: what a browser tab (`kiln ui` on a GPU box) may see
// of the host to pick inputs. Only the user's home and the folders added in Settings, checked
// on real paths (realpath), so a symlink inside an allowed folder cannot lead outside it.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HostEntry, HostListing } from '../../shared/api.js';
import { KilnError } from '../../shared/errors.js';

/** Most entries one listing returns; the rest are counted, not sent. */
export const MAX_ENTRIES = 5000;

export interface BrowseRoots {
  home: string;
  /** Added in Settings, as the user typed them (absolute). */
  extra: readonly string[];
}

interface Root {
  shown: string;
  real: string;
}

function within(root: string, p: string): boolean {
  if (p === root) return true;
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function resolveRoots(roots: BrowseRoots): Promise<Root[]> {
  const out: Root[] = [];
  for (const shown of [roots.home, ...roots.extra]) {
    const real = await realpath(shown).catch(() => null);
    if (real && !out.some((r) => r.real === real)) out.push({ shown: path.resolve(shown), real });
  }
  return out;
}

/** The real path of `p` when it lies inside an allowed root, else a clear error. */
export async function containedPath(p: string, roots: BrowseRoots): Promise<{ real: string; roots: Root[] }> {
  if (!path.isAbsolute(p)) throw KilnError.of('BAD_ARGUMENT', 'hostFiles.notAbsolute', { path: p });
  const allowed = await resolveRoots(roots);
  const resolved = path.resolve(p);
  // Outside every root, even before following links: refused without looking at the disk.
  const lexical = allowed.some((r) => within(r.shown, resolved) || within(r.real, resolved));
  const inAllowed = (real: string): boolean => allowed.some((r) => within(r.real, real));
  const real = await realpath(resolved).catch(async (err: NodeJS.ErrnoException) => {
    if (!lexical) return null;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') {
      // Missing: say so only when the nearest folder that exists is itself inside (a link out tells nothing).
      const existing = await nearestReal(resolved);
      if (!existing || !inAllowed(existing)) return null;
      throw KilnError.of('NOT_FOUND', 'hostFiles.missing', { path: resolved });
    }
    throw KilnError.of('BAD_INPUT', 'hostFiles.unreadable', { path: resolved, reason: err.code ?? 'error' });
  });
  if (!real || !inAllowed(real)) {
    throw KilnError.of('UNSAFE_PATH', 'hostFiles.outside', { path: resolved, home: roots.home });
  }
  return { real, roots: allowed };
}

async function nearestReal(p: string): Promise<string | null> {
  for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
    const real = await realpath(dir).catch(() => null);
    if (real) return real;
    if (dir === path.dirname(dir)) return null;
  }
}

/** One folder's entries (folders first, then by name), inside the allowed roots only. */
export async function listHostFolder(p: string | undefined, roots: BrowseRoots): Promise<HostListing> {
  const { real, roots: allowed } = await containedPath(p ?? roots.home, roots);
  const requested = path.resolve(p ?? roots.home);
  const st = await stat(real);
  if (!st.isDirectory()) throw KilnError.of('BAD_ARGUMENT', 'hostFiles.notFolder', { path: requested });
  let names: string[];
  try {
    names = await readdir(real);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw KilnError.of('BAD_INPUT', 'hostFiles.unreadable', { path: requested, reason: code });
  }
  const entries: HostEntry[] = [];
  let hidden = 0;
  for (const name of names) {
    const full = path.join(real, name);
    const l = await lstat(full).catch(() => null);
    if (!l) continue;
    let s = l;
    if (l.isSymbolicLink()) {
      // Shown only when it points inside the allowed roots; a link out is left out, not followed.
      const target = await realpath(full).catch(() => null);
      const ts = target && allowed.some((r) => within(r.real, target)) ? await stat(target).catch(() => null) : null;
      if (!ts) {
        hidden++;
        continue;
      }
      s = ts;
    }
    entries.push({
      name,
      kind: s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other',
      size: s.isFile() ? s.size : null,
      mtime: s.mtime.toISOString(),
    });
  }
  entries.sort((a, b) =>
    a.kind === 'folder' && b.kind !== 'folder'
      ? -1
      : b.kind === 'folder' && a.kind !== 'folder'
        ? 1
        : a.name.localeCompare(b.name),
  );
  // The path as the user sees it (a root's shown name, not its realpath), and the root it is in.
  const root = allowed.filter((r) => within(r.real, real)).sort((a, b) => b.real.length - a.real.length)[0]!;
  const shownPath = path.join(root.shown, path.relative(root.real, real));
  return {
    path: shownPath,
    root: root.shown,
    parent: shownPath === root.shown ? null : path.dirname(shownPath),
    roots: allowed.map((r) => r.shown),
    entries: entries.slice(0, MAX_ENTRIES),
    truncated: Math.max(0, entries.length - MAX_ENTRIES),
    skippedLinks: hidden,
  };
}

/** Checks a folder added in Settings: absolute, existing, a folder. Returns it resolved. */
export async function checkBrowseRoot(p: string): Promise<string> {
  if (!path.isAbsolute(p)) throw KilnError.of('BAD_ARGUMENT', 'hostFiles.notAbsolute', { path: p });
  const st = await stat(p).catch(() => null);
  if (!st?.isDirectory()) throw KilnError.of('BAD_ARGUMENT', 'hostFiles.rootMissing', { path: p });
  return path.resolve(p);
}
