// Run: the form (inputs, args, GPU), live status and logs, outputs, and the run history.
import type { ReactElement } from 'react';
import { RunFormPanel } from './run-form-panel';
import { RunOutputs } from './run-outputs';
import { RunProgress } from './run-progress';
import { RunsHistory } from './runs-history';

export function RunTab({ name }: { name: string }): ReactElement {
  return (
    <div className="run-tab">
      <div className="run-grid">
        <RunFormPanel name={name} />
        <div className="run-side">
          <RunProgress name={name} />
          <RunOutputs name={name} />
        </div>
      </div>
      <RunsHistory name={name} />
    </div>
  );
}
