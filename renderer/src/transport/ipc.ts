// Transport over Electron's preload bridge (window.kilnDesktop, shared/desktop-bridge.ts).
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import { API_VERSION } from '../../../shared/api-version';
import type { CallReply, DesktopBridge } from '../../../shared/desktop-bridge';
import { KilnCallError } from './errors';
import { JobSubscriptions } from './subscriptions';
import type { ConnectionStatus, JobListener, SubscribeErrorListener, Transport } from './transport';

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
    onStatus(cb: (s: ConnectionStatus) => void): () => void {
      cb('connected');
      return () => undefined;
    },
    pickFolder: () => bridge.pickFolder(),
    pickFiles: (opts?: { title?: string }) => bridge.pickFiles(opts),
    async fileToInputPath(file: File): Promise<string> {
      const p = bridge.pathForFile(file);
      if (!p)
        throw new KilnCallError(
          'NO_PATH',
          `"${file.name}" has no path on this computer`,
          'Drop a file from a folder, not from another app.',
        );
      return p;
    },
    outputUrl: (runId: string, key: string) => bridge.outputUrl(runId, key),
    close(): void {
      stopEvents();
    },
  };
}
