// The outputs of the shown run (the one picked in the history, else the latest finished):
// images, video, JSON and text inline; a failed run shows its error instead.
import type { ReactElement } from 'react';
import type { RunRecord } from '../../../../shared/records';
import { useT } from '../../i18n/use-t';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useRunsStore } from '../../stores/runs';
import { OutputView } from './output-view';
import { RunError } from './run-error';

function useShownRun(name: string): RunRecord | null {
  const selectedId = useRunsStore((s) => s.selected[name] ?? null);
  const list = useRunsStore((s) => s.byName[name]?.list);
  const job = useJobsStore((s) => selectLatestJob(s, 'run', name));
  if (selectedId) return list?.find((r) => r.id === selectedId) ?? null;
  if (job?.result?.kind === 'run')
    return list?.find((r) => r.id === (job.result as { run: RunRecord }).run.id) ?? job.result.run;
  if (job?.status === 'running') return null;
  return list?.find((r) => r.status !== 'running') ?? null;
}

export function RunOutputs({ name }: { name: string }): ReactElement {
  const t = useT();
  const run = useShownRun(name);
  const outputsSpec = useAlgorithmDetailStore((s) => s.docs[name]?.detail?.form?.outputs);
  return (
    <section
      className="panel run-outputs"
      aria-labelledby="outputs-title"
      data-testid="run-outputs"
      data-run-id={run?.id}
    >
      <h2 id="outputs-title" className="panel-title">
        {t('outputs.title')}
        {run ? <span className="panel-sub mono">{run.id}</span> : null}
      </h2>
      {!run ? <p className="muted">{t('outputs.none')}</p> : null}
      {run && run.status === 'failed' ? <RunError record={run} /> : null}
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
