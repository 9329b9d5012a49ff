// The Electron main process, and nothing more: one window on a sandboxed, isolated renderer
// served over app://kiln, run outputs over kiln-output://, IPC over the same services every
// other front door uses. No business logic lives here.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  net,
  protocol,
  session,
  shell,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import { OUTPUT_PROTOCOL } from '../shared/desktop-bridge.js';
import { registerIpc } from './ipc.js';
import { algorithmFilePath } from './services/api/algorithm-files.js';
import { createApiHandlers } from './services/api/handlers.js';
import { JobRegistry } from './services/jobs.js';
import { KilnServices } from './services/kiln-services.js';

const APP_SCHEME = 'app';
const APP_HOST = 'kiln';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The renderer's policy: nothing inline but styles, nothing remote; outputs come from kiln-output:. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${OUTPUT_PROTOCOL}:`,
  `media-src 'self' blob: ${OUTPUT_PROTOCOL}:`,
  // JSON and text outputs are fetched to be diffed.
  `connect-src 'self' ${OUTPUT_PROTOCOL}:`,
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** An output opened on its own (an HTML or SVG file) runs nothing. */
const OUTPUT_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// The packaged app ships resources/runtime and resources/examples as extraResources; in a
// development checkout they sit next to package.json. The services read KILN_RESOURCES.
process.env['KILN_RESOURCES'] ??= app.isPackaged
  ? path.join(process.resourcesPath, 'resources')
  : path.join(app.getAppPath(), 'resources');

// Before `ready`: app:// behaves like https (secure context, fetch, workers, code cache);
// kiln-output:// streams media (range requests) and allows CORS reads from app://kiln (canvas diffs).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  {
    scheme: OUTPUT_PROTOCOL,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
  },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  app.enableSandbox();
  const services = new KilnServices();
  const jobs = new JobRegistry();
  let mainWindow: BrowserWindow | null = null;
  const showMainWindow = (): void => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
      return;
    }
    mainWindow = createWindow();
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  app
    .whenReady()
    .then(() => {
      denyPermissions();
      serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
      serveOutputs((runId, key, kind) =>
        kind === 'input' ? services.inputFile(runId, key) : services.outputFile(runId, key),
      );
      registerIpc({
        handlers: createApiHandlers(services, jobs, { transport: 'ipc' }),
        jobs,
        trustedOrigin: APP_ORIGIN,
        runItemPath: (runId, key) => services.runItemPath(runId, key),
        algorithmFilePath: (name, rel) => algorithmFilePath(services.catalog.getAlgorithm(name), rel),
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
      showMainWindow();
      // A second `kiln` desktop launch focuses this window; on macOS the dock icon reopens it.
      app.on('second-instance', showMainWindow);
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
      });
    })
    .catch(fatal);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let warmStopped = false;
  app.on('before-quit', (event) => {
    // Jobs stop their containers on cancel; what a hard exit leaves is swept at the next start.
    for (const job of jobs.list()) if (job.status === 'running') jobs.cancel(job.jobId);
    if (warmStopped) return;
    // "Keep warm" containers are removed before the app ends (at most a few seconds), then quit again.
    event.preventDefault();
    warmStopped = true;
    void services
      .stopWarm()
      .catch(() => undefined)
      .finally(() => app.quit());
  });
  app.on('will-quit', () => services.close());
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Kiln',
    show: false,
    backgroundColor: '#1f2430',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
    },
  });
  win.once('ready-to-show', () => win.show());
  win
    .loadURL(`${APP_ORIGIN}/index.html`)
    .catch((err: unknown) => console.error(`kiln: the window did not load: ${String(err)}`));
  return win;
}

/** No navigation away from app://kiln, no new windows, no webviews; http(s) links open in the browser. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

function openExternally(url: string): void {
  let protocolName: string;
  try {
    protocolName = new URL(url).protocol;
  } catch {
    return;
  }
  if (protocolName === 'https:' || protocolName === 'http:') void shell.openExternal(url);
}

/**
 * Every permission is refused (camera, microphone, notifications, geolocation, ...) except one:
 * Kiln's own page may write plain text to the clipboard (its "copy" buttons).
 */
function denyPermissions(): void {
  const allowed = (permission: string, url: string): boolean =>
    permission === 'clipboard-sanitized-write' && isAppUrl(url);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
}

/** app://kiln/<path> -> a file under dist/renderer, never outside it, always with the CSP. */
function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD'))
      return plain(404, 'not found');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return plain(400, 'bad path');
    }
    // A path without an extension is a screen of the single-page app.
    if (rel === '/' || path.posix.extname(rel) === '') rel = '/index.html';
    const file = path.resolve(root, `.${path.posix.normalize(rel)}`);
    if (!file.startsWith(root + path.sep)) return plain(404, 'not found');
    const st = await stat(file).catch(() => null);
    if (!st?.isFile())
      return plain(
        404,
        rel === '/index.html'
          ? 'Kiln: the UI is not built (dist/renderer/index.html is missing); run npm start again.'
          : 'not found',
      );
    return new Response(await readFile(file), {
      headers: {
        'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    });
  });
}

type ResolveOutput = (
  runId: string,
  key: string,
  kind: 'output' | 'input',
) => Promise<{ path: string; contentType: string } | null>;

/** kiln-output://run/<runId>/<key> -> that run's output file; kiln-output://input/<runId>/<key> -> its input. */
function serveOutputs(resolveOutput: ResolveOutput): void {
  protocol.handle(OUTPUT_PROTOCOL, async (request) => {
    const url = new URL(request.url);
    const parts = url.pathname.split('/').filter((p) => p !== '');
    const kind = url.host === 'run' ? 'output' : url.host === 'input' ? 'input' : null;
    if (!kind || parts.length !== 2 || (request.method !== 'GET' && request.method !== 'HEAD'))
      return plain(404, 'not found');
    let runId: string;
    let key: string;
    try {
      runId = decodeURIComponent(parts[0] ?? '');
      key = decodeURIComponent(parts[1] ?? '');
    } catch {
      return plain(400, 'bad output URL');
    }
    const found = await resolveOutput(runId, key, kind).catch((err: unknown) => {
      console.error(`kiln: looking up output ${key} of run ${runId} failed: ${String(err)}`);
      return null;
    });
    const st = found ? await stat(found.path).catch(() => null) : null;
    if (!found || !st?.isFile()) return plain(404, `run ${runId} has no ${kind} ${key}`);
    // net.fetch of the file honours Range, so videos seek.
    const range = request.headers.get('range');
    const file = await net.fetch(pathToFileURL(found.path).href, range ? { headers: { range } } : {});
    const headers = new Headers(file.headers);
    headers.set('content-type', found.contentType);
    headers.set('content-security-policy', OUTPUT_CSP);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('access-control-allow-origin', APP_ORIGIN);
    headers.set('cache-control', 'no-cache');
    return new Response(file.body, { status: file.status, headers });
  });
}

function plain(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

function menuTemplate(): MenuItemConstructorOptions[] {
  const mac = process.platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

/** Start-up failed: say so in a dialog (there is no window yet) and on stderr, then exit. */
function fatal(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`kiln: ${message}`);
  dialog.showErrorBox('Kiln could not start', message);
  app.exit(1);
}
