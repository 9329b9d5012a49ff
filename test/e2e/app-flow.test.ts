// As a user, in chromium against `kiln ui`: open a copy of the image-enhance example with
// "Open folder…", edit an arg default in Monaco with the keyboard and save with Ctrl+S,
// Build, then Run with an uploaded PNG and the brightness slider, see the output image and
// check its pixels; then switch the UI to 简体中文.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../support/browser.js';
import { writeSolidPng } from '../support/images.js';
import { BuildPage } from './pages/build-page.js';
import type { DomDocument, DomImage } from './pages/dom.js';
import { decodePng, nonce } from './pages/fixtures.js';
import { fill, loadMessages, type MessageKey, type Messages } from './pages/i18n.js';
import { openSession, type Session } from './pages/session.js';
import type { KilnApp } from './pages/kiln-app.js';
import { ManifestPage, positionOf } from './pages/manifest-page.js';
import { RunPage } from './pages/run-page.js';

declare const document: DomDocument;

const NAME = `e2e-enhance-${nonce()}`;
const WIDTH = 64;
const HEIGHT = 48;

let session: Session | undefined;
let work: string;
let folder: string;
let browser: LaunchedBrowser;
let app: KilnApp;
let manifest: ManifestPage;
let buildPage: BuildPage;
let runPage: RunPage;
let en: Messages;
let zhCN: Messages;

beforeAll(async () => {
  ({ en, zhCN } = await loadMessages());
  session = await openSession({
    prefix: 'flow',
    example: { example: 'image-enhance', folder: 'image-enhance', name: NAME },
  });
  ({ work, folder, browser, app } = session);
  manifest = new ManifestPage(browser.page);
  buildPage = new BuildPage(browser.page);
  runPage = new RunPage(browser.page);
});

afterAll(async () => {
  expect(session ? await session.close() : 0).toBe(0);
});

describe('open, edit, build, run, in the browser', () => {
  it('opens the copied example with "Open folder…" and shows kiln.yaml in the editor', async () => {
    expect(browser.page.url()).not.toContain('token='); // traded for the cookie
    await app.waitForEngine(true);
    await app.openFolder(folder, NAME);
    expect(await app.algorithmList.locator('[data-testid^="algorithm-item-"]').count()).toBe(1);
    await app.screenshot('01-algorithms-list');

    await expect(browser.page.locator('.manifest-tab .file-name').textContent()).resolves.toBe('kiln.yaml');
    await manifest.waitForEditor(`name: ${NAME}`);
    const shown = await manifest.visibleText();
    expect(shown).toContain('entry:');
    expect(shown).toContain('brightness: {type: number, default: 1.0');
    expect(await manifest.problemCount()).toBe(0);
    await expect(manifest.saveState.getAttribute('data-state')).resolves.not.toBe('dirty');
    await app.screenshot('02-editor');
  }, 120_000);

  it('edits the brightness default with the keyboard and saves it with Ctrl+S', async () => {
    const file = path.join(folder, 'kiln.yaml');
    const before = readFileSync(file, 'utf8');
    const at = positionOf(before, 'brightness: {type: number, default: 1.0');
    const column = at.column + 'brightness: {type: number, default: '.length;
    await manifest.replaceAt(at.line, column, 3, '1.5');
    await manifest.waitForSaveState('dirty');
    await browser.page.getByTestId('dirty').waitFor();
    // Monaco paints on its next frame: wait for the edited line to be on screen.
    await manifest.waitForEditor('brightness: {type: number, default: 1.5, minimum: 0');
    expect(readFileSync(file, 'utf8')).toBe(before); // nothing written before the save

    await manifest.saveWithKeyboard();
    await manifest.waitForSaveState('saved');
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      before.replace('brightness: {type: number, default: 1.0', 'brightness: {type: number, default: 1.5'),
    );
    await expect(browser.page.getByTestId('dirty').count()).resolves.toBe(0);
    // The parser still finds nothing wrong.
    await browser.page.locator('[data-testid="manifest-problems"][data-count="0"]').waitFor();
  }, 60_000);

  it('builds it: the status says succeeded and the versions table has the version', async () => {
    await app.showTab('build');
    await expect(buildPage.state()).resolves.toBe('idle');
    await buildPage.start();
    const end = await buildPage.waitForEnd(600_000);
    if (end !== 'succeeded') throw new Error(`build ${end}: ${await buildPage.failureText()}`);
    await buildPage.versionRows.first().waitFor();
    expect(await buildPage.versionRows.count()).toBe(1);
    const version = (await buildPage.versionRows.first().getAttribute('data-version')) ?? '';
    expect(version).not.toBe('');
    expect(await buildPage.status.textContent()).toContain(fill(en['build.built'], { version, duration: '' }).trim());
    await app.screenshot('03-build-done');
  }, 660_000);

  it('runs it with an uploaded PNG and the brightness slider, and shows the output image', async () => {
    await app.showTab('run');
    const input = path.join(work, 'grey.png');
    writeSolidPng(input, WIDTH, HEIGHT, [100, 100, 100]);
    await runPage.chooseInput('image', input, 'grey.png');

    // The form was made when the algorithm opened (brightness 1). Nobody touched the field, so
    // after the saved default changed to 1.5 it follows the new default.
    await expect(runPage.arg('brightness').inputValue()).resolves.toBe('1.5');
    await expect(runPage.slider('brightness').inputValue()).resolves.toBe('1.5');
    // Keyboard on the slider: End is the maximum (3), each ArrowLeft one step (0.05) down.
    await runPage.slide('brightness', ['End', ...Array<string>(20).fill('ArrowLeft')]);
    expect(Number(await runPage.slider('brightness').inputValue())).toBeCloseTo(2, 6);
    expect(Number(await runPage.arg('brightness').inputValue())).toBeCloseTo(2, 6);
    await expect(runPage.button.isEnabled()).resolves.toBe(true);

    await runPage.start();
    const end = await runPage.waitForEnd(300_000);
    if (end !== 'succeeded') {
      const why = (await browser.page.getByTestId('run-error').count())
        ? await browser.page.getByTestId('run-error').first().innerText()
        : '';
      throw new Error(`run ${end}: ${await runPage.status.innerText()}\n${why}`);
    }

    const img = runPage.output('image').locator('img');
    await img.waitFor();
    await browser.page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="output-image"] img') as DomImage | null;
      return !!el && el.complete && el.naturalWidth > 0;
    });
    const natural = await img.evaluate((el) => ({
      w: (el as DomImage).naturalWidth,
      h: (el as DomImage).naturalHeight,
    }));
    expect(natural).toEqual({ w: WIDTH, h: HEIGHT });

    // The bytes the page was served (same origin, the bridge's cookie), decoded with pngjs.
    const src = await img.getAttribute('src');
    expect(src).toBeTruthy();
    const base64 = await browser.page.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    }, src!);
    const png = decodePng(Buffer.from(base64, 'base64'));
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    // contrast 1: (100 - 128) * 1 + 128 = 100; brightness 2: 200.
    const distinct = new Set(png.pixels.map((p) => p.join(',')));
    expect([...distinct]).toEqual(['200,200,200,255']);

    // The stats output (JSON) agrees.
    await runPage.output('stats').waitFor();
    await browser.page.waitForFunction(() =>
      /mean_out/.test(document.querySelector('[data-testid="output-stats"]')?.textContent ?? ''),
    );
    expect(await runPage.output('stats').innerText()).toMatch(/mean_out[^0-9]*200/);
    await app.screenshot('04-run-output');
  }, 360_000);

  it('switches to 简体中文: the same screen speaks Chinese, no English left for those labels', async () => {
    await app.setLanguage('zh-CN');
    const page = browser.page;
    const text = async (sel: string): Promise<string> => ((await page.locator(sel).first().innerText()) ?? '').trim();

    // Tabs, the Run button, the form's and panels' titles: exactly the zh-CN strings.
    const checks: Array<[string, MessageKey]> = [
      ['[data-testid="tab-manifest"]', 'tab.manifest'],
      ['[data-testid="tab-build"]', 'tab.build'],
      ['[data-testid="tab-run"]', 'tab.run'],
      ['[data-testid="run"]', 'run.button'],
      ['#run-form-title', 'run.title'],
      ['#run-progress-title', 'run.progress'],
      ['.run-form legend >> nth=0', 'run.inputs'],
      ['.run-form legend >> nth=1', 'run.args'],
      ['[data-testid="open-folder"]', 'action.openFolder'],
      ['[data-testid="new-from-template"]', 'action.newFromTemplate'],
      ['#algorithms-heading', 'sidebar.algorithms'],
    ];
    for (const [sel, key] of checks) {
      const shown = await text(sel);
      expect(shown, `${sel} (${key})`).toBe(zhCN[key]);
      expect(shown).not.toContain(en[key]);
      expect(zhCN[key]).not.toBe(en[key]);
    }
    expect(await text('#outputs-title')).toContain(zhCN['outputs.title']);
    expect(await text('#outputs-title')).not.toContain(en['outputs.title']);
    expect(await text('[data-testid="run-status"] .status-text')).toMatch(
      new RegExp(`^${fill(zhCN['run.succeeded'], { elapsed: '' })}\\S`),
    );
    expect(await text('[data-testid="output-image"] figcaption a')).toBe(zhCN['outputs.download']);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    // Nowhere on the page: the English of what this screen shows.
    const body = await page.locator('body').innerText();
    for (const key of [
      'tab.build',
      'run.input.choose',
      'action.openFolder',
      'action.newFromTemplate',
      'engine.recheck',
      'outputs.download',
      'run.progress',
      'run.version.latest',
    ] as const) {
      expect(body, key).not.toContain(en[key]);
      expect(body, key).toContain(zhCN[key]);
    }
    await app.screenshot('05-zh-CN');

    // Saved on the host: a fresh page load keeps the language.
    await page.reload();
    await page.waitForFunction(
      (t) => document.querySelector('[data-testid="open-folder"]')?.textContent === t,
      zhCN['action.openFolder'],
    );
  }, 120_000);
});
