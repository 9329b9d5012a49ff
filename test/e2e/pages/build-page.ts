// The Build & versions tab: the Build button (or why it is disabled), live status, the
// failure box, the versions table.
import type { Locator, Page } from 'playwright-core';
import { waitForState } from './kiln-app.js';

export const BUILD_DONE = ['succeeded', 'failed', 'cancelled'] as const;

export class BuildPage {
  constructor(readonly page: Page) {}

  get button(): Locator {
    return this.page.getByTestId('build');
  }

  get status(): Locator {
    return this.page.getByTestId('build-status');
  }

  get failure(): Locator {
    return this.page.getByTestId('build-failure');
  }

  get blockers(): Locator {
    return this.page.locator('#build-blockers');
  }

  get versionRows(): Locator {
    return this.page.getByTestId('versions-table').locator('tbody tr');
  }

  async state(): Promise<string | null> {
    return this.status.getAttribute('data-state');
  }

  /**
   * Clicks Build and waits until a new job shows: from idle any state will do; after an
   * earlier job, "running" (the earlier job's end state is already on screen).
   */
  async start(): Promise<void> {
    const before = await this.status.getAttribute('data-state');
    await this.button.click();
    await waitForState(this.page, 'build-status', before === 'idle' ? ['running', ...BUILD_DONE] : ['running'], 30_000);
  }

  /** Waits for the build to end; returns succeeded / failed / cancelled. */
  async waitForEnd(timeout = 600_000): Promise<string> {
    return waitForState(this.page, 'build-status', BUILD_DONE, timeout);
  }

  /** What a user reads when it went wrong: the status line and the failure box. */
  async failureText(): Promise<string> {
    const status = (await this.status.textContent()) ?? '';
    const failure = (await this.failure.count()) ? ((await this.failure.innerText()) ?? '') : '';
    return `${status}\n${failure}`.trim();
  }
}
