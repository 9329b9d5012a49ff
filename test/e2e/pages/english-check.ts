// Finds English sentences left on a page the user asked to see in Chinese. It collects the
// visible text nodes, leaving out what is not the UI's own words: code (code, pre, kbd, samp),
// Monaco's text area (the file's lines, line numbers), and anything inside [data-literal] (the
// UI marks names, paths, the user's own descriptions and tool output with it). In what is left,
// names, paths and code-like tokens (with / \ . _ = : or digits) and quoted text are taken out,
// and any run of 3 or more English words is a finding.
import type { Page } from 'playwright-core';

export interface EnglishFinding {
  /** The run of English words. */
  words: string;
  /** The whole text node it was in, for the failure message. */
  text: string;
  /** Where it is: the nearest element with a data-testid, or the element's tag and class. */
  where: string;
}

/** Product names of three words or more that stay as they are in any language. */
export const NAMES = ['NVIDIA Container Toolkit', 'Docker Desktop'];

interface WalkNode {
  readonly nodeValue: string | null;
  readonly parentElement: WalkElement | null;
}
interface WalkElement {
  readonly tagName: string;
  readonly className: unknown;
  closest(selector: string): WalkElement | null;
  getAttribute(name: string): string | null;
  getClientRects(): ArrayLike<unknown>;
}
interface WalkDocument {
  readonly body: unknown;
  createTreeWalker(root: unknown, what: number): { nextNode(): WalkNode | null };
}
interface WalkWindow {
  getComputedStyle(el: WalkElement): { visibility: string; display: string };
}

/** Every English sentence on the page now (empty when there is none). */
export async function findEnglish(page: Page, names: readonly string[] = NAMES): Promise<EnglishFinding[]> {
  return page.evaluate((allowed) => {
    const doc = (globalThis as unknown as { document: WalkDocument }).document;
    const win = globalThis as unknown as WalkWindow;
    const SKIP = [
      'code',
      'pre',
      'kbd',
      'samp',
      'script',
      'style',
      'noscript',
      'textarea',
      '[data-literal]',
      '.monaco-editor .view-lines',
      '.monaco-editor .margin',
      '.monaco-editor .inputarea',
      '.monaco-aria-container',
      '[aria-hidden="true"]',
    ].join(',');
    const out: Array<{ words: string; text: string; where: string }> = [];
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? '';
      const el = node.parentElement;
      if (!el || text.trim() === '') continue;
      if (el.closest(SKIP)) continue;
      if (el.getClientRects().length === 0) continue; // not rendered (display: none, detached)
      const style = win.getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      let plain = text;
      for (const name of allowed) plain = plain.split(name).join(' ');
      plain = plain
        .replace(/"[^"]*"|“[^”]*”|'[^']*'/g, ' ')
        .split(/\s+/)
        .map((w) => (/[\\/._=:0-9@#<>{}[\]$|~*+]/.test(w.replace(/[.,;:!?)（）()]+$/, '')) ? ' | ' : w))
        .join(' ');
      const run = /[A-Za-z][A-Za-z'’-]*(?:[\s,]+[A-Za-z][A-Za-z'’-]*){2,}/.exec(plain);
      if (!run) continue;
      const owner = el.closest('[data-testid]');
      out.push({
        words: run[0],
        text: text.trim().slice(0, 200),
        where: owner
          ? `[data-testid="${owner.getAttribute('data-testid') ?? ''}"]`
          : `${el.tagName.toLowerCase()}.${String(el.className)}`,
      });
    }
    return out;
  }, names);
}

/** Throws with every finding, one per line, when the page shows English sentences. */
export async function expectNoEnglish(page: Page, screen: string): Promise<void> {
  const found = await findEnglish(page);
  if (found.length > 0) {
    throw new Error(
      `English on the ${screen} screen in zh-CN:\n${found.map((f) => `  ${f.where}: "${f.words}" in "${f.text}"`).join('\n')}`,
    );
  }
}
