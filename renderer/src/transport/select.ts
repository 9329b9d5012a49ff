// Picks the transport at start: IPC inside Electron (preload exposed window.kilnDesktop),
// the WebSocket bridge in a browser. Nothing else in the app knows which one it got.
import { createIpcTransport } from './ipc';
import type { Transport } from './transport';
import { createWebSocketTransport } from './websocket';

export function createTransport(win: Window = window): Transport {
  return win.kilnDesktop
    ? createIpcTransport(win.kilnDesktop)
    : createWebSocketTransport({ origin: win.location.origin });
}
