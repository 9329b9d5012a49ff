// Every action a user can take from the keyboard, declared once: the global shortcuts
// (use-shortcuts.ts), the shortcut list (?) and the command palette (Ctrl/Cmd+K) all read
// this list, so a new action shows up in all three. Keys live in lib/shortcuts.ts.
import type { MessageKey } from './i18n';
import type { ShortcutId } from './lib/shortcuts';
import { build, cancelLatest, newFromTemplate, openFolder, rerunLatest, run, saveManifest } from './stores/flows';
import { selectLatestJob, useJobsStore } from './stores/jobs';
import { useKeepWarmStore } from './stores/keep-warm';
import { useOverlayStore } from './stores/overlay';
import { useRunFormStore } from './stores/run-form';
import { useUiStore } from './stores/ui';

export type ActionId =
  | 'palette'
  | 'shortcuts'
  | 'openFolder'
  | 'newFromTemplate'
  | 'settings'
  | 'save'
  | 'build'
  | 'run'
  | 'rerun'
  | 'cancel'
  | 'keepWarm'
  | 'tabManifest'
  | 'tabBuild'
  | 'tabRun';

export interface Action {
  id: ActionId;
  label: MessageKey;
  /** Its keyboard shortcut, when it has one. */
  shortcut?: ShortcutId;
  /** Acts on the shown algorithm: unavailable while none is shown. */
  needsAlgorithm: boolean;
  /** Does it; `name` is the shown algorithm (never null when needsAlgorithm). */
  perform(name: string | null): void;
}

export const ACTIONS: readonly Action[] = [
  {
    id: 'palette',
    label: 'actions.palette',
    shortcut: 'palette',
    needsAlgorithm: false,
    perform: (): void => useOverlayStore.getState().toggle('palette'),
  },
  {
    id: 'shortcuts',
    label: 'actions.shortcuts',
    shortcut: 'shortcuts',
    needsAlgorithm: false,
    perform: (): void => useOverlayStore.getState().toggle('shortcuts'),
  },
  {
    id: 'openFolder',
    label: 'action.openFolder',
    shortcut: 'openFolder',
    needsAlgorithm: false,
    perform: (): void => void openFolder(),
  },
  {
    id: 'newFromTemplate',
    label: 'action.newFromTemplate',
    shortcut: 'newFromTemplate',
    needsAlgorithm: false,
    perform: (): void => newFromTemplate(),
  },
  {
    id: 'settings',
    label: 'actions.settings',
    shortcut: 'settings',
    needsAlgorithm: false,
    perform: (): void => {
      const ui = useUiStore.getState();
      if (ui.dialog?.kind === 'settings') ui.closeDialog();
      else ui.openDialog({ kind: 'settings' });
    },
  },
  {
    id: 'save',
    label: 'actions.save',
    shortcut: 'save',
    needsAlgorithm: true,
    perform: (name: string | null): void => void saveManifest(name!),
  },
  {
    id: 'build',
    label: 'actions.build',
    shortcut: 'build',
    needsAlgorithm: true,
    perform: (name: string | null): void => void build(name!),
  },
  {
    id: 'run',
    label: 'actions.run',
    shortcut: 'run',
    needsAlgorithm: true,
    perform: (name: string | null): void => {
      const ui = useUiStore.getState();
      if (ui.tab !== 'run' || !useRunFormStore.getState().forms[name!]) ui.setTab('run');
      else void run(name!);
    },
  },
  {
    id: 'rerun',
    label: 'actions.rerun',
    shortcut: 'rerun',
    needsAlgorithm: true,
    perform: (name: string | null): void => void rerunLatest(name!),
  },
  {
    id: 'cancel',
    label: 'actions.cancel',
    shortcut: 'cancel',
    needsAlgorithm: true,
    perform: (name: string | null): void => {
      const jobs = useJobsStore.getState();
      const first = useUiStore.getState().tab === 'run' ? 'run' : 'build';
      const second = first === 'run' ? 'build' : 'run';
      const kind = selectLatestJob(jobs, first, name!)?.status === 'running' ? first : second;
      void cancelLatest(kind, name!);
    },
  },
  {
    id: 'keepWarm',
    label: 'actions.keepWarm',
    needsAlgorithm: true,
    perform: (name: string | null): void => {
      const warm = useKeepWarmStore.getState();
      const status = warm.byName[name!]?.status ?? 'off';
      useUiStore.getState().setTab('run');
      if (status === 'on' || status === 'starting') void warm.disable(name!);
      else if (status === 'off') {
        const form = useRunFormStore.getState().forms[name!];
        void warm.enable(name!, form?.version ?? '', form?.gpu ?? 'auto');
      }
    },
  },
  {
    id: 'tabManifest',
    label: 'actions.tabManifest',
    shortcut: 'tabManifest',
    needsAlgorithm: true,
    perform: (): void => useUiStore.getState().setTab('manifest'),
  },
  {
    id: 'tabBuild',
    label: 'actions.tabBuild',
    shortcut: 'tabBuild',
    needsAlgorithm: true,
    perform: (): void => useUiStore.getState().setTab('build'),
  },
  {
    id: 'tabRun',
    label: 'actions.tabRun',
    shortcut: 'tabRun',
    needsAlgorithm: true,
    perform: (): void => useUiStore.getState().setTab('run'),
  },
];

export function actionById(id: ActionId): Action {
  const a = ACTIONS.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
}

/** Whether the action can be taken now. */
export function actionAvailable(action: Action, selected: string | null): boolean {
  return !action.needsAlgorithm || selected !== null;
}

/** Takes the action on the shown algorithm; false when it is unavailable. */
export function performAction(action: Action): boolean {
  const selected = useUiStore.getState().selected;
  if (!actionAvailable(action, selected)) return false;
  action.perform(selected);
  return true;
}
