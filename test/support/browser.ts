// Debian's chromium driven by playwright-core (never a downloaded browser): headless, no
// sandbox (root in a container), nothing phoning home, a fresh profile per launch.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface LaunchedBrowser {
  /** The persistent context (one profile in its own --user-data-dir). */
  context: BrowserContext;
  /** The browser behind the context (null for a persistent context in some playwright versions). */
  browser: Browser | null;
  page: Page;
  userDataDir: string;
  /** Closes the browser and removes the profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Browser locale (navigator.language); the UI follows it until settings load. */
  locale?: string;
  viewport?: { width: number; height: number };
}

/**
 * Launches chromium with a fresh --user-data-dir. A persistent context is how playwright
 * passes a profile folder to the browser (it refuses --user-data-dir in args).
 */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'kiln-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: opts.locale ?? 'en-US',
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      timeout: 60_000,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    browser: context.browser(),
    page,
    userDataDir,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
