// Run: the form (inputs, args, GPU, Keep warm), outputs, live status and logs, and the run history.
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
        {/* Outputs first, above the fold; status and log below them, collapsible. */}
        <div className="run-side">
          <RunOutputs name={name} />
          <RunProgress name={name} />
        </div>
      </div>
      <RunsHistory name={name} />
    </div>
  );
}
