// As a user, in chromium against `kiln ui`: kiln.yaml (and a code file) changed on disk by
// another editor or a git checkout while open in Kiln. Unedited in Kiln -> reloaded quietly;
// edited on both sides -> a choice: show the differences, keep mine (Save then replaces the
// disk's version), take the version on disk. Nothing is ever overwritten silently.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../support/browser.js';
import { EditorSyncPage } from './pages/editor-sync-page.js';
import { nonce } from './pages/fixtures.js';
import { fill, loadMessages, type Messages } from './pages/i18n.js';
import { openSession, type Session } from './pages/session.js';
import type { KilnApp } from './pages/kiln-app.js';
import { ManifestPage } from './pages/manifest-page.js';

const NAME = `e2e-sync-${nonce()}`;

let session: Session | undefined;
let folder: string;
let file: string;
let browser: LaunchedBrowser;
let app: KilnApp;
let manifest: ManifestPage;
let sync: EditorSyncPage;
let en: Messages;
let zhCN: Messages;

beforeAll(async () => {
  ({ en, zhCN } = await loadMessages());
  session = await openSession({
    prefix: 'sync',
    example: { example: 'image-enhance', folder: 'image-enhance', name: NAME },
  });
  ({ folder, browser, app } = session);
  file = path.join(folder, 'kiln.yaml');
  manifest = new ManifestPage(browser.page);
  sync = new EditorSyncPage(browser.page);
  await app.openFolder(folder, NAME);
  await manifest.waitForEditor(`name: ${NAME}`);
}, 120_000);

afterAll(async () => {
  expect(session ? await session.close() : 0).toBe(0);
});

/** Types `line` as a new first line of the open editor, with the keyboard. */
async function typeFirstLine(line: string): Promise<void> {
  await manifest.moveTo(1, 1);
  await browser.page.keyboard.type(`${line}\n`);
}

describe('kiln.yaml changed on disk while open in Kiln', () => {
  it('reloads quietly when it was not edited in Kiln', async () => {
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `# checked out from git\n${original}`);
    await manifest.waitForEditor('# checked out from git');
    expect(await sync.conflict.count()).toBe(0);
    await expect(manifest.saveState.getAttribute('data-state')).resolves.not.toBe('dirty');
    expect(readFileSync(file, 'utf8')).toBe(`# checked out from git\n${original}`);
  }, 60_000);

  it('edited on both sides: shows the choice and the diff; keep mine, then Save replaces the disk version', async () => {
    const base = readFileSync(file, 'utf8');
    await typeFirstLine('# mine');
    await manifest.waitForSaveState('dirty');
    writeFileSync(file, `# theirs\n${base}`);

    await sync.waitForConflict();
    await expect(sync.conflict.textContent()).resolves.toContain(
      fill(en['editor.conflict.title'], { file: 'kiln.yaml' }),
    );
    // Save is held while the choice is open: nothing is written.
    await expect(browser.page.getByTestId('save').isDisabled()).resolves.toBe(true);
    const diff = await sync.showDiff();
    expect(diff.original).toContain('# theirs');
    expect(diff.original).not.toContain('# mine');
    expect(diff.modified).toContain('# mine');
    expect(diff.modified).not.toContain('# theirs');
    await app.screenshot('external-edit-conflict');
    expect(readFileSync(file, 'utf8')).toBe(`# theirs\n${base}`);

    await sync.keepMine();
    await manifest.waitForEditor('# mine');
    await manifest.waitForSaveState('dirty');
    await manifest.saveWithKeyboard();
    await manifest.waitForSaveState('saved');
    expect(readFileSync(file, 'utf8')).toBe(`# mine\n${base}`);
  }, 90_000);

  it('edited on both sides: take the version on disk drops the edits', async () => {
    const base = readFileSync(file, 'utf8');
    await typeFirstLine('# mine again');
    await manifest.waitForSaveState('dirty');
    writeFileSync(file, `# theirs again\n${base}`);

    await sync.waitForConflict();
    await sync.takeTheirs();
    await manifest.waitForEditor('# theirs again');
    expect(await manifest.visibleText()).not.toContain('# mine again');
    await expect(manifest.saveState.getAttribute('data-state')).resolves.not.toBe('dirty');
    expect(readFileSync(file, 'utf8')).toBe(`# theirs again\n${base}`);
  }, 90_000);
});

describe('the choice in 简体中文', () => {
  it('says it all in Chinese', async () => {
    await app.setLanguage('zh-CN');
    try {
      const base = readFileSync(file, 'utf8');
      await typeFirstLine('# mine zh');
      await manifest.waitForSaveState('dirty');
      writeFileSync(file, `# theirs zh\n${base}`);
      await sync.waitForConflict();
      const text = (await sync.conflict.textContent()) ?? '';
      expect(text).toContain(fill(zhCN['editor.conflict.title'], { file: 'kiln.yaml' }));
      expect(text).toContain(zhCN['editor.conflict.about']);
      for (const id of ['conflict-keep-mine', 'conflict-take-theirs', 'conflict-diff'])
        expect(await browser.page.getByTestId(id).textContent()).toMatch(/[\u4e00-\u9fff]/);
      // Nothing English in it but the file's name.
      expect(text.replace(/kiln\.yaml/g, '')).not.toMatch(/[A-Za-z]{3,}/);
      await sync.takeTheirs();
      await manifest.waitForEditor('# theirs zh');
    } finally {
      await app.setLanguage('en');
    }
  }, 90_000);
});

describe('a code file in the same editor', () => {
  it('opens predict.py from the files list, notices a change on disk, keeps mine on request', async () => {
    const code = path.join(folder, 'predict.py');
    const base = readFileSync(code, 'utf8');
    await sync.openFile('predict.py');
    await sync.waitForCode(base.split('\n')[0]!);

    // Changed on disk, unedited here: reloaded quietly.
    writeFileSync(code, `# reformatted elsewhere\n${base}`);
    await sync.waitForCode('# reformatted elsewhere');
    expect(await sync.conflict.count()).toBe(0);

    // Edited on both sides: the choice; keep mine, then Save.
    await sync.codeEditor.locator('.view-lines').click();
    await browser.page.keyboard.press('Control+Home');
    await browser.page.keyboard.type('# my tweak\n');
    await browser.page.locator('[data-testid="save-state"][data-state="dirty"]').waitFor();
    writeFileSync(code, `# their tweak\n${base}`);
    await sync.waitForConflict();
    await sync.keepMine();
    await browser.page.getByTestId('save').click();
    await browser.page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    expect(readFileSync(code, 'utf8')).toBe(`# my tweak\n# reformatted elsewhere\n${base}`);

    await browser.page.getByTestId('back-to-manifest').click();
    await manifest.waitForEditor(`name: ${NAME}`);
  }, 90_000);
});
