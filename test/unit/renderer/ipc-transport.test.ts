// @vitest-environment jsdom
// The IPC transport over window.kilnDesktop: unwraps {result}/{error} into values and
// KilnCallErrors, and delivers each job's events once, in order.
import { describe, expect, it, vi } from 'vitest';
import type { JobEventEnvelope } from '../../../shared/api';
import type { CallReply, DesktopBridge } from '../../../shared/desktop-bridge';
import { createIpcTransport } from '../../../renderer/src/transport/ipc';

function fakeBridge(reply: (method: string) => CallReply): DesktopBridge & { push(e: JobEventEnvelope): void } {
  const listeners = new Set<(e: JobEventEnvelope) => void>();
  return {
    apiVersion: 1,
    call: vi.fn(async (method: string) => reply(method)),
    subscribe: vi.fn(async () => ({ result: { subscribed: true } })),
    unsubscribe: vi.fn(async () => ({ result: { unsubscribed: true } })),
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    pickFolder: vi.fn(async () => '/picked'),
    pickFiles: vi.fn(async () => ['/a.png']),
    pathForFile: (f: File) => `/host/${f.name}`,
    outputUrl: (runId, key) => `kiln-output://run/${runId}/${key}`,
    inputUrl: (runId, key) => `kiln-output://input/${runId}/${key}`,
    showRunItem: vi.fn(async () => true),
    openPath: vi.fn(async (_name: string, rel: string): Promise<CallReply> =>
      rel.startsWith('..')
        ? { error: { code: 'UNSAFE_PATH', message: `"${rel}" is not a file inside the algorithm folder` } }
        : { result: { opened: `/algos/demo/${rel}` } },
    ),
    push: (e) => listeners.forEach((l) => l(e)),
  };
}

describe('ipc transport', () => {
  it('opens an algorithm file in the system editor through the bridge, with its errors as KilnCallErrors', async () => {
    const bridge = fakeBridge(() => ({ result: null }));
    const t = createIpcTransport(bridge);
    await expect(t.openInEditor?.('demo', 'predict.py')).resolves.toBeUndefined();
    expect(bridge.openPath).toHaveBeenCalledWith('demo', 'predict.py');
    await expect(t.openInEditor?.('demo', '../secret')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('returns results and rebuilds errors with code and hint', async () => {
    const bridge = fakeBridge((m) =>
      m === 'algorithms.list'
        ? { result: [] }
        : { error: { code: 'ENGINE_UNAVAILABLE', message: 'no engine', hint: 'start Docker' } },
    );
    const t = createIpcTransport(bridge);
    await expect(t.call('algorithms.list', {})).resolves.toEqual([]);
    await expect(t.call('engine.status', {})).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      message: 'no engine',
      hint: 'start Docker',
    });
    expect(t.capabilities.nativeDialogs).toBe(true);
    await expect(t.fileToInputPath(new File([''], 'x.png'))).resolves.toBe('/host/x.png');
    expect(t.outputUrl('r1', 'image')).toBe('kiln-output://run/r1/image');
    expect(t.inputUrl('r1', 'image')).toBe('kiln-output://input/r1/image');
    await expect(t.showRunItem?.('r1', 'image')).resolves.toBe(true);
    expect(bridge.showRunItem).toHaveBeenCalledWith('r1', 'image');
  });

  it('subscribes once per job and delivers events once, in order', () => {
    const bridge = fakeBridge(() => ({ result: null }));
    const t = createIpcTransport(bridge);
    const seen: number[] = [];
    const stop = t.subscribe('j-run-0001', 0, (e) => seen.push(e.seq));
    const ev = (seq: number): JobEventEnvelope => ({
      jobId: 'j-run-0001',
      seq,
      ts: 0,
      event: { type: 'run.log', line: String(seq) },
    });
    bridge.push(ev(1));
    bridge.push(ev(2));
    bridge.push(ev(2));
    bridge.push({ ...ev(3), jobId: 'j-other-0001' });
    bridge.push(ev(3));
    expect(seen).toEqual([1, 2, 3]);
    expect(bridge.subscribe).toHaveBeenCalledWith('j-run-0001', 0);
    stop();
    expect(bridge.unsubscribe).toHaveBeenCalledWith('j-run-0001');
  });
});
