// What the Electron preload exposes to the renderer as `window.kilnDesktop` (contextBridge).
// The renderer's IPC transport is written against this; the WebSocket transport needs none of it.
import type { ErrorEnvelope } from './errors.js';
import type { JobEventEnvelope, MethodName } from './api.js';

export type CallReply = { result: unknown } | { error: ErrorEnvelope };

export interface DesktopBridge {
  readonly apiVersion: number;
  call(method: MethodName, input: unknown): Promise<CallReply>;
  /** Start receiving a job's events with seq > since (replayed from its tail first). */
  subscribe(jobId: string, since: number): Promise<CallReply>;
  unsubscribe(jobId: string): Promise<CallReply>;
  /** Every job event for this window; returns a function that stops listening. */
  onEvent(listener: (envelope: JobEventEnvelope) => void): () => void;
  /** Native dialogs, through the main process. null when the user cancels. */
  pickFolder(): Promise<string | null>;
  pickFiles(opts?: { title?: string }): Promise<string[]>;
  /** The host path of a File dropped or chosen in the window (webUtils.getPathForFile). */
  pathForFile(file: File): string;
  /** Opens a file of an algorithm folder (checked to stay inside it) with the system's default app. */
  openPath(name: string, path: string): Promise<CallReply>;
  /** A URL the renderer may load for a run's output file (served by the main process). */
  outputUrl(runId: string, key: string): string;
  /** The same for a run's recorded input file (history thumbnails). */
  inputUrl(runId: string, key: string): string;
  /** Reveals a run's output (or its output folder) in the system's file manager; false when there is none. */
  showRunItem(runId: string, key?: string): Promise<boolean>;
}

export const IPC_CHANNELS = {
  call: 'kiln:call',
  subscribe: 'kiln:subscribe',
  unsubscribe: 'kiln:unsubscribe',
  event: 'kiln:event',
  pickFolder: 'kiln:pick-folder',
  pickFiles: 'kiln:pick-files',
  openPath: 'kiln:open-path',
  showRunItem: 'kiln:show-run-item',
} as const;

/** The custom protocol the main process serves run outputs on: kiln-output://run/<runId>/<key>
 *  (recorded inputs: kiln-output://input/<runId>/<key>). */
export const OUTPUT_PROTOCOL = 'kiln-output';
