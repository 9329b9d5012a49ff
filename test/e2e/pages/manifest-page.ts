// The Manifest tab: kiln.yaml in Monaco, edited with the keyboard as a user does, the save
// state, the problems list.
import type { Locator, Page } from 'playwright-core';
import type { DomDocument, DomElement } from './dom.js';

declare const document: DomDocument;

export class ManifestPage {
  constructor(readonly page: Page) {}

  get editor(): Locator {
    return this.page.getByTestId('editor');
  }

  get saveState(): Locator {
    return this.page.getByTestId('save-state');
  }

  get problems(): Locator {
    return this.page.getByTestId('manifest-problems');
  }

  /** Waits for Monaco to be up and to show `expected` somewhere in its text. */
  async waitForEditor(expected: string, timeout = 30_000): Promise<void> {
    await this.editor.locator('.monaco-editor .view-lines').waitFor({ timeout });
    await this.page.waitForFunction(
      (text) =>
        document
          .querySelector('[data-testid="editor"] .view-lines')
          ?.innerText.replace(/\u00a0/g, ' ')
          .includes(text) ?? false,
      expected,
      { timeout },
    );
  }

  /** The lines Monaco renders (all of them for a short file), with its non-breaking spaces made plain. */
  async visibleText(): Promise<string> {
    const lines = await this.editor.locator('.view-lines .view-line').evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat((el as DomElement).style.top || '0'), text: (el as DomElement).innerText }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text.replace(/\u00a0/g, ' ')),
    );
    return lines.join('\n');
  }

  /**
   * Puts the cursor at line:column (1-based) with the keyboard only: Ctrl+Home is line 1
   * column 1, ArrowDown keeps column 1, ArrowRight walks to the column.
   */
  async moveTo(line: number, column: number): Promise<void> {
    await this.editor.locator('.view-lines').click();
    const kb = this.page.keyboard;
    await kb.press('Control+Home');
    for (let i = 1; i < line; i++) await kb.press('ArrowDown');
    for (let i = 1; i < column; i++) await kb.press('ArrowRight');
  }

  /** Selects `length` characters from line:column with Shift+Right and types `text` over them. */
  async replaceAt(line: number, column: number, length: number, text: string): Promise<void> {
    await this.moveTo(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    await this.page.keyboard.type(text);
  }

  /** Ctrl+S in the editor. */
  async saveWithKeyboard(): Promise<void> {
    await this.editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+s');
  }

  async waitForSaveState(state: string, timeout = 15_000): Promise<void> {
    await this.page.locator(`[data-testid="save-state"][data-state="${state}"]`).waitFor({ timeout });
  }

  /** The problems count once the parser has looked at the current text. */
  async problemCount(): Promise<number> {
    return Number(await this.problems.getAttribute('data-count'));
  }
}

/** 1-based line and column of the first `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i]!.indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`"${needle}" is not in the text`);
}
