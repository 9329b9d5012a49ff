// Start-up: pick the transport (IPC in Electron, WebSocket in a browser), wire the stores,
// render. Theme follows the system until the saved settings arrive.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { applyTheme } from './lib/theme';
import { initStores } from './stores/init';
import { createTransport } from './transport/select';
import './styles/index.css';

applyTheme('system');
initStores(createTransport());

const root = document.getElementById('root');
if (!root) throw new Error('Kiln: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
