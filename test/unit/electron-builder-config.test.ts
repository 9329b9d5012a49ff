// The desktop shell and its packaging, checked without Electron's binary (it cannot be
// downloaded here): electron-builder.yml against electron-builder's own JSON schema, a real
// electron-builder run on a stand-in Electron distribution (the layout of the packaged app),
// and the shell itself: electron/main.ts and electron/ipc.ts loaded against a stand-in
// 'electron' module (vi.mock) that records windows, protocol handlers and IPC handlers.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { API_VERSION, type ApiHandlers, type JobEventEnvelope } from '../../shared/api.js';
import { IPC_CHANNELS, type CallReply } from '../../shared/desktop-bridge.js';
import { KilnError } from '../../shared/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

interface FileSet {
  from: string;
  to?: string;
  filter?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  extraResources: FileSet[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[]; category: string; maintainer: string; executableName: string };
  mac: { target: string[]; category: string; hardenedRuntime: boolean };
  win: { target: string[] };
  icon: string;
}

const configText = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = YAML.parse(configText) as BuilderConfig;

// The bundles the packaging and preload checks read: built fresh from the sources.
beforeAll(() => {
  const built = spawnSync(process.execPath, ['scripts/build-electron.mjs'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, KILN_QUIET_BUILD: '1' },
  });
  expect(built.status, built.stderr).toBe(0);
}, 60_000);

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own JSON schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
    // The schema really refuses things: a misspelt option fails.
    expect(validate({ ...config, linux: { ...config.linux, categroy: 'Development' } })).toBe(false);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows', () => {
    expect(config.appId).toBe('dev.kiln.app');
    expect(config.productName).toBe('Kiln');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBe('Development');
    expect(config.linux.maintainer).toMatch(/<[^>]+@[^>]+>/);
    expect(config.linux.executableName).not.toBe('kiln'); // the CLI's name
    expect(config.mac.target).toContain('dmg');
    expect(config.mac.category).toBe('public.app-category.developer-tools');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.target).toContain('nsis');
  });

  it('ships the runtime and the examples beside the app, and unpacks better-sqlite3', () => {
    const extra = config.extraResources.map((r) => `${r.from} -> ${r.to}`);
    expect(extra).toContain('resources/runtime -> resources/runtime');
    expect(extra).toContain('resources/examples -> resources/examples');
    expect(config.asarUnpack.some((p) => p.includes('better-sqlite3') && p.endsWith('.node'))).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**', 'dist/renderer/**']));
    // package.json's main is what the packaged app starts.
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it('points at an icon that exists: a 512x512 PNG', () => {
    const png = readFileSync(path.join(root, config.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512); // IHDR width
    expect(png.readUInt32BE(20)).toBe(512); // IHDR height
    expect(readFileSync(path.join(root, 'resources/icons/icon.svg'), 'utf8')).toContain('<svg');
  });
});

describe('packaging with electron-builder (a stand-in Electron distribution, no download)', () => {
  let work: string;
  let appDir: string;
  let asarFiles: string[];

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'kiln-pack-'));
    const fakeDist = path.join(work, 'electron-dist');
    mkdirSync(fakeDist);
    writeFileSync(path.join(fakeDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(fakeDist, 'electron'), 0o755);
    const cli = require.resolve('electron-builder/cli.js');
    // npmRebuild=false: rebuilding better-sqlite3 for Electron downloads Electron's headers.
    const r = spawnSync(
      process.execPath,
      [
        cli,
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${fakeDist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${path.join(work, 'out')}`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    appDir = path.join(work, 'out', 'linux-unpacked');
    const asar = require(require.resolve('@electron/asar', { paths: [require.resolve('app-builder-lib')] })) as {
      listPackage(p: string): string[];
    };
    asarFiles = asar.listPackage(path.join(appDir, 'resources', 'app.asar')).map((p) => p.replace(/\\/g, '/'));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('puts the bundles and package.json in app.asar, and no sources or tests', () => {
    expect(asarFiles).toEqual(
      expect.arrayContaining(['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs']),
    );
    const ours = asarFiles.filter((p) => !p.startsWith('/node_modules/'));
    expect(
      ours.filter(
        (p) =>
          /\.(ts|tsx|map)$/.test(p) || p.startsWith('/test') || p.startsWith('/electron') || p.startsWith('/shared'),
      ),
    ).toEqual([]);
    if (existsSync(path.join(root, 'dist/renderer/index.html')))
      expect(asarFiles).toContain('/dist/renderer/index.html');
  });

  it('brings the production packages main.cjs requires, not the renderer-only ones', () => {
    const bundle = readFileSync(path.join(root, 'dist/electron/main.cjs'), 'utf8');
    const required = new Set(
      [...bundle.matchAll(/(?:require\d*|import)\(["']([^"'.][^"']*)["']\)/g)].map((m) => m[1] ?? ''),
    );
    const packages = [...required]
      .filter((p) => !p.startsWith('node:') && p !== 'electron')
      .map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : (p.split('/')[0] ?? p)));
    expect(packages.length).toBeGreaterThan(0);
    for (const pkg of packages) expect(asarFiles, pkg).toContain(`/node_modules/${pkg}/package.json`);
    for (const pkg of ['monaco-editor', 'react-dom', 'electron'])
      expect(asarFiles).not.toContain(`/node_modules/${pkg}/package.json`);
  });

  it("unpacks better-sqlite3's addon next to app.asar", () => {
    expect(
      existsSync(
        path.join(appDir, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      ),
    ).toBe(true);
  });

  it('copies the runtime and the examples to <resources>/resources, where main.ts points KILN_RESOURCES', () => {
    const resources = path.join(appDir, 'resources', 'resources');
    expect(readFileSync(path.join(resources, 'runtime/kiln_runtime.py'), 'utf8')).toBe(
      readFileSync(path.join(root, 'resources/runtime/kiln_runtime.py'), 'utf8'),
    );
    expect(existsSync(path.join(resources, 'examples/image-enhance/kiln.yaml'))).toBe(true);
    // That main.ts points KILN_RESOURCES there when packaged: 'a second instance' below.
  });

  it("bundles the preload into one file that requires only 'electron' (a sandboxed preload can load nothing else)", () => {
    const preload = readFileSync(path.join(root, 'dist/electron/preload.cjs'), 'utf8');
    expect([...new Set([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]))]).toEqual(['electron']);
  });
});

describe('dist/electron/preload.cjs in a bare context (as sandboxed: only require("electron"))', () => {
  interface Exposed {
    apiVersion: number;
    call(method: string, input: unknown): Promise<unknown>;
    subscribe(jobId: string, since: number): Promise<unknown>;
    onEvent(listener: (e: unknown) => void): () => void;
    pickFiles(opts?: { title?: string }): Promise<string[]>;
    pathForFile(file: unknown): string;
    outputUrl(runId: string, key: string): string;
    inputUrl(runId: string, key: string): string;
    showRunItem(runId: string, key?: string): Promise<unknown>;
  }
  const exposed = new Map<string, Exposed>();
  const invoked: unknown[][] = [];
  const ipcListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  let rejectNext = false;

  beforeAll(async () => {
    const { runInNewContext } = await import('node:vm');
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Exposed) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          if (rejectNext)
            return Promise.reject(new Error("Error invoking remote method 'kiln:call': no handler\nat stack"));
          return Promise.resolve({ result: 'ok' });
        },
        on: (channel: string, fn: (...args: unknown[]) => void) =>
          ipcListeners.set(channel, new Set([...(ipcListeners.get(channel) ?? []), fn])),
        removeListener: (channel: string, fn: (...args: unknown[]) => void) => ipcListeners.get(channel)?.delete(fn),
      },
      webUtils: { getPathForFile: (f: { fakePath: string }) => f.fakePath },
    };
    const code = readFileSync(path.join(root, 'dist/electron/preload.cjs'), 'utf8');
    const module = { exports: {} };
    const requireElectronOnly = (id: string): unknown => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    runInNewContext(code, { require: requireElectronOnly, module, exports: module.exports, Promise, Error });
  });

  it('exposes window.kilnDesktop and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['kilnDesktop']);
    expect(Object.keys(exposed.get('kilnDesktop') ?? {}).sort()).toEqual(
      [
        'apiVersion',
        'call',
        'inputUrl',
        'onEvent',
        'openPath',
        'outputUrl',
        'pathForFile',
        'pickFiles',
        'pickFolder',
        'showRunItem',
        'subscribe',
        'unsubscribe',
      ].sort(),
    );
  });

  it('carries calls over the kiln: channels and never rejects a call', async () => {
    const bridge = exposed.get('kilnDesktop');
    expect(bridge?.apiVersion).toBe(API_VERSION);
    expect(await bridge?.call('app.info', {})).toEqual({ result: 'ok' });
    expect(await bridge?.subscribe('j-abcd-1234', 3)).toEqual({ result: 'ok' });
    expect(await bridge?.pickFiles({ title: 'Inputs' })).toEqual({ result: 'ok' });
    expect(invoked).toEqual([
      [IPC_CHANNELS.call, 'app.info', {}],
      [IPC_CHANNELS.subscribe, 'j-abcd-1234', 3],
      [IPC_CHANNELS.pickFiles, { title: 'Inputs' }],
    ]);
    rejectNext = true;
    expect(await bridge?.call('app.info', {})).toEqual({
      error: { code: 'INTERNAL', message: "IPC failed: Error invoking remote method 'kiln:call': no handler" },
    });
    rejectNext = false;
  });

  it('asks the main process to reveal a run output by run id and key, never by path', async () => {
    const bridge = exposed.get('kilnDesktop');
    invoked.length = 0;
    await bridge?.showRunItem('r-1', 'image');
    expect(invoked).toEqual([[IPC_CHANNELS.showRunItem, 'r-1', 'image']]);
  });

  it('delivers kiln:event envelopes to listeners until they stop listening', () => {
    const bridge = exposed.get('kilnDesktop');
    const got: unknown[] = [];
    const stop = bridge?.onEvent((e) => got.push(e));
    for (const fn of ipcListeners.get(IPC_CHANNELS.event) ?? [])
      fn({ sender: 'ipc' }, { jobId: 'j-abcd-1234', seq: 1 });
    stop?.();
    for (const fn of ipcListeners.get(IPC_CHANNELS.event) ?? [])
      fn({ sender: 'ipc' }, { jobId: 'j-abcd-1234', seq: 2 });
    expect(got).toEqual([{ jobId: 'j-abcd-1234', seq: 1 }]);
    expect([...ipcListeners.keys()]).toEqual([IPC_CHANNELS.event]);
  });

  it('builds kiln-output URLs with each part encoded, and host paths through webUtils', () => {
    const bridge = exposed.get('kilnDesktop');
    expect(bridge?.outputUrl('r-1/../x', 'image #1')).toBe('kiln-output://run/r-1%2F..%2Fx/image%20%231');
    expect(bridge?.inputUrl('r-1/../x', 'image #1')).toBe('kiln-output://input/r-1%2F..%2Fx/image%20%231');
    expect(bridge?.pathForFile({ fakePath: '/home/me/a.png' })).toBe('/home/me/a.png');
  });
});

// ---- electron/ipc.ts through a fake ipcMain

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type Listener = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  showOpenDialog: vi.fn(),
  appDir: '',
  appListeners: new Map<string, Listener[]>(),
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  windows: [] as Array<{ options: { webPreferences?: Record<string, unknown> }; url: string }>,
  permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  openExternal: vi.fn(),
  outputs: new Map<string, { path: string; contentType: string }>(),
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- vi.hoisted's generic misleads the rule: without it the field is `undefined`
  menu: undefined as unknown,
  /** What main.ts did, in order: the lock, the sandbox, services, listeners, handlers, windows. */
  order: [] as string[],
  /** What app.requestSingleInstanceLock() answers (false: another Kiln window is already open). */
  lock: true,
  isPackaged: false,
  quit: vi.fn(),
  enableSandbox: vi.fn(),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      fake.order.push(`ipc ${channel}`);
      fake.handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  dialog: { showOpenDialog: fake.showOpenDialog, showErrorBox: vi.fn() },
  BrowserWindow: class {
    static fromWebContents = (): null => null;
    static getAllWindows = (): unknown[] => fake.windows;
    readonly record: { options: { webPreferences?: Record<string, unknown> }; url: string };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      fake.order.push('window');
      this.record = { options, url: '' };
      fake.windows.push(this.record);
    }
    loadURL(url: string): Promise<void> {
      this.record.url = url;
      return Promise.resolve();
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
  },
  app: {
    get isPackaged(): boolean {
      return fake.isPackaged;
    },
    getAppPath: () => fake.appDir,
    requestSingleInstanceLock: () => {
      fake.order.push('lock');
      return fake.lock;
    },
    enableSandbox: () => {
      fake.order.push('sandbox');
      fake.enableSandbox();
    },
    whenReady: () => {
      fake.order.push('whenReady');
      return Promise.resolve();
    },
    on: (name: string, fn: (...args: unknown[]) => unknown) => {
      fake.order.push(`on ${name}`);
      fake.appListeners.set(name, [...(fake.appListeners.get(name) ?? []), fn]);
    },
    quit: () => {
      fake.order.push('quit');
      fake.quit();
    },
    exit: vi.fn(),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) => {
      fake.order.push('schemes');
      fake.privileged.push(...schemes);
    },
    handle: (scheme: string, fn: (request: Request) => Promise<Response>) => {
      fake.order.push(`protocol ${scheme}`);
      fake.protocols.set(scheme, fn);
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...args: unknown[]) => void) => (fake.permissionRequest = fn),
      setPermissionCheckHandler: (fn: (...args: unknown[]) => boolean) => (fake.permissionCheck = fn),
    },
  },
  net: {
    fetch: async (url: string): Promise<Response> => {
      const { readFile } = await import('node:fs/promises');
      const { fileURLToPath } = await import('node:url');
      return new Response(await readFile(fileURLToPath(url)), { status: 200 });
    },
  },
  shell: { openExternal: fake.openExternal },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (fake.menu = m) },
}));
// The services are other files' business; the shell only wires them.
vi.mock('../../electron/services/kiln-services.js', () => ({
  KilnServices: class {
    constructor() {
      fake.order.push('services');
    }
    outputFile(runId: string, key: string): Promise<{ path: string; contentType: string } | null> {
      return Promise.resolve(fake.outputs.get(`${runId}/${key}`) ?? null);
    }
    close(): void {}
  },
}));
vi.mock('../../electron/services/jobs.js', () => ({
  JobRegistry: class {
    constructor() {
      fake.order.push('jobs');
    }
    subscribe(): () => void {
      return () => undefined;
    }
    list(): unknown[] {
      return [];
    }
    cancel(): boolean {
      return false;
    }
  },
}));
vi.mock('../../electron/services/api/handlers.js', () => ({ createApiHandlers: () => ({}) }));

describe('electron/main.ts under a stand-in electron module', () => {
  let work: string;
  const savedResources = process.env['KILN_RESOURCES'];

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'kiln-shell-'));
    fake.appDir = path.join(work, 'app');
    mkdirSync(path.join(fake.appDir, 'dist/renderer/assets'), { recursive: true });
    writeFileSync(
      path.join(fake.appDir, 'dist/renderer/index.html'),
      '<!doctype html><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(path.join(fake.appDir, 'dist/renderer/assets/app.js'), 'console.log(1)');
    writeFileSync(path.join(work, 'app/secret.txt'), 'not for the renderer');
    writeFileSync(path.join(work, 'out.png'), 'PNGDATA');
    fake.outputs.set('run-1/image', { path: path.join(work, 'out.png'), contentType: 'image/png' });
    delete process.env['KILN_RESOURCES'];
    await import('../../electron/main.js');
    await new Promise((resolve) => setImmediate(resolve)); // whenReady().then(...)
  });

  afterAll(() => {
    if (savedResources === undefined) delete process.env['KILN_RESOURCES'];
    else process.env['KILN_RESOURCES'] = savedResources;
    rmSync(work, { recursive: true, force: true });
  });

  const get = async (url: string): Promise<Response> => {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = fake.protocols.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}`);
    return handler(new Request(url));
  };

  it('takes the single-instance lock before anything starts, then enables the sandbox before any window', () => {
    // Only the scheme registration (which Electron needs before ready) may come before the lock.
    expect(fake.order.slice(0, 2)).toEqual(['schemes', 'lock']);
    const after = fake.order.slice(2);
    expect(after[0]).toBe('sandbox');
    expect(after).toEqual(expect.arrayContaining(['services', 'jobs', 'whenReady', 'window']));
    expect(after.indexOf('window')).toBeGreaterThan(after.indexOf('protocol app'));
    expect(fake.order.filter((o) => o === 'lock' || o === 'sandbox')).toEqual(['lock', 'sandbox']);
    expect(fake.enableSandbox).toHaveBeenCalledTimes(1);
    expect(fake.quit).not.toHaveBeenCalled();
  });

  it('opens one isolated, sandboxed window on app://kiln with the built preload', () => {
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0];
    expect(win?.url).toBe('app://kiln/index.html');
    expect(win?.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(fake.appDir, 'dist', 'electron', 'preload.cjs'),
    });
    expect(fake.privileged.map((s) => s.scheme).sort()).toEqual(['app', 'kiln-output']);
    expect(process.env['KILN_RESOURCES']).toBe(path.join(fake.appDir, 'resources'));
    expect(fake.menu).toEqual(expect.arrayContaining([{ role: 'editMenu' }, { role: 'viewMenu' }]));
  });

  it('serves dist/renderer with the CSP, and nothing outside it', async () => {
    const index = await get('app://kiln/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    const csp = index.headers.get('content-security-policy') ?? '';
    // Directive by directive: scripts from 'self' only, no plugins, never framed, no eval anywhere.
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    for (const [name, values] of directives) {
      expect(values, name).not.toContain("'unsafe-eval'");
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    }
    // Every file it serves carries the same policy, scripts included.
    expect((await get('app://kiln/assets/app.js')).headers.get('content-security-policy')).toBe(csp);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob: kiln-output:");
    expect(csp).not.toContain('unsafe-eval');
    expect(await (await get('app://kiln/assets/app.js')).text()).toBe('console.log(1)');
    expect((await get('app://kiln/')).status).toBe(200);
    for (const escape of [
      'app://kiln/..%2f..%2fsecret.txt',
      'app://kiln/..%2fsecret.txt',
      'app://kiln/%2e%2e/secret.txt',
      'app://kiln/assets/..%2f..%2fsecret.txt',
      'app://other/index.html',
    ]) {
      const r = await get(escape);
      expect(r.status, escape).toBe(404);
      expect(await r.text()).not.toContain('not for the renderer');
    }
    expect((await get('app://kiln/assets/missing.js')).status).toBe(404);
  });

  it('serves kiln-output://run/<runId>/<key> through the services, to app://kiln only', async () => {
    const r = await get('kiln-output://run/run-1/image');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('access-control-allow-origin')).toBe('app://kiln');
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
    expect(await r.text()).toBe('PNGDATA');
    expect((await get('kiln-output://run/run-1/other')).status).toBe(404);
    expect((await get('kiln-output://run/run-1/image/extra')).status).toBe(404);
    expect((await get('kiln-output://elsewhere/run-1/image')).status).toBe(404);
  });

  it('keeps navigation on app://kiln, opens http(s) links in the browser, denies new windows', () => {
    const contents = new FakeWebContents() as FakeWebContents & {
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => void;
    };
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    contents.setWindowOpenHandler = (fn) => (openHandler = fn);
    for (const fn of fake.appListeners.get('web-contents-created') ?? []) fn({}, contents);

    const navigate = (url: string): boolean => {
      const prevent = vi.fn();
      contents.emit('will-navigate', { url, preventDefault: prevent });
      return prevent.mock.calls.length > 0;
    };
    expect(navigate('app://kiln/index.html#/runs')).toBe(false);
    expect(navigate('https://example.com/docs')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://evil/index.html')).toBe(true);
    expect(fake.openExternal.mock.calls).toEqual([['https://example.com/docs']]);

    expect(openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'smb://host/share' })).toEqual({ action: 'deny' });
    expect(fake.openExternal.mock.calls).toEqual([['https://example.com/docs'], ['https://example.com/']]);
  });

  it('refuses every permission but a clipboard write from its own page', () => {
    const answer = (permission: string, requestingUrl: string): boolean => {
      let granted: boolean | undefined;
      fake.permissionRequest?.({}, permission, (g: boolean) => (granted = g), { requestingUrl });
      return granted === true;
    };
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem'])
      expect(answer(p, 'app://kiln/index.html'), p).toBe(false);
    expect(answer('clipboard-sanitized-write', 'app://kiln/index.html')).toBe(true);
    expect(answer('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(fake.permissionCheck?.({}, 'media', 'app://kiln')).toBe(false);
  });
});

class FakeWebContents extends EventEmitter {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return false;
  }
}

describe('electron/ipc.ts', () => {
  let wc: FakeWebContents;
  let received: Array<{ method: string; input: unknown }>;
  let unsubscribed: string[];
  let listeners: Map<string, (e: JobEventEnvelope) => void>;
  let dispose: () => void;

  const fromKiln = (): unknown => ({ sender: wc, senderFrame: { url: 'app://kiln/index.html' } });
  const invoke = async (channel: string, event: unknown, ...args: unknown[]): Promise<unknown> => {
    const h = fake.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return await h(event, ...args);
  };
  const call = (method: unknown, input: unknown, event = fromKiln()): Promise<CallReply> =>
    invoke(IPC_CHANNELS.call, event, method, input) as Promise<CallReply>;

  beforeEach(async () => {
    fake.handlers.clear();
    fake.showOpenDialog.mockReset();
    wc = new FakeWebContents();
    received = [];
    unsubscribed = [];
    listeners = new Map();
    const record = (method: string) => async (input: unknown) => {
      received.push({ method, input });
      if (method === 'algorithms.remove')
        throw new KilnError('NOT_FOUND', 'no algorithm named "x"', 'Open its folder first.');
      if (method === 'gpu.probe') throw new Error('socket hang up\n    at Socket.<anonymous> (node:net:1:1)');
      return { ok: method };
    };
    const handlers = new Proxy({}, { get: (_t, method: string) => record(method) }) as ApiHandlers;
    const jobs = {
      subscribe(jobId: string, _since: number, listener: (e: JobEventEnvelope) => void): () => void {
        if (jobId === 'j-unknown-0000') throw new KilnError('NOT_FOUND', `no job ${jobId}`);
        listeners.set(jobId, listener);
        return () => unsubscribed.push(jobId);
      },
    };
    const { registerIpc } = await import('../../electron/ipc.js');
    dispose = registerIpc({ handlers, jobs, trustedOrigin: 'app://kiln' });
  });

  it('registers one handler per invoke channel', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(
      Object.values(IPC_CHANNELS)
        .filter((c) => c !== IPC_CHANNELS.event)
        .sort(),
    );
    dispose();
    expect(fake.handlers.size).toBe(0);
  });

  it('validates the input with parseInput before a handler sees it', async () => {
    expect(await call('algorithms.get', { name: '../etc' })).toEqual({
      error: {
        code: 'BAD_ARGUMENT',
        message: expect.stringMatching(/^algorithms\.get: name: /),
        messageId: 'api.badInput',
        params: { method: 'algorithms.get', where: 'name: ', detail: expect.any(String) },
      },
    });
    expect(await call('algorithms.get', { name: 'ok', extra: 1 })).toMatchObject({ error: { code: 'BAD_ARGUMENT' } });
    expect(await call('no.such.method', {})).toMatchObject({
      error: { code: 'BAD_ARGUMENT', message: 'unknown method: no.such.method' },
    });
    expect(await call({ toString: null }, {})).toMatchObject({ error: { code: 'BAD_ARGUMENT' } });
    expect(received).toEqual([]);
  });

  it('passes the parsed input (defaults applied) and replies {result}', async () => {
    expect(await call('run.start', { name: 'demo', inputs: {}, args: { strength: 0.5 } })).toEqual({
      result: { ok: 'run.start' },
    });
    expect(received).toEqual([
      { method: 'run.start', input: { name: 'demo', inputs: {}, args: { strength: 0.5 }, gpu: 'auto' } },
    ]);
  });

  it('turns a KilnError into its envelope and anything else into INTERNAL, one line, no stack', async () => {
    expect(await call('algorithms.remove', { name: 'x' })).toEqual({
      error: { code: 'NOT_FOUND', message: 'no algorithm named "x"', hint: 'Open its folder first.' },
    });
    const reply = await call('gpu.probe', {});
    expect(reply).toMatchObject({ error: { code: 'INTERNAL' } });
    const message = 'error' in reply ? reply.error.message : '';
    expect(message).toContain('socket hang up');
    expect(message).not.toContain('\n');
    expect(JSON.stringify(reply)).not.toContain('node:net');
  });

  it('refuses senders that are not a frame of app://kiln', async () => {
    for (const event of [
      { sender: wc, senderFrame: { url: 'https://example.com/' } },
      { sender: wc, senderFrame: { url: 'app://other/index.html' } },
      { sender: wc, senderFrame: { url: 'file:///tmp/x.html' } },
      { sender: wc, senderFrame: null },
    ]) {
      expect(await call('app.info', {}, event)).toMatchObject({
        error: { code: 'INTERNAL', message: expect.stringContaining('refused') },
      });
      expect(await invoke(IPC_CHANNELS.subscribe, event, 'j-abcd-1234', 0)).toMatchObject({
        error: { message: expect.stringContaining('refused') },
      });
      expect(await invoke(IPC_CHANNELS.pickFolder, event)).toBeNull();
    }
    expect(received).toEqual([]);
    expect(listeners.size).toBe(0);
    expect(fake.showOpenDialog).not.toHaveBeenCalled();
  });

  it('forwards job events to the subscribing window and ends subscriptions when asked or when it goes', async () => {
    expect(await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'not-a-job', 0)).toMatchObject({
      error: { code: 'BAD_ARGUMENT' },
    });
    expect(await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'j-abcd-1234', -1)).toMatchObject({
      error: { code: 'BAD_ARGUMENT' },
    });
    expect(await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'j-unknown-0000', 0)).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });

    expect(await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'j-abcd-1234', 0)).toEqual({
      result: { subscribed: 'j-abcd-1234' },
    });
    const envelope: JobEventEnvelope = { jobId: 'j-abcd-1234', seq: 1, ts: 1, event: { type: 'job.cancelled' } };
    const second: JobEventEnvelope = { ...envelope, seq: 2 };
    listeners.get('j-abcd-1234')?.(envelope);
    listeners.get('j-abcd-1234')?.(second);
    await new Promise((r) => setImmediate(r));
    // Events of one tick go as one message, in order.
    expect(wc.sent).toEqual([{ channel: IPC_CHANNELS.event, payload: [envelope, second] }]);

    // A resubscribe (replay from another `since`) replaces the first subscription.
    await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'j-abcd-1234', 5);
    expect(unsubscribed).toEqual(['j-abcd-1234']);
    expect(await invoke(IPC_CHANNELS.unsubscribe, fromKiln(), 'j-abcd-1234')).toEqual({
      result: { unsubscribed: 'j-abcd-1234' },
    });
    expect(await invoke(IPC_CHANNELS.unsubscribe, fromKiln(), 'j-abcd-1234')).toEqual({
      result: { unsubscribed: 'j-abcd-1234' },
    });
    expect(unsubscribed).toEqual(['j-abcd-1234', 'j-abcd-1234']); // once for the resubscribe, once here
    expect(await invoke(IPC_CHANNELS.unsubscribe, fromKiln(), 42)).toMatchObject({ error: { code: 'BAD_ARGUMENT' } });

    await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'j-efgh-5678', 0);
    wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true }); // an anchor: same page
    expect(unsubscribed).not.toContain('j-efgh-5678');
    wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false }); // a reload
    expect(unsubscribed).toContain('j-efgh-5678');

    await invoke(IPC_CHANNELS.subscribe, fromKiln(), 'j-ijkl-9999', 0);
    wc.emit('destroyed');
    expect(unsubscribed).toContain('j-ijkl-9999');
  });

  it('opens native dialogs for the sender and answers null or [] when cancelled', async () => {
    fake.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await invoke(IPC_CHANNELS.pickFolder, fromKiln())).toBeNull();
    fake.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/me/algo'] });
    expect(await invoke(IPC_CHANNELS.pickFolder, fromKiln())).toBe('/home/me/algo');
    expect(fake.showOpenDialog.mock.calls[1]?.[0]).toMatchObject({
      properties: expect.arrayContaining(['openDirectory']),
    });

    fake.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/a.png', '/b.png'] });
    expect(await invoke(IPC_CHANNELS.pickFiles, fromKiln(), { title: 'Pick images' })).toEqual(['/a.png', '/b.png']);
    expect(fake.showOpenDialog.mock.calls[2]?.[0]).toMatchObject({
      title: 'Pick images',
      properties: expect.arrayContaining(['openFile', 'multiSelections']),
    });
    fake.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await invoke(IPC_CHANNELS.pickFiles, fromKiln())).toEqual([]);
  });
});

// Last in the file: it reloads main.ts with vi.resetModules(), after which the modules imported
// above (KilnError's class included) are no longer the ones a fresh import sees.
describe('electron/main.ts as a second instance (another Kiln window is open)', () => {
  const savedResources = process.env['KILN_RESOURCES'];
  const savedResourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  let before: { windows: number; handlers: number; protocols: number; listeners: number };

  beforeAll(async () => {
    before = {
      windows: fake.windows.length,
      handlers: fake.handlers.size,
      protocols: fake.protocols.size,
      listeners: fake.appListeners.size,
    };
    fake.order.length = 0;
    fake.lock = false;
    fake.isPackaged = true;
    (process as { resourcesPath?: string }).resourcesPath = '/opt/Kiln/resources';
    delete process.env['KILN_RESOURCES'];
    vi.resetModules();
    await import('../../electron/main.js');
    await new Promise((resolve) => setImmediate(resolve));
  });

  afterAll(() => {
    fake.lock = true;
    fake.isPackaged = false;
    (process as { resourcesPath?: string }).resourcesPath = savedResourcesPath;
    if (savedResources === undefined) delete process.env['KILN_RESOURCES'];
    else process.env['KILN_RESOURCES'] = savedResources;
  });

  it('quits at once and starts nothing: no services, no window, no handlers', () => {
    expect(fake.order).toEqual(['schemes', 'lock', 'quit']);
    expect(fake.quit).toHaveBeenCalledTimes(1);
    expect({
      windows: fake.windows.length,
      handlers: fake.handlers.size,
      protocols: fake.protocols.size,
      listeners: fake.appListeners.size,
    }).toEqual(before);
  });

  it('points KILN_RESOURCES at <resources>/resources when packaged (where electron-builder copies them)', () => {
    expect(process.env['KILN_RESOURCES']).toBe(path.join('/opt/Kiln/resources', 'resources'));
  });
});
