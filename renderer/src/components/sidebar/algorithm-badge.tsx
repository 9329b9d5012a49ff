// The badge beside an algorithm's name in the sidebar: "build failed" when its newest build
// failed (this session's build counts at once), else the last run's status (lib/status-texts.ts).
import type { ReactElement } from 'react';
import type { AlgorithmSummary } from '../../../../shared/api';
import { useT } from '../../i18n/use-t';
import { sidebarBadge } from '../../lib/status-texts';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';

export function AlgorithmBadge({ algorithm }: { algorithm: AlgorithmSummary }): ReactElement | null {
  const t = useT();
  const build = useJobsStore((s) => selectLatestJob(s, 'build', algorithm.name));
  const badge = sidebarBadge(algorithm, build);
  if (!badge) return null;
  const about = t(badge.about.key, badge.about.params);
  return (
    <span
      className={`badge badge-${badge.status}`}
      data-testid={`algorithm-badge-${algorithm.name}`}
      data-state={badge.status}
      title={about}
    >
      {t(badge.label.key, badge.label.params)}
    </span>
  );
}
