// The outputs of the shown run (the one picked in the history, else the latest finished):
// images, video, JSON and text inline; a failed run shows its error instead.
import type { ReactElement } from 'react';
import type { RunRecord } from '../../../../shared/records';
import { useT } from '../../i18n/use-t';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { useKeepWarmStore } from '../../stores/keep-warm';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useRunsStore } from '../../stores/runs';
import { OutputLocation } from './output-location';
import { OutputView } from './output-view';
import { RunError } from './run-error';

function useShownRun(name: string, keepPrevious: boolean): RunRecord | null {
  const selectedId = useRunsStore((s) => s.selected[name] ?? null);
  const list = useRunsStore((s) => s.byName[name]?.list);
  // The status and the result, not the whole job view: that changes on every frame of a streaming log.
  const status = useJobsStore((s) => selectLatestJob(s, 'run', name)?.status);
  const result = useJobsStore((s) => selectLatestJob(s, 'run', name)?.result ?? null);
  if (selectedId) return list?.find((r) => r.id === selectedId) ?? null;
  if (result?.kind === 'run') return list?.find((r) => r.id === result.run.id) ?? result.run;
  // While kept warm, a new call replaces the result in place: the previous one stays until then.
  if (status === 'running' && !keepPrevious) return null;
  return list?.find((r) => r.status !== 'running') ?? null;
}

export function RunOutputs({ name }: { name: string }): ReactElement {
  const t = useT();
  const warm = useKeepWarmStore((s) => s.byName[name]?.status === 'on');
  const updating = useJobsStore((s) => warm && selectLatestJob(s, 'run', name)?.status === 'running');
  const run = useShownRun(name, warm);
  const outputsSpec = useAlgorithmDetailStore((s) => s.docs[name]?.detail?.form?.outputs);
  return (
    <section
      className="panel run-outputs"
      aria-labelledby="outputs-title"
      data-testid="run-outputs"
      data-run-id={run?.id}
      data-updating={updating ? 'true' : undefined}
    >
      <h2 id="outputs-title" className="panel-title">
        {t('outputs.title')}
        {run ? <span className="panel-sub mono">{run.id}</span> : null}
      </h2>
      {updating && run ? <p className="muted outputs-updating">{t('outputs.updating')}</p> : null}
      {!run ? <p className="muted">{t('outputs.none')}</p> : null}
      {run && run.status === 'failed' ? <RunError record={run} /> : null}
      {run ? <OutputLocation run={run} /> : null}
      {run && run.outputs && run.outputs.length > 0 ? (
        <div className="outputs">
          {run.outputs.map((o) => (
            <OutputView key={o.key} runId={run.id} file={o} type={outputsSpec?.[o.key]?.type} />
          ))}
        </div>
      ) : null}
      {run && run.status === 'succeeded' && (!run.outputs || run.outputs.length === 0) ? (
        <p className="muted">{t('outputs.empty')}</p>
      ) : null}
    </section>
  );
}
