// Host path helpers for display and prefill (POSIX and Windows separators).

export function dirname(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i < 0) return '.';
  if (i === 0) return trimmed[0] ?? '/';
  return trimmed.slice(0, i);
}

export function basename(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return trimmed.slice(i + 1);
}

/** A folder name turned into a valid algorithm name (as `kiln init` does). */
export function toAlgorithmName(folder: string): string {
  return folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
}
