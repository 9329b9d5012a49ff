// "Show in folder" over the desktop front door (electron/ipc.ts), with only the electron module
// standing in: real services and a real catalog. The page names a run and an output key, never a
// path; the main process reveals the recorded file (or the run's folder), and refuses other senders.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiHandlers } from '../../electron/services/api/handlers.js';
import { JobRegistry } from '../../electron/services/jobs.js';
import { KilnServices } from '../../electron/services/kiln-services.js';
import { currentProcess } from '../../electron/services/process-identity.js';
import { IPC_CHANNELS } from '../../shared/desktop-bridge.js';
import { parseManifest } from '../../shared/manifest/parse.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  shown: [] as string[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => electron.handlers.set(channel, fn),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
  shell: {
    showItemInFolder: (p: string) => electron.shown.push(p),
    openPath: async () => '',
  },
  dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
  BrowserWindow: { fromWebContents: () => null },
}));

let root: string;
let services: KilnServices;
let dispose: () => void;
const sender = { once: () => undefined, on: () => undefined };
const fromKiln = { sender, senderFrame: { url: 'app://kiln/index.html' } };
const fromElsewhere = { sender, senderFrame: { url: 'https://evil.example/' } };

function show(event: unknown, ...args: unknown[]): Promise<unknown> {
  const h = electron.handlers.get(IPC_CHANNELS.showRunItem);
  if (!h) throw new Error('no handler for showRunItem');
  return Promise.resolve(h(event, ...args));
}

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'kiln-ipc-show-'));
  const home = path.join(root, 'home');
  services = new KilnServices({ home });
  const parsed = parseManifest('name: demo\nentry: {python: p.py:P}\noutputs: {image: {type: image}}\n');
  if (!parsed.ok) throw new Error('bad manifest');
  const algo = services.catalog.upsertAlgorithm('demo', root);
  const version = services.catalog.addVersion({
    algorithmId: algo.id,
    version: '20260101-000000-aaaaaa',
    tag: 'kiln/demo:aaaaaa',
    imageId: 'sha256:aaaaaa',
    contentHash: 'aaaaaa',
    sizeBytes: 1,
    manifest: parsed.manifest,
    sourcePath: root,
    buildId: null,
    createdAt: new Date().toISOString(),
  });
  const outDir = path.join(home, 'outputs', 'r20260101-000001-aaaaaa');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'image.png'), 'png');
  services.catalog.startRun({
    id: 'r20260101-000001-aaaaaa',
    algorithmId: algo.id,
    versionId: version.id,
    args: {},
    inputs: [],
    outDir,
    gpu: 'none',
    logPath: path.join(home, 'logs', 'r.log'),
    owner: currentProcess(),
  });
  services.catalog.finishRun('r20260101-000001-aaaaaa', {
    status: 'succeeded',
    outputs: [{ key: 'image', path: path.join(outDir, 'image.png'), sha256: 'x', size: 3 }],
  });
  const jobs = new JobRegistry();
  const { registerIpc } = await import('../../electron/ipc.js');
  dispose = registerIpc({
    handlers: createApiHandlers(services, jobs, { transport: 'ipc' }),
    jobs,
    trustedOrigin: 'app://kiln',
    // As electron/main.ts wires it.
    runItemPath: (runId, key) => services.runItemPath(runId, key),
  });
  electron.shown.length = 0;
});

afterEach(() => {
  dispose();
  services.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Show in folder over IPC', () => {
  it('reveals the recorded output of a run, found by run id and key', async () => {
    const file = path.join(root, 'home', 'outputs', 'r20260101-000001-aaaaaa', 'image.png');
    expect(await show(fromKiln, 'r20260101-000001-aaaaaa', 'image')).toBe(true);
    expect(await show(fromKiln, 'r20260101-000001-aaaaaa')).toBe(true);
    expect(electron.shown).toEqual([file, file]);
  });

  it('falls back to the folder when the file is gone, and refuses unknown runs and foreign pages', async () => {
    rmSync(path.join(root, 'home', 'outputs', 'r20260101-000001-aaaaaa', 'image.png'));
    expect(await show(fromKiln, 'r20260101-000001-aaaaaa', 'image')).toBe(true);
    expect(electron.shown).toEqual([path.join(root, 'home', 'outputs', 'r20260101-000001-aaaaaa')]);
    expect(await show(fromKiln, 'r20990101-000000-ffffff', 'image')).toBe(false);
    expect(await show(fromKiln, '../../etc/passwd')).toBe(false);
    expect(await show(fromKiln, 42)).toBe(false);
    expect(await show(fromElsewhere, 'r20260101-000001-aaaaaa', 'image')).toBe(false);
    expect(electron.shown).toHaveLength(1);
    rmSync(path.join(root, 'home', 'outputs'), { recursive: true });
    expect(await show(fromKiln, 'r20260101-000001-aaaaaa')).toBe(false);
  });
});
