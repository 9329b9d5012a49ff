// The one interface the app talks to. Two implementations: IPC (Electron's preload bridge)
// and WebSocket (`kiln ui` in a browser). Nothing outside transport/ knows which one runs.
import type { JobEventEnvelope, MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import type { KilnCallError } from './errors';

/** connecting: first attempt; reconnecting: the link dropped and a retry is scheduled;
 *  disconnected: closed for good (the transport was closed). */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface TransportCapabilities {
  /** Native folder/file pickers and real host paths for dropped files (Electron only). */
  nativeDialogs: boolean;
}

/** The page and the server speak different API versions (Kiln was updated): the page must reload. */
export interface OutdatedInfo {
  page: number;
  server: number;
}

export type JobListener = (envelope: JobEventEnvelope) => void;
export type SubscribeErrorListener = (error: KilnCallError) => void;

export interface Transport {
  readonly capabilities: TransportCapabilities;
  /** Resolves with the method's result; rejects with a KilnCallError (code, message, hint). */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /**
   * Receive a job's events with seq > since, each exactly once and in order, across
   * reconnects. Returns a function that stops listening.
   */
  subscribe(jobId: string, since: number, listener: JobListener, onError?: SubscribeErrorListener): () => void;
  /** Calls back (at once when already known) when the server speaks another API version than this page. */
  onOutdated?(cb: (info: OutdatedInfo) => void): () => void;
  /**
   * Calls back at once, then on every change: true while this tab's session no longer opens the
   * server (its cookie is gone, the server restarted with a new token). Browser transport only.
   */
  onSignedOut?(cb: (signedOut: boolean) => void): () => void;
  /** Calls back at once with the current status, then on every change. */
  onStatus(cb: (status: ConnectionStatus) => void): () => void;
  pickFolder?(): Promise<string | null>;
  pickFiles?(opts?: { title?: string }): Promise<string[]>;
  /** A host path the server can read for a File chosen or dropped in the page. */
  fileToInputPath(file: File): Promise<string>;
  /** A URL an <img>, <video> or fetch() can load a run's output from. */
  outputUrl(runId: string, key: string): string;
  /** Opens a file of an algorithm folder in the system's default application (desktop app only). */
  openInEditor?(name: string, path: string): Promise<void>;
  /** The same for a run's recorded input (the history's thumbnails). */
  inputUrl(runId: string, key: string): string;
  /** Reveals a run's output in the system's file manager (desktop app only). */
  showRunItem?(runId: string, key?: string): Promise<boolean>;
  close?(): void;
}
