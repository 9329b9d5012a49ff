// GPU choice (auto / CPU / all / each GPU, from engine.status().gpu; or CPU with the reason)
// and which version to run.
import type { ReactElement } from 'react';
import type { RunFormSpec } from '../../../../shared/api';
import { useLocalize } from '../../i18n/backend';
import { useT } from '../../i18n/use-t';
import { gpuOptions } from '../../lib/run-form';
import { useEngineStore } from '../../stores/engine';
import { useRunFormStore, type RunForm } from '../../stores/run-form';
import { useVersionsStore } from '../../stores/versions';

export function GpuVersionFields({
  name,
  spec,
  form,
}: {
  name: string;
  spec: RunFormSpec;
  form: RunForm;
}): ReactElement {
  const t = useT();
  const localize = useLocalize();
  const gpu = useEngineStore((s) => s.status?.gpu);
  const setGpu = useRunFormStore((s) => s.setGpu);
  const setVersion = useRunFormStore((s) => s.setVersion);
  const versions = useVersionsStore((s) => s.byName[name]?.list);
  const { options, cpuOnlyReason } = gpuOptions(gpu, spec.gpu);
  const value = options.some((o) => o.value === form.gpu) ? form.gpu : 'auto';

  return (
    <div className="fieldset-row">
      <div className="field">
        {cpuOnlyReason !== null ? (
          <span className="field-label" id="run-gpu-label">
            {t('run.gpu')}
          </span>
        ) : (
          <label htmlFor="run-gpu" className="field-label">
            {t('run.gpu')}
          </label>
        )}
        {cpuOnlyReason !== null ? (
          <div
            className="cpu-only"
            role="group"
            aria-labelledby="run-gpu-label"
            data-testid="gpu-select"
            data-value="cpu"
          >
            <span className="cpu-label">{t('run.gpu.cpu')}</span>
            <span className="field-hint">
              {cpuOnlyReason === 'gpu: none'
                ? t('run.gpu.notNeeded')
                : cpuOnlyReason
                  ? localize({
                      message: cpuOnlyReason,
                      messageId: gpu?.reasonSaid?.id,
                      params: gpu?.reasonSaid?.params,
                    }).message
                  : t('run.gpu.noneFound')}
            </span>
          </div>
        ) : (
          <select id="run-gpu" data-testid="gpu-select" value={value} onChange={(e) => setGpu(name, e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {t(o.label.key, o.label.params)}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="field">
        <label htmlFor="run-version" className="field-label">
          {t('run.version')}
        </label>
        <select
          id="run-version"
          data-testid="version-select"
          value={form.version}
          onChange={(e) => setVersion(name, e.target.value)}
        >
          <option value="">{t('run.version.latest')}</option>
          {(versions ?? []).map((v) => (
            <option key={v.id} value={v.version}>
              {v.version}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
