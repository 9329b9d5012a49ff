// The Run tab: the generated form (input files, args), Run (or why it is disabled), status,
// outputs.
import type { Locator, Page } from 'playwright-core';
import type { DomDocument } from './dom.js';
import { waitForState } from './kiln-app.js';

declare const document: DomDocument;

export const RUN_DONE = ['succeeded', 'failed', 'cancelled'] as const;

export class RunPage {
  constructor(readonly page: Page) {}

  get button(): Locator {
    return this.page.getByTestId('run');
  }

  get status(): Locator {
    return this.page.getByTestId('run-status');
  }

  get blockers(): Locator {
    return this.page.locator('#run-blockers');
  }

  arg(name: string): Locator {
    return this.page.getByTestId(`arg-${name}`);
  }

  slider(name: string): Locator {
    return this.page.getByTestId(`arg-${name}-slider`);
  }

  output(key: string): Locator {
    return this.page.getByTestId(`output-${key}`);
  }

  /** The browser's file field: uploads the file to the bridge, then shows its name. */
  async chooseInput(key: string, file: string, shownName: string): Promise<void> {
    await this.page.getByTestId(`input-${key}`).setInputFiles(file);
    const chosen = this.page.getByTestId(`input-${key}-chosen`);
    await chosen.filter({ hasText: shownName }).waitFor();
    // The upload is over when the label no longer says "Uploading…".
    await this.page.waitForFunction((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return !!el && !/Uploading|上传/.test(el.textContent ?? '');
    }, `input-${key}-chosen`);
  }

  /** Moves a range slider with the keyboard: Home/End, then arrow steps. */
  async slide(name: string, keys: string[]): Promise<void> {
    const s = this.slider(name);
    await s.focus();
    for (const k of keys) await this.page.keyboard.press(k);
  }

  /**
   * Clicks Run and waits until a new job shows: from idle any state will do; after an
   * earlier job, "running" (the earlier job's end state is already on screen).
   */
  async start(): Promise<void> {
    const before = await this.status.getAttribute('data-state');
    await this.button.click();
    await waitForState(this.page, 'run-status', before === 'idle' ? ['running', ...RUN_DONE] : ['running'], 30_000);
  }

  async waitForEnd(timeout = 600_000): Promise<string> {
    return waitForState(this.page, 'run-status', RUN_DONE, timeout);
  }
}
