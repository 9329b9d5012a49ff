// The preload: exposes `window.kilnDesktop` (DesktopBridge) to the sandboxed renderer and
// nothing else; ipcRenderer itself never crosses the context bridge. Sandboxed preloads may
// only require 'electron', so scripts/build-electron.mjs bundles this into one file.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { JobEventEnvelope, MethodName } from '../shared/api.js';
import { API_VERSION } from '../shared/api-version.js';
import { IPC_CHANNELS, OUTPUT_PROTOCOL, type CallReply, type DesktopBridge } from '../shared/desktop-bridge.js';

/** ipcMain's handlers never throw; a rejection means no handler answered (or a reply could not be cloned). */
async function invoke(channel: string, ...args: unknown[]): Promise<CallReply> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as CallReply;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { error: { code: 'INTERNAL', message: `IPC failed: ${message.split('\n')[0]}` } };
  }
}

const bridge: DesktopBridge = {
  apiVersion: API_VERSION,
  call: (method: MethodName, input: unknown) => invoke(IPC_CHANNELS.call, method, input),
  subscribe: (jobId: string, since: number) => invoke(IPC_CHANNELS.subscribe, jobId, since),
  unsubscribe: (jobId: string) => invoke(IPC_CHANNELS.unsubscribe, jobId),
  onEvent(listener: (envelope: JobEventEnvelope) => void): () => void {
    // The main process sends the events of one tick as an array, in order.
    const forward = (_event: IpcRendererEvent, batch: JobEventEnvelope[] | JobEventEnvelope): void => {
      for (const envelope of Array.isArray(batch) ? batch : [batch]) listener(envelope);
    };
    ipcRenderer.on(IPC_CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, forward);
    };
  },
  pickFolder: () => ipcRenderer.invoke(IPC_CHANNELS.pickFolder) as Promise<string | null>,
  pickFiles: (opts?: { title?: string }) =>
    ipcRenderer.invoke(IPC_CHANNELS.pickFiles, opts?.title ? { title: opts.title } : {}) as Promise<string[]>,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  openPath: (name: string, path: string) => invoke(IPC_CHANNELS.openPath, name, path),
  outputUrl: (runId: string, key: string) =>
    `${OUTPUT_PROTOCOL}://run/${encodeURIComponent(runId)}/${encodeURIComponent(key)}`,
  inputUrl: (runId: string, key: string) =>
    `${OUTPUT_PROTOCOL}://input/${encodeURIComponent(runId)}/${encodeURIComponent(key)}`,
  showRunItem: (runId: string, key?: string) =>
    ipcRenderer.invoke(IPC_CHANNELS.showRunItem, runId, key) as Promise<boolean>,
};

contextBridge.exposeInMainWorld('kilnDesktop', bridge);
