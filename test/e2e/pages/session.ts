// One browser session against a real `kiln ui`, as every end-to-end file needs it: a temporary
// data folder, a work folder (optionally with a copy of an example algorithm), the server, a
// WebSocket client for set-up calls, Chromium on the page. `close()` undoes all of it and
// returns the server's exit code (a test expects 0: the server stopped cleanly).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startUi, WsClient, type RunningUi } from '../../support/bridge-client.js';
import { launchBrowser, type LaunchedBrowser, type LaunchOptions } from '../../support/browser.js';
import { tempHome } from '../../support/kiln-cli.js';
import { copyExample, removeImagesOf } from './fixtures.js';
import { KilnApp } from './kiln-app.js';

export interface SessionOptions {
  /** Names the temporary folders (kiln-e2e-<prefix>-...). */
  prefix: string;
  /** Copy resources/examples/<example> into the work folder as <folder> with kiln.yaml's name set to `name`. */
  example?: { example: string; folder: string; name: string };
  /** Let the host file browser show the work folder (as Settings > Browse folders would). */
  browseWork?: boolean;
  browser?: LaunchOptions;
  /** Extra `kiln ui` arguments. */
  uiArgs?: string[];
  /** Open the app's page when set-up is done (default true). */
  open?: boolean;
}

export interface Session {
  home: string;
  work: string;
  /** The example's copy, when one was asked for. */
  folder: string;
  ui: RunningUi;
  api: WsClient;
  browser: LaunchedBrowser;
  app: KilnApp;
  /** Extra clean-up to run at close (containers a test started, a proxy...). */
  onClose(fn: () => unknown): void;
  close(): Promise<number>;
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const home = tempHome(`kiln-e2e-${opts.prefix}-`);
  const work = mkdtempSync(path.join(os.tmpdir(), `kiln-e2e-${opts.prefix}-work-`));
  const cleanups: Array<() => unknown> = [];
  const folder = opts.example ? copyExample(opts.example.example, work, opts.example.folder, opts.example.name) : '';
  let ui: RunningUi | undefined;
  let api: WsClient | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async (): Promise<number> => {
    api?.close();
    await browser?.close();
    const code = ui ? await ui.stop() : 0;
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    if (opts.example) await removeImagesOf(opts.example.name);
    home.cleanup();
    rmSync(work, { recursive: true, force: true });
    return code;
  };
  try {
    ui = await startUi(home.home, opts.uiArgs ?? []);
    api = await WsClient.connect(ui);
    if (opts.browseWork) await api.call('settings.set', { browseRoots: [work] });
    browser = await launchBrowser(opts.browser ?? {});
    const app = new KilnApp(browser.page);
    if (opts.open !== false) await app.goto(ui.url);
    return { home: home.home, work, folder, ui, api, browser, app, onClose: (fn) => cleanups.push(fn), close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
