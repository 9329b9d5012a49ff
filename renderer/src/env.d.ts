/// <reference types="vite/client" />
import type { DesktopBridge } from '../../shared/desktop-bridge';

declare global {
  interface Window {
    /** Present only inside the Electron window (preload's contextBridge). */
    kilnDesktop?: DesktopBridge;
  }
}
