// Why Build cannot start yet (pure; the panel shows the reasons next to the disabled button).
import type { ManifestDoc } from '../stores/algorithm-detail';
import type { Blocker } from './run-form';

export function buildBlockers(opts: {
  engineReachable: boolean;
  engineKnown: boolean;
  doc: ManifestDoc | undefined;
}): Blocker[] {
  const out: Blocker[] = [];
  if (!opts.engineKnown) out.push({ key: 'blocked.engineChecking' });
  else if (!opts.engineReachable) out.push({ key: 'blocked.engine' });
  const doc = opts.doc;
  if (!doc?.detail) {
    out.push({ key: 'blocked.loading' });
    return out;
  }
  if (doc.problems.length > 0) out.push({ key: 'blocked.manifestProblems', params: { count: doc.problems.length } });
  else if (doc.checking) out.push({ key: 'blocked.checking' });
  return out;
}
