// Host paths as the file picker handles them (the host may be POSIX or Windows; the page has
// no `path` module): breadcrumbs from an allowed root, joining, and which files suit an input type.
import type { IoType } from '../../../shared/manifest/constants';

function separatorOf(p: string): string {
  return p.includes('\\') && !p.includes('/') ? '\\' : '/';
}

export function joinHost(dir: string, name: string): string {
  const sep = separatorOf(dir);
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

export function hostBaseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? p;
}

/** The root first, then each folder below it down to `path`, each with the path it opens. */
export function breadcrumbs(root: string, path: string): Array<{ label: string; path: string }> {
  const crumbs = [{ label: root, path: root }];
  if (path === root || !path.startsWith(root)) return crumbs;
  const rest = path.slice(root.length).split(/[\\/]/).filter(Boolean);
  let at = root;
  for (const part of rest) {
    at = joinHost(at, part);
    crumbs.push({ label: part, path: at });
  }
  return crumbs;
}

/** The extensions a picker offers first for an input type; null: any file. */
export const TYPE_EXTENSIONS: Record<IoType, readonly string[] | null> = {
  image: ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff', '.pgm', '.ppm', '.pnm', '.avif', '.exr'],
  video: ['.mp4', '.mov', '.webm', '.mkv', '.avi', '.m4v', '.mpg', '.mpeg', '.ts', '.flv', '.wmv', '.y4m'],
  json: ['.json', '.jsonl', '.ndjson'],
  text: ['.txt', '.csv', '.tsv', '.md', '.log', '.yaml', '.yml', '.xml', '.json'],
  binary: null,
};

export function matchesExtensions(name: string, exts: readonly string[] | null): boolean {
  if (!exts) return true;
  const lower = name.toLowerCase();
  return exts.some((e) => lower.endsWith(e));
}
