// The window: sidebar (algorithms) + main pane + status bar, and the open dialog.
import type { ReactElement } from 'react';
import { AlgorithmView } from './components/algorithm/algorithm-view';
import { CommandPalette } from './components/command-palette';
import { Toasts } from './components/common/toasts';
import { DialogHost } from './components/dialogs/dialog-host';
import { ShortcutList } from './components/shortcut-list';
import { Sidebar } from './components/sidebar/sidebar';
import { StatusBar } from './components/status-bar';
import { UpdateBanner } from './components/update-banner';
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
      <UpdateBanner />
      <Sidebar />
      <main className="main" id="main" tabIndex={-1}>
        {selected ? <AlgorithmView key={selected} name={selected} /> : <Welcome />}
      </main>
      <StatusBar />
      <DialogHost />
      <CommandPalette />
      <ShortcutList />
      <Toasts />
    </div>
  );
}
