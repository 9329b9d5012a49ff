// The IPC front door: one generic handler carries every API method (validated with the same
// schemas as the WebSocket bridge), plus job event subscriptions per window and the native
// dialogs. Nothing throws across IPC: every reply is {result} or {error: ErrorEnvelope}.
import {
  BrowserWindow,
  dialog,
  ipcMain,
  shell,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type OpenDialogReturnValue,
  type WebContents,
} from 'electron';
import {
  CLIENT_MESSAGE,
  isMethodName,
  parseInput,
  type ApiHandlers,
  type JobEventEnvelope,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '../shared/api.js';
import { IPC_CHANNELS, type CallReply } from '../shared/desktop-bridge.js';
import { toEnvelope } from './services/api/errors.js';

/** What IPC needs of the job registry (electron/services/jobs.ts). */
export interface JobEvents {
  /** Replays events with seq > since, then streams new ones; throws KilnError NOT_FOUND for an unknown job. */
  subscribe(jobId: string, since: number, listener: (e: JobEventEnvelope) => void): () => void;
}

export interface IpcOptions {
  handlers: ApiHandlers;
  jobs: JobEvents;
  /** Only frames of this origin (scheme://host, e.g. app://kiln) may call. */
  trustedOrigin: string;
  /** The recorded path "Show in folder" reveals for a run (an output's key, else its folder); null when none. */
  runItemPath?: (runId: string, key: string | undefined) => Promise<string | null>;
  /** The real path of a file of an algorithm folder, checked to stay inside it (throws KilnError otherwise). */
  algorithmFilePath?: (name: string, rel: string) => Promise<string>;
}

type Subscriptions = Map<string, () => void>;

/** Registers the handlers; the returned function removes them and ends every subscription. */
export function registerIpc(opts: IpcOptions): () => void {
  const perWindow = new Map<WebContents, Subscriptions>();

  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, input: unknown): Promise<CallReply> => {
    const refused = refuse(event, opts.trustedOrigin);
    if (refused) return refused;
    if (typeof method !== 'string' || !isMethodName(method)) {
      return {
        error: {
          code: 'BAD_ARGUMENT',
          message: `unknown method: ${typeof method === 'string' ? method.slice(0, 100) : typeof method}`,
        },
      };
    }
    return dispatch(opts.handlers, method, input);
  });

  ipcMain.handle(IPC_CHANNELS.subscribe, (event, jobId: unknown, since: unknown): CallReply => {
    const refused = refuse(event, opts.trustedOrigin);
    if (refused) return refused;
    // The same schema the WebSocket bridge applies to its subscribe message.
    const parsed = CLIENT_MESSAGE.safeParse({ id: 0, type: 'subscribe', jobId, since });
    if (!parsed.success || parsed.data.type !== 'subscribe') {
      return { error: { code: 'BAD_ARGUMENT', message: 'subscribe: needs a job id (j-...) and since >= 0' } };
    }
    const wc = event.sender;
    const subs = subscriptionsOf(wc);
    subs.get(parsed.data.jobId)?.(); // a resubscribe replays from its own `since`
    subs.delete(parsed.data.jobId);
    try {
      // Events of one tick travel as one IPC message (in order), as over the WebSocket bridge.
      let queued: JobEventEnvelope[] = [];
      const flush = (): void => {
        const batch = queued;
        queued = [];
        if (batch.length && !wc.isDestroyed()) wc.send(IPC_CHANNELS.event, batch);
      };
      const stop = opts.jobs.subscribe(parsed.data.jobId, parsed.data.since, (envelope) => {
        if (queued.push(envelope) === 1) setImmediate(flush);
      });
      subs.set(parsed.data.jobId, stop);
      return { result: { subscribed: parsed.data.jobId } }; // as the WebSocket bridge answers
    } catch (err) {
      return { error: toEnvelope(err) };
    }
  });

  ipcMain.handle(IPC_CHANNELS.unsubscribe, (event, jobId: unknown): CallReply => {
    const refused = refuse(event, opts.trustedOrigin);
    if (refused) return refused;
    if (typeof jobId !== 'string') return { error: { code: 'BAD_ARGUMENT', message: 'unsubscribe: needs a job id' } };
    const subs = perWindow.get(event.sender);
    subs?.get(jobId)?.();
    subs?.delete(jobId);
    return { result: { unsubscribed: jobId } };
  });

  ipcMain.handle(IPC_CHANNELS.pickFolder, async (event): Promise<string | null> => {
    if (refuse(event, opts.trustedOrigin)) return null;
    const result = await openDialog(event.sender, {
      title: 'Open an algorithm folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });

  ipcMain.handle(IPC_CHANNELS.pickFiles, async (event, options: unknown): Promise<string[]> => {
    if (refuse(event, opts.trustedOrigin)) return [];
    const title = titleOf(options) ?? 'Choose input files';
    const result = await openDialog(event.sender, { title, properties: ['openFile', 'multiSelections'] });
    return result.canceled ? [] : result.filePaths;
  });

  ipcMain.handle(IPC_CHANNELS.showRunItem, async (event, runId: unknown, key: unknown): Promise<boolean> => {
    if (refuse(event, opts.trustedOrigin) || !opts.runItemPath || typeof runId !== 'string') return false;
    const target = await opts
      .runItemPath(runId.slice(0, 200), typeof key === 'string' ? key.slice(0, 64) : undefined)
      .catch(() => null);
    if (!target) return false;
    shell.showItemInFolder(target);
    return true;
  });

  ipcMain.handle(IPC_CHANNELS.openPath, async (event, name: unknown, rel: unknown): Promise<CallReply> => {
    const refused = refuse(event, opts.trustedOrigin);
    if (refused) return refused;
    // The same schema files.read applies over every transport.
    const parsed = parseInput('files.read', { name, path: rel });
    if (!parsed.ok) return { error: parsed.error };
    if (!opts.algorithmFilePath) return { error: { code: 'INTERNAL', message: 'opening files is not set up' } };
    try {
      const target = await opts.algorithmFilePath(parsed.value.name, parsed.value.path);
      const failed = await shell.openPath(target); // '' on success, else the system's reason
      if (failed) return { error: { code: 'NOT_FOUND', message: `could not open ${target}: ${failed}` } };
      return { result: { opened: target } };
    } catch (err) {
      return { error: toEnvelope(err) };
    }
  });

  function subscriptionsOf(wc: WebContents): Subscriptions {
    let subs = perWindow.get(wc);
    if (subs) return subs;
    const created: Subscriptions = new Map();
    perWindow.set(wc, created);
    const endAll = (): void => {
      for (const stop of created.values()) stop();
      created.clear();
    };
    wc.once('destroyed', () => {
      endAll();
      perWindow.delete(wc);
    });
    wc.on('render-process-gone', endAll);
    // A reload or a navigation starts a new page, which subscribes afresh to what it shows.
    wc.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) endAll();
    });
    subs = created;
    return subs;
  }

  return () => {
    for (const channel of Object.values(IPC_CHANNELS)) {
      if (channel !== IPC_CHANNELS.event) ipcMain.removeHandler(channel);
    }
    for (const subs of perWindow.values()) for (const stop of subs.values()) stop();
    perWindow.clear();
  };
}

async function dispatch<M extends MethodName>(handlers: ApiHandlers, method: M, input: unknown): Promise<CallReply> {
  const parsed = parseInput(method, input);
  if (!parsed.ok) return { error: parsed.error };
  try {
    const handler: (input: ParsedInput<M>) => Promise<MethodOutput<M>> = handlers[method];
    return { result: await handler(parsed.value) };
  } catch (err) {
    return { error: toEnvelope(err) };
  }
}

/** A reply refusing the call when the sender is not a frame of Kiln's own page; null to go on. */
function refuse(event: IpcMainInvokeEvent, trustedOrigin: string): CallReply | null {
  const url = event.senderFrame?.url ?? '';
  if (originOf(url) === trustedOrigin) return null;
  return {
    error: {
      code: 'INTERNAL',
      message: `refused: the call did not come from Kiln's own page (${originOf(url) ?? 'unknown sender'})`,
    },
  };
}

/** scheme://host of a URL (WHATWG gives 'null' as the origin of custom schemes, so built by hand). */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

function titleOf(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const title = (options as { title?: unknown }).title;
  return typeof title === 'string' && title.length > 0 ? title.slice(0, 200) : undefined;
}

function openDialog(sender: WebContents, options: OpenDialogOptions): Promise<OpenDialogReturnValue> {
  const win = BrowserWindow.fromWebContents(sender);
  return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
}
