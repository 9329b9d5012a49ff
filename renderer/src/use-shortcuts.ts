// The global keyboard shortcuts (lib/shortcuts.ts says which keys).
import { useEffect } from 'react';
import { matchShortcut, type ShortcutId } from './lib/shortcuts';
import { build, cancelLatest, newFromTemplate, openFolder, rerunLatest, run, saveManifest } from './stores/flows';
import { selectLatestJob, useJobsStore } from './stores/jobs';
import { useRunFormStore } from './stores/run-form';
import { useUiStore } from './stores/ui';

export function dispatchShortcut(id: ShortcutId): void {
  const ui = useUiStore.getState();
  const name = ui.selected;
  switch (id) {
    case 'settings':
      if (ui.dialog?.kind === 'settings') ui.closeDialog();
      else ui.openDialog({ kind: 'settings' });
      return;
    case 'openFolder':
      void openFolder();
      return;
    case 'newFromTemplate':
      newFromTemplate();
      return;
  }
  if (!name) return;
  switch (id) {
    case 'save':
      void saveManifest(name);
      return;
    case 'build':
      void build(name);
      return;
    case 'run':
      if (ui.tab !== 'run' || !useRunFormStore.getState().forms[name]) ui.setTab('run');
      else void run(name);
      return;
    case 'rerun':
      void rerunLatest(name);
      return;
    case 'cancel': {
      const jobs = useJobsStore.getState();
      const first = ui.tab === 'run' ? 'run' : 'build';
      const second = first === 'run' ? 'build' : 'run';
      const kind = selectLatestJob(jobs, first, name)?.status === 'running' ? first : second;
      void cancelLatest(kind, name);
      return;
    }
    case 'tabManifest':
      ui.setTab('manifest');
      return;
    case 'tabBuild':
      ui.setTab('build');
      return;
    case 'tabRun':
      ui.setTab('run');
      return;
  }
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.repeat) return;
      // Esc closes the open dialog even when focus has left it.
      if (e.key === 'Escape' && useUiStore.getState().dialog) {
        e.preventDefault();
        useUiStore.getState().closeDialog();
        return;
      }
      const id = matchShortcut(e);
      if (!id) return;
      // With a dialog open only the settings toggle works; Esc is the dialog's own.
      if (useUiStore.getState().dialog && id !== 'settings') return;
      e.preventDefault();
      dispatchShortcut(id);
    };
    // Dropping a file outside a drop zone must not navigate away from the app.
    const stopDrop = (e: DragEvent): void => e.preventDefault();
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', stopDrop);
    window.addEventListener('drop', stopDrop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', stopDrop);
      window.removeEventListener('drop', stopDrop);
    };
  }, []);
}
