// The run form generated from the manifest (RunFormSpec): inputs, args, GPU, version.
// Invalid values are refused here, next to their field, before anything is sent.
import { useMemo, type FormEvent, type ReactElement } from 'react';
import type { RunFormSpec } from '../../../../shared/api';
import { useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { checkArgs, runReadiness } from '../../lib/run-form';
import { withShortcut } from '../../lib/shortcuts';
import { useAlgorithmDetailStore } from '../../stores/algorithm-detail';
import { engineReachable, useEngineStore } from '../../stores/engine';
import { run } from '../../stores/flows';
import { jobSlot, selectLatestJob, useJobsStore } from '../../stores/jobs';
import { useRunFormStore, type RunForm } from '../../stores/run-form';
import { Blockers } from '../common/blockers';
import { ErrorBox } from '../common/error-box';
import { ArgField } from './arg-field';
import { GpuVersionFields } from './gpu-version-fields';
import { InputField } from './input-field';
import { KeepWarmToggle } from './keep-warm-toggle';

export function RunFormPanel({ name }: { name: string }): ReactElement {
  const t = useT();
  const spec = useAlgorithmDetailStore((s) => s.docs[name]?.detail?.form ?? null);
  const loaded = useAlgorithmDetailStore((s) => !!s.docs[name]?.detail);
  const form = useRunFormStore((s) => s.forms[name]);
  return (
    <section className="panel run-form" aria-labelledby="run-form-title">
      <h2 id="run-form-title" className="panel-title">
        {t('run.title')}
      </h2>
      {!loaded ? <p className="muted">{t('common.loading')}</p> : null}
      {loaded && !spec ? <p className="blocked-note">{t('blocked.manifest')}</p> : null}
      {spec && form ? <RunFormBody name={name} spec={spec} form={form} /> : null}
    </section>
  );
}

function RunFormBody({ name, spec, form }: { name: string; spec: RunFormSpec; form: RunForm }): ReactElement {
  const t = useT();
  const localize = useLocalize();
  const setArg = useRunFormStore((s) => s.setArg);
  const reachable = useEngineStore(engineReachable);
  const gpu = useEngineStore((s) => s.status?.gpu);
  // Only the status: the job view changes on every frame while its log streams, the form must not.
  const jobStatus = useJobsStore((s) => selectLatestJob(s, 'run', name)?.status);
  const starting = useJobsStore((s) => s.starting[jobSlot('run', name)] ?? false);
  const startError = useJobsStore((s) => s.startError[jobSlot('run', name)] ?? null);

  const check = useMemo(() => checkArgs(spec.args, form.values), [spec.args, form.values]);
  const ready = runReadiness({ spec, engineReachable: reachable, argErrors: check.errors, inputs: form.inputs, gpu });
  const running = jobStatus === 'running' || starting;
  const disabled = ready.blockers.length > 0 || running;

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    if (!disabled) void run(name);
  };

  const inputs = Object.entries(spec.inputs);
  const args = Object.entries(spec.args);
  return (
    <form className="run-form-body" onSubmit={onSubmit} noValidate aria-label={t('run.formLabel')}>
      {inputs.length > 0 ? (
        <fieldset className="fieldset">
          <legend>{t('run.inputs')}</legend>
          {inputs.map(([key, s]) => (
            <InputField key={key} name={name} inputKey={key} spec={s} choice={form.inputs[key]} />
          ))}
        </fieldset>
      ) : null}
      {args.length > 0 ? (
        <fieldset className="fieldset">
          <legend>{t('run.args')}</legend>
          {args.map(([arg, s]) => (
            <ArgField
              key={arg}
              arg={arg}
              spec={s}
              value={form.values[arg]}
              error={
                check.said[arg]
                  ? localize({
                      message: check.errors[arg] ?? '',
                      messageId: check.said[arg].id,
                      params: check.said[arg].params,
                    }).message
                  : check.errors[arg]
              }
              onChange={(v) => setArg(name, arg, v)}
            />
          ))}
        </fieldset>
      ) : null}
      <GpuVersionFields name={name} spec={spec} form={form} />
      <KeepWarmToggle name={name} form={form} disabled={!reachable} />
      {startError ? <ErrorBox error={startError} title={t('run.startFailed')} /> : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button primary"
          data-testid="run"
          disabled={disabled}
          aria-describedby={ready.blockers.length ? 'run-blockers' : undefined}
          title={withShortcut(t('run.button'), 'run')}
        >
          {running ? t('run.running') : t('run.button')}
        </button>
      </div>
      <Blockers blockers={ready.blockers} id="run-blockers" />
    </form>
  );
}
