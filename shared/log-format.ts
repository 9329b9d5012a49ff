// The runtime logs one JSON object per line; people read "12:03:04 ready setup_ms=59".
// Lines that are not JSON (an algorithm's own prints) pass through unchanged.

const HIDDEN = new Set(['ts', 'level', 'msg', 'call_id', 'traceback']);

export function formatLogLine(line: string, opts: { time?: boolean } = {}): string {
  if (!line.startsWith('{')) return line;
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    o = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof o['msg'] !== 'string') return line;
  const extra = Object.entries(o)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const ts = typeof o['ts'] === 'string' && opts.time ? `${o['ts'].slice(11, 19)} ` : '';
  const level = o['level'] === 'error' ? 'ERROR ' : o['level'] === 'warning' ? 'WARN ' : '';
  const tb = typeof o['traceback'] === 'string' ? `\n${o['traceback'].trimEnd()}` : '';
  return `${ts}${level}${o['msg']}${extra ? ` ${extra}` : ''}${tb}`;
}
