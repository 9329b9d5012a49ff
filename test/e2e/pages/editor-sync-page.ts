// The editor's answer to a file changed on disk: the conflict bar (keep mine, take the version
// on disk, show the differences in Monaco's diff editor), and the code files opened from the
// files list in the same editor.
import type { Locator, Page } from 'playwright-core';
import type { DomDocument } from './dom.js';

declare const document: DomDocument;

export class EditorSyncPage {
  constructor(readonly page: Page) {}

  get conflict(): Locator {
    return this.page.getByTestId('conflict');
  }

  async waitForConflict(timeout = 15_000): Promise<void> {
    await this.conflict.waitFor({ timeout });
  }

  async waitForNoConflict(timeout = 15_000): Promise<void> {
    await this.conflict.waitFor({ state: 'detached', timeout });
  }

  async keepMine(): Promise<void> {
    await this.page.getByTestId('conflict-keep-mine').click();
    await this.waitForNoConflict();
  }

  async takeTheirs(): Promise<void> {
    await this.page.getByTestId('conflict-take-theirs').click();
    await this.waitForNoConflict();
  }

  /** Opens the diff and returns the text of both sides as Monaco renders them. */
  async showDiff(): Promise<{ original: string; modified: string }> {
    await this.page.getByTestId('conflict-diff').click();
    const view = this.page.getByTestId('conflict-diff-view');
    await view.locator('.monaco-diff-editor .editor.original .view-lines').waitFor({ timeout: 30_000 });
    await this.page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="conflict-diff-view"] .editor.modified .view-lines')?.innerText ?? '')
          .length > 0,
    );
    const side = (which: string): Promise<string> =>
      view
        .locator(`.editor.${which} .view-lines`)
        .innerText()
        .then((t) => t.replace(/\u00a0/g, ' '));
    return { original: await side('original'), modified: await side('modified') };
  }

  /** Opens a file of the files list in the editor. */
  async openFile(rel: string): Promise<void> {
    await this.page.locator(`[data-testid="open-file"][data-path="${rel}"]`).click();
    await this.page.locator(`[data-testid="code-file"][data-path="${rel}"]`).waitFor();
    await this.page.getByTestId('code-editor').locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
  }

  get codeEditor(): Locator {
    return this.page.getByTestId('code-editor');
  }

  /** Waits until the open code file's editor shows `text`. */
  async waitForCode(text: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction(
      (t) =>
        document
          .querySelector('[data-testid="code-editor"] .view-lines')
          ?.innerText.replace(/\u00a0/g, ' ')
          .includes(t) ?? false,
      text,
      { timeout },
    );
  }
}
