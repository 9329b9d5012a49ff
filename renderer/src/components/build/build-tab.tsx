// Build: the button, live progress and result; below it the versions built so far.
import type { ReactElement } from 'react';
import { BuildPanel } from './build-panel';
import { VersionsTable } from './versions-table';

export function BuildTab({ name }: { name: string }): ReactElement {
  return (
    <div className="build-tab">
      <BuildPanel name={name} />
      <VersionsTable name={name} />
    </div>
  );
}
