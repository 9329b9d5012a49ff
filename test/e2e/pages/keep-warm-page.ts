// "Keep warm" on the Run tab: the switch, its state (off/starting/on/stopping) and whether a
// live re-run is waiting, running or pending (data-live busy/idle).
import type { Locator, Page } from 'playwright-core';
import type { DomDocument } from './dom.js';
import { waitForState } from './kiln-app.js';

declare const document: DomDocument;

export class KeepWarmPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('keep-warm');
  }

  get toggle(): Locator {
    return this.page.getByTestId('keep-warm-toggle');
  }

  async state(): Promise<string | null> {
    return this.panel.getAttribute('data-state');
  }

  /** Clicks the switch and waits until the warm container is up ('on'), or the error shown. */
  async turnOn(timeout = 600_000): Promise<string> {
    await this.toggle.click();
    const state = await waitForState(this.page, 'keep-warm', ['on', 'off'], timeout);
    return state;
  }

  async turnOff(timeout = 60_000): Promise<void> {
    await this.toggle.click();
    await waitForState(this.page, 'keep-warm', ['off'], timeout);
  }

  /** Waits until no live re-run is waiting, in flight or pending. */
  async waitForLiveIdle(timeout = 120_000): Promise<void> {
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid="keep-warm"]')?.getAttribute('data-live') === 'idle',
      undefined,
      { timeout, polling: 100 },
    );
  }
}
