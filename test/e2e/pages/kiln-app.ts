// The whole window as a user sees it: sidebar (open folder, algorithm list), the algorithm's
// tabs, the status bar, settings. Screens with more to do have their own page objects.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../../support/kiln-cli.js';
import type { DomDocument } from './dom.js';

declare const document: DomDocument;

export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

export type TabId = 'manifest' | 'build' | 'run';

/** Waits until a data-state attribute holds one of `states`; returns the state it reached. */
export async function waitForState(
  page: Page,
  testId: string,
  states: readonly string[],
  timeout: number,
): Promise<string> {
  const handle = await page.waitForFunction(
    ({ testId, states }) => {
      const el = document.querySelector(`[data-testid="${testId}"]`);
      const s = el?.getAttribute('data-state');
      return s && states.includes(s) ? s : null;
    },
    { testId, states: [...states] },
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

export class KilnApp {
  constructor(readonly page: Page) {}

  /** Opens the URL `kiln ui` printed (token -> cookie -> the app) and waits for the first screen. */
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('algorithm-list').waitFor({ state: 'attached' });
  }

  get algorithmList(): Locator {
    return this.page.getByTestId('algorithm-list');
  }

  algorithmItem(name: string): Locator {
    return this.page.getByTestId(`algorithm-item-${name}`);
  }

  get engineStatus(): Locator {
    return this.page.getByTestId('engine-status');
  }

  async engineReachable(): Promise<string | null> {
    return this.engineStatus.getAttribute('data-reachable');
  }

  async waitForEngine(reachable: boolean, timeout = 30_000): Promise<void> {
    await this.page
      .locator(`[data-testid="engine-status"][data-reachable="${String(reachable)}"]`)
      .waitFor({ timeout });
  }

  /** "Open folder…" -> the path dialog (browser) -> Open. Does not wait for the outcome. */
  async openFolderDialog(folder: string): Promise<void> {
    await this.page.getByTestId('open-folder').click();
    const field = this.page.getByTestId('open-folder-path');
    await field.waitFor();
    await field.fill(folder);
    await this.page.getByTestId('open-folder-submit').click();
  }

  /** Opens a folder with kiln.yaml and waits for its algorithm to be shown. */
  async openFolder(folder: string, name: string): Promise<void> {
    await this.openFolderDialog(folder);
    await this.page.getByTestId('open-folder-dialog').waitFor({ state: 'detached' });
    await this.algorithmItem(name).waitFor();
    await this.page.locator('#algorithm-title', { hasText: name }).waitFor();
  }

  async select(name: string): Promise<void> {
    await this.algorithmItem(name).click();
    await this.page.locator('#algorithm-title', { hasText: name }).waitFor();
  }

  tab(id: TabId): Locator {
    return this.page.getByTestId(`tab-${id}`);
  }

  async showTab(id: TabId): Promise<void> {
    await this.tab(id).click();
    await this.page.locator(`[data-testid="tab-${id}"][aria-selected="true"]`).waitFor();
  }

  /** Settings -> Language, then closes the dialog. */
  async setLanguage(language: 'en' | 'zh-CN'): Promise<void> {
    await this.page.getByTestId('settings').click();
    const select = this.page.getByTestId('language-select');
    await select.waitFor();
    await select.selectOption(language);
    await this.page.waitForFunction((lang) => document.documentElement.lang === lang, language);
    await this.page.keyboard.press('Escape');
    await this.page.getByTestId('settings-dialog').waitFor({ state: 'detached' });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
