// The window: sidebar (algorithms) + main pane + status bar, and the open dialog.
import type { ReactElement } from 'react';
import { AlgorithmView } from './components/algorithm/algorithm-view';
import { DialogHost } from './components/dialogs/dialog-host';
import { Sidebar } from './components/sidebar/sidebar';
import { StatusBar } from './components/status-bar';
import { Welcome } from './components/welcome';
import { useT } from './i18n/use-t';
import { useUiStore } from './stores/ui';
import { useShortcuts } from './use-shortcuts';

export function App(): ReactElement {
  const t = useT();
  const selected = useUiStore((s) => s.selected);
  useShortcuts();
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('app.skipToMain')}
      </button>
      <Sidebar />
      <main className="main" id="main" tabIndex={-1}>
        {selected ? <AlgorithmView key={selected} name={selected} /> : <Welcome />}
      </main>
      <StatusBar />
      <DialogHost />
    </div>
  );
}
