// The run history's rules, apart from the screen: filter by status, version and an arg's
// value, sort by time, duration, status, version or an arg. Pure functions, tested alone.
import type { RunRecord, RunStatus } from '../../../shared/records';
import { runDurationMs } from './format';

export type SortField = 'started' | 'duration' | 'status' | 'version' | `arg:${string}`;

export interface HistoryView {
  status: RunStatus | '';
  version: string;
  /** The arg the value filter looks at ('' = none). */
  argKey: string;
  /** 1.5, >1, <=2 for numbers; a part of the text for strings; true/false for booleans. */
  argValue: string;
  sort: SortField;
  descending: boolean;
}

export const DEFAULT_VIEW: HistoryView = {
  status: '',
  version: '',
  argKey: '',
  argValue: '',
  sort: 'started',
  descending: true,
};

const COMPARE = /^\s*(<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

/** Does an arg value match what the user typed? */
export function argMatches(value: unknown, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  if (value === undefined || value === null) return false;
  if (typeof value === 'number') {
    const m = COMPARE.exec(q);
    if (!m) return String(value).includes(q);
    const n = Number(m[2]);
    switch (m[1]) {
      case '<':
        return value < n;
      case '<=':
        return value <= n;
      case '>':
        return value > n;
      case '>=':
        return value >= n;
      default:
        return value === n;
    }
  }
  if (typeof value === 'boolean') return String(value) === q.toLowerCase();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.toLowerCase().includes(q.toLowerCase());
}

export function durationOf(r: RunRecord): number | null {
  return r.timings?.['total'] ?? runDurationMs(r.startedAt, r.finishedAt);
}

function compareValues(a: unknown, b: unknown): number {
  // Missing values go last whatever the direction (handled by the caller).
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function sortKey(r: RunRecord, field: SortField): unknown {
  if (field === 'started') return r.startedAt;
  if (field === 'duration') return durationOf(r);
  if (field === 'status') return r.status;
  if (field === 'version') return r.version;
  return r.args[field.slice(4)];
}

/** The runs to show, in the order to show them; the list given is not changed. */
export function viewRuns(list: readonly RunRecord[], view: HistoryView): RunRecord[] {
  const shown = list.filter(
    (r) =>
      (!view.status || r.status === view.status) &&
      (!view.version || r.version === view.version) &&
      (!view.argKey || argMatches(r.args[view.argKey], view.argValue)),
  );
  const dir = view.descending ? -1 : 1;
  return shown
    .map((r, i) => ({ r, i, k: sortKey(r, view.sort) }))
    .sort((a, b) => {
      const am = a.k === undefined || a.k === null;
      const bm = b.k === undefined || b.k === null;
      if (am || bm) return am === bm ? a.i - b.i : am ? 1 : -1;
      return compareValues(a.k, b.k) * dir || a.i - b.i;
    })
    .map((x) => x.r);
}

/** What the filters can offer: the statuses, versions and arg names that occur in the list. */
export function facets(list: readonly RunRecord[]): { statuses: RunStatus[]; versions: string[]; args: string[] } {
  const statuses = new Set<RunStatus>();
  const versions = new Set<string>();
  const args = new Set<string>();
  for (const r of list) {
    statuses.add(r.status);
    if (r.version) versions.add(r.version);
    for (const k of Object.keys(r.args)) args.add(k);
  }
  return { statuses: [...statuses], versions: [...versions].sort().reverse(), args: [...args].sort() };
}

/** A value as the history prints it: strings as they are, the rest as JSON. */
export function argText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
