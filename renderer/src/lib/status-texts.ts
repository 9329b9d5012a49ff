// What the status texts of the sidebar and the Build tab say, decided in one place so they
// agree with each other: a listed version is never "not built", a failed build is never hidden
// behind an older run's "succeeded", and an empty log of a finished job is not "No output yet".
import type { AlgorithmSummary } from '../../../shared/api';
import type { MessageKey } from '../i18n';
import type { JobView } from '../stores/job-view';

export interface Said {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** The Build tab's line before any build of this session: the latest version when there is one. */
export function buildIdleText(latestVersion: string | null | undefined): Said {
  return latestVersion ? { key: 'build.idleBuilt', params: { version: latestVersion } } : { key: 'build.idle' };
}

export interface SidebarBadge {
  /** The badge's colour (badge-<status>). */
  status: string;
  label: Said;
  /** What the badge is about (a tooltip and the accessible name). */
  about: Said;
}

/** The sidebar's badge: a failed newest build first, else the last run's status, else none. */
export function sidebarBadge(
  a: Pick<AlgorithmSummary, 'lastRunStatus' | 'lastBuildStatus'>,
  sessionBuild?: JobView | null,
): SidebarBadge | null {
  // A build of this session that ended is newer than what the list was fetched with.
  const build = sessionBuild && sessionBuild.status !== 'running' ? sessionBuild.status : (a.lastBuildStatus ?? null);
  if (build === 'failed') {
    return { status: 'failed', label: { key: 'sidebar.buildFailed' }, about: { key: 'sidebar.buildFailedAbout' } };
  }
  if (a.lastRunStatus) {
    return {
      status: a.lastRunStatus,
      label: { key: `status.${a.lastRunStatus}` as MessageKey },
      about: { key: 'sidebar.lastRunAbout' },
    };
  }
  return null;
}

/** Whether a job's log section is worth showing: while it runs, or when it printed something. */
export function showJobLog(job: Pick<JobView, 'status' | 'logCount'>): boolean {
  return job.status === 'running' || job.logCount > 0;
}
