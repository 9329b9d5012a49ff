// 简体中文 everywhere, in chromium against `kiln ui` with the real engine: the UI is switched to
// Chinese first, then the main screens (first screen, settings, open folder, the manifest editor
// with Monaco's own widgets, build, run) and the bad-input paths (a folder without kiln.yaml, a
// misspelled key, a missing required input, a bad arg value, a build that fails, an engine that
// does not answer) are walked. On each screen no English sentence may be left that is not a
// name, a path or code (pages/english-check.ts says how that is told apart).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type RunningUi } from '../support/bridge-client.js';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.js';
import { writeSolidPng } from '../support/images.js';
import { tempHome } from '../support/kiln-cli.js';
import { BuildPage } from './pages/build-page.js';
import { expectNoEnglish, findEnglish } from './pages/english-check.js';
import { copyExample, nonce, removeImagesOf } from './pages/fixtures.js';
import { fill, loadMessages, type Messages } from './pages/i18n.js';
import { KilnApp } from './pages/kiln-app.js';
import { ManifestPage, positionOf } from './pages/manifest-page.js';
import { RunPage } from './pages/run-page.js';

let zhCN: Messages;
beforeAll(async () => {
  ({ zhCN } = await loadMessages());
});

describe('the app in 简体中文, screen by screen, with the real engine', () => {
  const TAG = nonce();
  const NAME = `e2e-zh-${TAG}`;
  const BROKEN = `e2e-zh-broken-${TAG}`;
  let home: ReturnType<typeof tempHome>;
  let work: string;
  let folder: string;
  let broken: string;
  let bare: string;
  let input: string;
  let ui: RunningUi;
  let browser: LaunchedBrowser;
  let app: KilnApp;
  let manifest: ManifestPage;

  beforeAll(async () => {
    home = tempHome('kiln-e2e-zh-');
    work = mkdtempSync(path.join(os.tmpdir(), 'kiln-e2e-zh-work-'));
    folder = copyExample('image-convert', work, 'convert', NAME);
    // A build that fails: an apt package that does not exist.
    broken = path.join(work, BROKEN);
    mkdirSync(broken);
    writeFileSync(
      path.join(broken, 'kiln.yaml'),
      [
        `name: ${BROKEN}`,
        'base: debian:bookworm-slim',
        `system_packages: [no-such-package-${TAG}]`,
        'entry:',
        '  command: cp {inputs.data} {outputs.result}',
        'inputs:',
        '  data: {type: json}',
        'outputs:',
        '  result: {type: json}',
        '',
      ].join('\n'),
    );
    bare = path.join(work, 'no-manifest');
    mkdirSync(bare);
    input = path.join(work, 'in.png');
    writeSolidPng(input, 40, 30, [10, 120, 200]);
    ui = await startUi(home.home);
    browser = await launchBrowser();
    app = new KilnApp(browser.page);
    manifest = new ManifestPage(browser.page);
    await app.goto(ui.url);
    await app.waitForEngine(true);
    // Chinese before any editor loads: Monaco reads its messages when it is first loaded.
    await app.setLanguage('zh-CN');
  });

  afterAll(async () => {
    await browser?.close();
    const code = ui ? await ui.stop() : 0;
    await removeImagesOf(NAME);
    await removeImagesOf(BROKEN);
    home?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('the checker finds English where there is some (it can fail)', async () => {
    const page = browser.page;
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { body: { insertAdjacentHTML(w: string, h: string): void } } })
        .document;
      doc.body.insertAdjacentHTML(
        'beforeend',
        '<p id="probe-en">the engine did not answer</p><p id="probe-lit" data-literal>the engine did not answer</p>' +
          '<code id="probe-code">kiln build my folder now</code><p id="probe-path">见 /home/me/my algo folder/x.py</p>',
      );
    });
    const found = await findEnglish(page);
    await page.evaluate(() => {
      const doc = (
        globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ remove(): void }> } }
      ).document;
      for (const el of Array.from(doc.querySelectorAll('#probe-en, #probe-lit, #probe-code, #probe-path'))) el.remove();
    });
    expect(found.map((f) => f.words)).toEqual(['the engine did not answer']);
  });

  it('the first screen, the settings and a folder without kiln.yaml', async () => {
    const page = browser.page;
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expectNoEnglish(page, 'first');

    await page.getByTestId('settings').click();
    await page.getByTestId('settings-dialog').waitFor();
    await expectNoEnglish(page, 'settings');
    await page.keyboard.press('Escape');
    await page.getByTestId('settings-dialog').waitFor({ state: 'detached' });

    await app.openFolderDialog(bare);
    const error = page.locator('[data-testid="open-folder-dialog"] [data-error-code="MANIFEST_NOT_FOUND"]');
    await error.waitFor();
    // What the back end said, in Chinese; the path as it is.
    expect(await error.innerText()).toContain(`${bare} 里没有 kiln.yaml`);
    await expectNoEnglish(page, 'open folder (no kiln.yaml)');
    await app.screenshot('zh-01-no-manifest');
    await page.keyboard.press('Escape');
    await page.getByTestId('open-folder-dialog').waitFor({ state: 'detached' });
  }, 60_000);

  it("the manifest editor: Monaco's own widgets, a misspelled key in the problems list and its marker", async () => {
    const page = browser.page;
    await app.openFolder(folder, NAME);
    await manifest.waitForEditor(`name: ${NAME}`);
    expect(await manifest.problemCount()).toBe(0);
    await expectNoEnglish(page, 'manifest');

    // Monaco's find widget, from its shipped zh-cn messages.
    await manifest.editor.locator('.view-lines').click();
    await page.keyboard.press('Control+f');
    const find = manifest.editor.locator('.find-widget');
    await find.waitFor();
    await expect(find.locator('[aria-label="查找"]').count()).resolves.toBeGreaterThan(0);
    await expect(find.locator('[aria-label="Find"]').count()).resolves.toBe(0);
    await expectNoEnglish(page, 'manifest (find widget)');
    await page.keyboard.press('Escape');

    const text = readFileSync(path.join(folder, 'kiln.yaml'), 'utf8');
    const at = positionOf(text, 'timeout:');
    await manifest.replaceAt(at.line, 1, 'timeout'.length, 'timout');
    await page.locator('[data-testid="manifest-problems"]:not([data-count="0"])').waitFor();
    expect(await manifest.problemCount()).toBe(1);
    const problem = await manifest.problems.locator('li').first().innerText();
    expect(problem).toContain(`${at.line}:1`);
    expect(problem).toContain('未知的键 "timout"');
    expect(problem).toContain(fill(zhCN['editor.didYouMean'], { suggestion: 'timeout' }));
    await expectNoEnglish(page, 'manifest (a problem)');

    // The marker's hover says it in Chinese too.
    const squiggle = manifest.editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ state: 'attached' });
    await squiggle.hover({ force: true });
    const hover = page.locator('.monaco-hover', { hasText: '未知的键' });
    await hover.first().waitFor({ timeout: 10_000 });
    expect(await hover.first().innerText()).not.toContain('unknown key');
    await app.screenshot('zh-02-manifest-problem');

    // Put it back: no problems left.
    await manifest.replaceAt(at.line, 1, 'timout'.length, 'timeout');
    await page.locator('[data-testid="manifest-problems"][data-count="0"]').waitFor();
    await manifest.saveWithKeyboard();
    await manifest.waitForSaveState('saved');
  }, 120_000);

  it('build: the tab, a build that succeeds, and its version', async () => {
    const page = browser.page;
    await app.showTab('build');
    const build = new BuildPage(page);
    await expectNoEnglish(page, 'build (before)');
    await build.start();
    const end = await build.waitForEnd(600_000);
    if (end !== 'succeeded') throw new Error(`build ${end}: ${await build.failureText()}`);
    await build.versionRows.first().waitFor();
    await expectNoEnglish(page, 'build (succeeded)');
    await app.screenshot('zh-03-built');
  }, 660_000);

  it('run: a missing input and a bad arg value block it in Chinese; then it runs', async () => {
    const page = browser.page;
    await app.showTab('run');
    const run = new RunPage(page);
    await run.button.waitFor();
    await expect(run.button.isDisabled()).resolves.toBe(true);
    await run.blockers.filter({ hasText: fill(zhCN['blocked.input'], { key: 'image' }) }).waitFor();
    await expectNoEnglish(page, 'run (no input)');

    await run.chooseInput('image', input, 'in.png');
    await run.arg('width').fill('9000');
    const fieldError = page.locator('.field-error', { hasText: 'width' });
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toContain('width=9000 大于最大值 8192');
    await expectNoEnglish(page, 'run (bad arg)');
    await run.arg('width').fill('20');
    await fieldError.waitFor({ state: 'detached' });

    await run.button.click();
    const end = await run.waitForEnd(120_000);
    expect(end).toBe('succeeded');
    await run.output('image').waitFor();
    await expectNoEnglish(page, 'run (outputs)');
    await app.screenshot('zh-04-run');

    // A run that fails (not an image): its stored error, in the outputs panel and the history
    // row, is said in Chinese from the message id the catalog keeps (the tool's own words inside).
    const bad = path.join(work, 'bad.png');
    writeFileSync(bad, 'not a png');
    await run.chooseInput('image', bad, 'bad.png');
    await run.start();
    expect(await run.waitForEnd(120_000)).toBe('failed');
    const stored = page.locator('[data-testid="run-outputs"] [data-testid="run-error"] .error-message');
    await stored.filter({ hasText: '算法' }).waitFor();
    expect(await stored.innerText()).not.toMatch(/the algorithm (failed|exited)/);
    const row = page.locator('[data-testid="runs-history"] tbody tr').first();
    await row.locator('[data-testid="run-status-cell"][title*="算法"]').waitFor();
    expect(await row.locator('[data-testid="run-status-cell"]').getAttribute('title')).not.toMatch(/^the /);
  }, 180_000);

  it('a build that fails: the step in kiln.yaml terms, in Chinese, with the output as it is', async () => {
    const page = browser.page;
    await app.openFolder(broken, BROKEN);
    await app.showTab('build');
    const build = new BuildPage(page);
    await build.start();
    expect(await build.waitForEnd(600_000)).toBe('failed');
    const box = build.failure.locator('.error-box');
    await box.waitFor();
    const message = await box.locator('.error-message').innerText();
    expect(message).toContain(`安装 system_packages（no-such-package-${TAG}）失败`);
    expect(await box.locator('.error-hint').innerText()).toContain('请检查 system_packages 里的软件包名');
    // apt's own words stay as they are, in their own block (code, not the UI's sentence).
    expect(await build.failure.locator('pre.step-output').innerText()).toContain(`no-such-package-${TAG}`);
    expect(message).not.toContain('Reading package lists');
    await expectNoEnglish(page, 'build (failed)');
    await app.screenshot('zh-05-build-failed');
  }, 660_000);
});

describe('the app in 简体中文 with an engine that does not answer', () => {
  let home: ReturnType<typeof tempHome>;
  let work: string;
  let ui: RunningUi;
  let browser: LaunchedBrowser;
  let app: KilnApp;

  beforeAll(async () => {
    home = tempHome('kiln-e2e-zh-noengine-');
    work = mkdtempSync(path.join(os.tmpdir(), 'kiln-e2e-zh-noengine-'));
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${path.join(work, 'no-engine.sock')}`;
    try {
      ui = await startUi(home.home);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    browser = await launchBrowser();
    app = new KilnApp(browser.page);
    await app.goto(ui.url);
  });

  afterAll(async () => {
    await browser?.close();
    const code = ui ? await ui.stop() : 0;
    home?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('the status bar says what was tried and what to do, in Chinese, the socket path as it is', async () => {
    const page = browser.page;
    await app.waitForEngine(false);
    await app.setLanguage('zh-CN');
    const status = await app.engineStatus.innerText();
    expect(status).toContain('没有 Docker 引擎应答。尝试过：');
    expect(status).toContain(path.join(work, 'no-engine.sock'));
    expect(status).toContain('（不存在）');
    expect(status).toMatch(/请启动 Docker/);
    await expectNoEnglish(page, 'engine unreachable');
    await app.screenshot('zh-06-no-engine');
  }, 60_000);
});
