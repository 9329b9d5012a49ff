// Transport over Electron's preload bridge (window.kilnDesktop, shared/desktop-bridge.ts).
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import { API_VERSION } from '../../../shared/api-version';
import type { CallReply, DesktopBridge } from '../../../shared/desktop-bridge';
import { KilnCallError, said } from './errors';
import { JobSubscriptions } from './subscriptions';
import type { ConnectionStatus, JobListener, OutdatedInfo, SubscribeErrorListener, Transport } from './transport';

function unwrap(reply: CallReply): unknown {
  if ('error' in reply) throw KilnCallError.fromEnvelope(reply.error);
  return reply.result;
}

export function createIpcTransport(bridge: DesktopBridge): Transport {
  if (bridge.apiVersion !== API_VERSION) {
    console.warn(
      `Kiln's main process speaks API ${bridge.apiVersion}, this window expects ${API_VERSION}: restart Kiln.`,
    );
  }
  const outdated = bridge.apiVersion !== API_VERSION ? { page: API_VERSION, server: bridge.apiVersion } : null;
  const subs = new JobSubscriptions();
  const stopEvents = bridge.onEvent((envelope) => subs.deliver(envelope));
  const failSubscribe = (jobId: string, err: unknown): void => {
    subs.fail(
      jobId,
      err instanceof KilnCallError
        ? err
        : new KilnCallError('INTERNAL', err instanceof Error ? err.message : String(err)),
    );
  };

  return {
    capabilities: { nativeDialogs: true },
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      return unwrap(await bridge.call(method, input)) as MethodOutput<M>;
    },
    subscribe(jobId: string, since: number, listener: JobListener, onError?: SubscribeErrorListener): () => void {
      const { created, remove } = subs.add(jobId, since, listener, onError);
      if (created) {
        bridge
          .subscribe(jobId, since)
          .then(unwrap)
          .catch((err: unknown) => failSubscribe(jobId, err));
      }
      return () => {
        if (remove()) void bridge.unsubscribe(jobId).catch(() => undefined);
      };
    },
    onOutdated(cb: (info: OutdatedInfo) => void): () => void {
      if (outdated) cb(outdated);
      return () => undefined;
    },
    onStatus(cb: (s: ConnectionStatus) => void): () => void {
      cb('connected');
      return () => undefined;
    },
    pickFolder: () => bridge.pickFolder(),
    pickFiles: (opts?: { title?: string }) => bridge.pickFiles(opts),
    async fileToInputPath(file: File): Promise<string> {
      const p = bridge.pathForFile(file);
      if (!p) throw KilnCallError.of('NO_PATH', said('bridge.noPath', { file: file.name }));
      return p;
    },
    outputUrl: (runId: string, key: string) => bridge.outputUrl(runId, key),
    async openInEditor(name: string, path: string): Promise<void> {
      unwrap(await bridge.openPath(name, path));
    },
    inputUrl: (runId: string, key: string) => bridge.inputUrl(runId, key),
    showRunItem: (runId: string, key?: string) => bridge.showRunItem(runId, key),
    close(): void {
      stopEvents();
    },
  };
}
