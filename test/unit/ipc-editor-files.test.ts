// The desktop front door (electron/ipc.ts) for the editor, with only the electron module standing
// in: real services, real handlers, a real algorithm folder. A save that expects content changed
// on disk is a CONFLICT over IPC as over the bridge; "Open in your editor" hands the system only
// files inside the algorithm folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { algorithmFilePath, sha256 } from '../../electron/services/api/algorithm-files.js';
import { createApiHandlers } from '../../electron/services/api/handlers.js';
import { JobRegistry } from '../../electron/services/jobs.js';
import { KilnServices } from '../../electron/services/kiln-services.js';
import { IPC_CHANNELS, type CallReply } from '../../shared/desktop-bridge.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  opened: [] as string[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => electron.handlers.set(channel, fn),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  shell: {
    openPath: async (p: string): Promise<string> => {
      electron.opened.push(p);
      return '';
    },
    showItemInFolder: () => undefined,
  },
  dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
  BrowserWindow: { fromWebContents: () => null },
}));

let root: string;
let folder: string;
let services: KilnServices;
let dispose: () => void;
const fromKiln = {
  sender: { once: () => undefined, on: () => undefined },
  senderFrame: { url: 'app://kiln/index.html' },
};

async function invoke(channel: string, ...args: unknown[]): Promise<CallReply> {
  const h = electron.handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return (await h(fromKiln, ...args)) as CallReply;
}

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'kiln-ipc-files-'));
  folder = path.join(root, 'algo');
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, 'kiln.yaml'),
    'name: demo\nentry: {python: predict.py:P}\noutputs: {o: {type: json}}\n',
  );
  writeFileSync(path.join(folder, 'predict.py'), 'class P:\n    pass\n');
  writeFileSync(path.join(root, 'secret.txt'), 'outside\n');
  services = new KilnServices({ home: path.join(root, 'home') });
  const jobs = new JobRegistry();
  const { registerIpc } = await import('../../electron/ipc.js');
  dispose = registerIpc({
    handlers: createApiHandlers(services, jobs, { transport: 'ipc' }),
    jobs,
    trustedOrigin: 'app://kiln',
    // As electron/main.ts wires it.
    algorithmFilePath: (name, rel) => algorithmFilePath(services.catalog.getAlgorithm(name), rel),
  });
  electron.opened.length = 0;
});

afterEach(() => {
  dispose();
  services.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the editor over IPC', () => {
  it('saves conditionally: the loaded hash writes, a stale one is a CONFLICT and writes nothing', async () => {
    const opened = await invoke(IPC_CHANNELS.call, 'algorithms.open', { path: folder });
    if (!('result' in opened)) throw new Error(JSON.stringify(opened));
    const loaded = (opened.result as { manifestSha256: string; manifestText: string }).manifestSha256;
    const mine = 'name: demo\nentry: {python: predict.py:P}\noutputs: {o: {type: json}}\ndescription: mine\n';
    const saved = await invoke(IPC_CHANNELS.call, 'manifest.save', { name: 'demo', text: mine, expected: loaded });
    expect(saved).toMatchObject({ result: { saved: true, sha256: sha256(mine) } });

    writeFileSync(path.join(folder, 'kiln.yaml'), mine.replace('mine', 'theirs'));
    const refused = await invoke(IPC_CHANNELS.call, 'manifest.save', {
      name: 'demo',
      text: `${mine}# more\n`,
      expected: sha256(mine),
    });
    expect(refused).toMatchObject({ error: { code: 'CONFLICT', messageId: 'files.conflict' } });
    expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toBe(mine.replace('mine', 'theirs'));
    // Without the hash it is not a save at all.
    expect(await invoke(IPC_CHANNELS.call, 'manifest.save', { name: 'demo', text: mine })).toMatchObject({
      error: { code: 'BAD_ARGUMENT' },
    });
  });

  it('opens files of the folder in the system editor, and nothing outside it', async () => {
    await invoke(IPC_CHANNELS.call, 'algorithms.open', { path: folder });
    expect(await invoke(IPC_CHANNELS.openPath, 'demo', 'predict.py')).toEqual({
      result: { opened: path.join(folder, 'predict.py') },
    });
    symlinkSync(path.join(root, 'secret.txt'), path.join(folder, 'link.txt'));
    expect(await invoke(IPC_CHANNELS.openPath, 'demo', '../secret.txt')).toMatchObject({
      error: { code: 'UNSAFE_PATH' },
    });
    expect(await invoke(IPC_CHANNELS.openPath, 'demo', 'link.txt')).toMatchObject({
      error: { code: 'UNSAFE_PATH', messageId: 'files.symlinkEscape' },
    });
    expect(await invoke(IPC_CHANNELS.openPath, 'demo', 'missing.py')).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await invoke(IPC_CHANNELS.openPath, 'nobody', 'predict.py')).toMatchObject({
      error: { code: 'NOT_FOUND', messageId: 'files.noAlgorithm' },
    });
    expect(electron.opened).toEqual([path.join(folder, 'predict.py')]);
  });
});
