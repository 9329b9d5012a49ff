// The desktop front door against the real services: electron/main.ts starts as it does in the
// app, with only the 'electron' module standing in (its binary cannot run here). The built
// preload (dist/electron/preload.cjs) runs in a bare context as a sandboxed preload does, and its
// ipcRenderer reaches main's ipcMain handlers with structured clones, as Electron's IPC would.
// Behind them: the real KilnServices, JobRegistry and handlers, a temp KILN_HOME, the real engine.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobEventEnvelope } from '../../shared/api.js';
import type { CallReply } from '../../shared/desktop-bridge.js';
import { docker } from '../support/docker.js';
import { readPng, writeSolidPng } from '../support/images.js';
import { EXAMPLES, ROOT, tempHome } from '../support/kiln-cli.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => ({
  appDir: '',
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  appListeners: new Map<string, Array<(...args: unknown[]) => unknown>>(),
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  windows: 0,
  quits: 0,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static fromWebContents = (): null => null;
    static getAllWindows = (): unknown[] => [];
    constructor() {
      fake.windows++;
    }
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
  }
  return {
    ipcMain: {
      handle: (channel: string, fn: Handler) => fake.handlers.set(channel, fn),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    dialog: { showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }), showErrorBox: () => {} },
    BrowserWindow,
    app: {
      isPackaged: false,
      getAppPath: () => fake.appDir,
      requestSingleInstanceLock: () => true,
      enableSandbox: () => {},
      whenReady: () => Promise.resolve(),
      on: (name: string, fn: Listener) => fake.appListeners.set(name, [...(fake.appListeners.get(name) ?? []), fn]),
      quit: () => {
        fake.quits++;
      },
      exit: () => {},
    },
    protocol: {
      registerSchemesAsPrivileged: () => {},
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => fake.protocols.set(scheme, fn),
    },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } },
    net: {
      fetch: async (url: string): Promise<Response> => {
        const { readFile } = await import('node:fs/promises');
        const { fileURLToPath } = await import('node:url');
        return new Response(await readFile(fileURLToPath(url)), { status: 200 });
      },
    },
    shell: { openExternal: () => Promise.resolve(), showItemInFolder: () => {}, openPath: () => Promise.resolve('') },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
  };
});

/** The renderer's side: what the preload put on window.kilnDesktop. */
interface DesktopBridge {
  call(method: string, input: unknown): Promise<CallReply>;
  subscribe(jobId: string, since: number): Promise<CallReply>;
  onEvent(listener: (e: JobEventEnvelope) => void): () => void;
}

/** The window's webContents: main sends job events to it; they reach the preload's listeners. */
class WindowContents extends EventEmitter {
  readonly rendererListeners = new Map<string, Set<Listener>>();
  send(channel: string, payload: unknown): void {
    const copy = structuredClone(payload);
    setImmediate(() => {
      for (const fn of this.rendererListeners.get(channel) ?? []) fn({ sender: 'ipc' }, copy);
    });
  }
  isDestroyed(): boolean {
    return false;
  }
}

let home: ReturnType<typeof tempHome>;
let work: string;
let bridge: DesktopBridge;
const events: JobEventEnvelope[] = [];
const savedEnv = { home: process.env['KILN_HOME'], resources: process.env['KILN_RESOURCES'] };

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build-electron.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, KILN_QUIET_BUILD: '1' },
  });
  expect(built.status, built.stderr).toBe(0);

  home = tempHome('kiln-ipc-home-');
  work = mkdtempSync(path.join(os.tmpdir(), 'kiln-ipc-'));
  process.env['KILN_HOME'] = home.home;
  delete process.env['KILN_RESOURCES']; // main.ts points it at <app>/resources, as in a checkout
  fake.appDir = ROOT;
  await import('../../electron/main.js');
  await new Promise((resolve) => setImmediate(resolve)); // whenReady().then(...)
  expect(fake.windows).toBe(1);

  const contents = new WindowContents();
  const frame = { sender: contents, senderFrame: { url: 'app://kiln/index.html' } };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: DesktopBridge) => key === 'kilnDesktop' && (bridge = api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
        const handler = fake.handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
        return structuredClone(await handler(frame, ...structuredClone(args)));
      },
      on: (channel: string, fn: Listener) =>
        contents.rendererListeners.set(channel, new Set([...(contents.rendererListeners.get(channel) ?? []), fn])),
      removeListener: (channel: string, fn: Listener) => contents.rendererListeners.get(channel)?.delete(fn),
    },
    webUtils: { getPathForFile: () => '' },
  };
  const code = readFileSync(path.join(ROOT, 'dist/electron/preload.cjs'), 'utf8');
  const module = { exports: {} };
  const requireElectronOnly = (id: string): unknown => {
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  runInNewContext(code, { require: requireElectronOnly, module, exports: module.exports, Promise, Error });
  expect(bridge).toBeDefined();
  bridge.onEvent((e) => events.push(e));
}, 120_000);

afterAll(async () => {
  // Quitting as the app does: before-quit (cancel jobs, stop warm containers), then will-quit.
  const quitEvent = { preventDefault: () => {} };
  for (const fn of fake.appListeners.get('before-quit') ?? []) await fn(quitEvent);
  await new Promise((r) => setTimeout(r, 100));
  for (const fn of fake.appListeners.get('will-quit') ?? []) await fn({});
  if (savedEnv.home === undefined) delete process.env['KILN_HOME'];
  else process.env['KILN_HOME'] = savedEnv.home;
  if (savedEnv.resources === undefined) delete process.env['KILN_RESOURCES'];
  else process.env['KILN_RESOURCES'] = savedEnv.resources;
  home.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function result<T>(reply: CallReply): T {
  if ('error' in reply) throw new Error(`expected a result, got ${JSON.stringify(reply.error)}`);
  return reply.result as T;
}

async function jobEnd(jobId: string): Promise<JobEventEnvelope> {
  expect(result(await bridge.subscribe(jobId, 0))).toEqual({ subscribed: jobId });
  const deadline = Date.now() + 300_000;
  for (;;) {
    const end = events.find((e) => e.jobId === jobId && e.event.type.startsWith('job.'));
    if (end) return end;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not end`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('IPC against the real services', () => {
  it('answers app.info as the ipc transport, on this KILN_HOME', async () => {
    expect(result(await bridge.call('app.info', {}))).toMatchObject({ transport: 'ipc', home: home.home });
  });

  it('serves the built renderer on app://kiln, with its CSP', async () => {
    const index = await fake.protocols.get('app')!(new Request('app://kiln/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const src = /<script type="module"[^>]* src="\.?(\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(src).toBeDefined();
    const script = await fake.protocols.get('app')!(new Request(`app://kiln${src}`));
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('kilnDesktop');
  });

  it('opens an example, builds it, runs it and serves its output over kiln-output://', async () => {
    const detail = result<{ name: string; problems: unknown[] }>(
      await bridge.call('algorithms.open', { path: path.join(EXAMPLES, 'image-enhance') }),
    );
    expect(detail).toMatchObject({ name: 'image-enhance', problems: [] });

    const build = result<{ jobId: string }>(await bridge.call('build.start', { name: 'image-enhance' }));
    const built = await jobEnd(build.jobId);
    expect(built.event.type, JSON.stringify(built.event)).toBe('job.done');
    const seqs = events.filter((e) => e.jobId === build.jobId).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // every event, in order, from 1

    const photo = path.join(work, 'photo.png');
    writeSolidPng(photo, 6, 4, [100, 100, 100]);
    const run = result<{ jobId: string }>(
      await bridge.call('run.start', { name: 'image-enhance', inputs: { image: photo }, args: { brightness: 2 } }),
    );
    const ran = await jobEnd(run.jobId);
    expect(ran.event.type, JSON.stringify(ran.event)).toBe('job.done');
    const runId = (ran.event as unknown as { result: { run: { id: string } } }).result.run.id;

    const runs = result<Array<{ id: string; status: string; args: Record<string, unknown> }>>(
      await bridge.call('runs.list', { name: 'image-enhance' }),
    );
    expect(runs[0]).toMatchObject({ id: runId, status: 'succeeded', args: { brightness: 2 } });

    // The output as the window loads it: kiln-output://run/<id>/<key>, resolved by the services.
    const output = await fake.protocols.get('kiln-output')!(new Request(`kiln-output://run/${runId}/image`));
    expect(output.status).toBe(200);
    expect(output.headers.get('content-type')).toBe('image/png');
    const out = path.join(work, 'out.png');
    writeFileSync(out, Buffer.from(await output.arrayBuffer()));
    expect(readPng(out).pixel(1, 1).slice(0, 3)).toEqual([200, 200, 200]);
    const missing = await fake.protocols.get('kiln-output')!(new Request(`kiln-output://run/${runId}/nothing`));
    expect(missing.status).toBe(404);
    expect(await docker(['ps', '-aq', '--filter', `label=kiln.run-id=${runId}`])).toBe('');
  });

  it('answers bad input with an error envelope: code, message and hint, no stack', async () => {
    const badName = await bridge.call('algorithms.get', { name: '../etc' });
    expect(badName).toMatchObject({
      error: { code: 'BAD_ARGUMENT', message: expect.stringMatching(/^algorithms\.get: name: /) },
    });

    const noManifest = await bridge.call('algorithms.open', { path: work });
    expect(noManifest).toMatchObject({ error: { code: 'MANIFEST_NOT_FOUND', hint: expect.any(String) } });
    const message = 'error' in noManifest ? noManifest.error.message : '';
    expect(message).toContain(work);
    expect(JSON.stringify(noManifest)).not.toMatch(/\n\s+at /);

    const photo = path.join(work, 'bad-arg.png');
    writeSolidPng(photo, 2, 2, [1, 2, 3]);
    // Arguments are checked in the run job, before any container starts: its failure carries the envelope.
    const badArg = result<{ jobId: string }>(
      await bridge.call('run.start', { name: 'image-enhance', inputs: { image: photo }, args: { brightness: 'very' } }),
    );
    const failed = await jobEnd(badArg.jobId);
    expect(failed.event).toMatchObject({
      type: 'job.failed',
      error: { code: 'BAD_ARGUMENT', message: expect.stringContaining('brightness') },
    });
    expect(JSON.stringify(failed.event)).not.toMatch(/\n\s+at /);
  });
});
