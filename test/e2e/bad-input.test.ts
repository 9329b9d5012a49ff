// What a user sees when something is wrong, in chromium against `kiln ui`: a folder without
// kiln.yaml, a misspelled key typed in the editor, a run without its required input, the
// engine going away in the middle of a build (and coming back), and the UI's address
// opened without its token.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.js';
import { startEngineProxy, type EngineProxy } from '../support/engine-proxy.js';
import { tempHome } from '../support/kiln-cli.js';
import { BuildPage } from './pages/build-page.js';
import type { DomDocument } from './pages/dom.js';
import { nonce, removeImagesOf } from './pages/fixtures.js';
import { fill, loadMessages, type Messages } from './pages/i18n.js';
import { KilnApp } from './pages/kiln-app.js';
import { ManifestPage, positionOf } from './pages/manifest-page.js';
import { RunPage } from './pages/run-page.js';

declare const document: DomDocument;

let en: Messages;
beforeAll(async () => {
  ({ en } = await loadMessages());
});
/** A JavaScript stack frame as Node prints it: "    at fn (/path/file.js:12:3)". */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|native\)?)$/m;

describe('a folder, a manifest and a run that are not right', () => {
  const NAME = `e2e-bare-${nonce()}`;
  let home: ReturnType<typeof tempHome>;
  let work: string;
  let folder: string;
  let ui: RunningUi;
  let browser: LaunchedBrowser;
  let app: KilnApp;
  let manifest: ManifestPage;

  beforeAll(async () => {
    home = tempHome('kiln-e2e-bad-');
    work = mkdtempSync(path.join(os.tmpdir(), 'kiln-e2e-bad-work-'));
    // A folder with code in it and no kiln.yaml; its name becomes the algorithm's.
    folder = path.join(work, NAME);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'notes.txt'), 'my own file, kept as it is\n');
    ui = await startUi(home.home);
    browser = await launchBrowser();
    app = new KilnApp(browser.page);
    manifest = new ManifestPage(browser.page);
    await app.goto(ui.url);
    await app.waitForEngine(true);
  });

  afterAll(async () => {
    await browser?.close();
    const code = ui ? await ui.stop() : 0;
    home?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('(a) a folder without kiln.yaml: says so, offers to create it there, and opens it', async () => {
    const page = browser.page;
    await app.openFolderDialog(folder);
    const error = page.locator('[data-testid="open-folder-dialog"] [data-error-code="MANIFEST_NOT_FOUND"]');
    await error.waitFor();
    expect(await error.innerText()).toContain(`${folder} has no kiln.yaml`);
    expect(await error.innerText()).toContain(en['open.failed']);
    await expect(page.locator('[data-testid="open-folder-dialog"] .offer').innerText()).resolves.toContain(
      en['open.noManifest'],
    );
    const createHere = page.getByTestId('create-manifest-here');
    await createHere.waitFor();
    expect(await createHere.innerText()).toBe(en['open.createHere']);
    await expect(page.getByTestId('create-manifest-template').inputValue()).resolves.toBe('python');
    expect(existsSync(path.join(folder, 'kiln.yaml'))).toBe(false);
    await app.screenshot('10-no-manifest');

    await createHere.click();
    await page.getByTestId('open-folder-dialog').waitFor({ state: 'detached' });
    await app.algorithmItem(NAME).waitFor();
    await page.locator('#algorithm-title', { hasText: NAME }).waitFor();
    expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toMatch(new RegExp(`^name: ${NAME}$`, 'm'));
    expect(readFileSync(path.join(folder, 'notes.txt'), 'utf8')).toBe('my own file, kept as it is\n');
    await manifest.waitForEditor(`name: ${NAME}`);
    expect(await manifest.problemCount()).toBe(0);
    await expect(page.getByTestId('files').innerText()).resolves.toContain('notes.txt');
  }, 120_000);

  it('(b) a misspelled key typed in the editor: problems, a squiggle on its line, Build disabled with the reason', async () => {
    const page = browser.page;
    const text = readFileSync(path.join(folder, 'kiln.yaml'), 'utf8');
    const at = positionOf(text, 'concurrency:');
    expect(at.column).toBe(1);
    // Select "concurrency" and type a misspelling over it.
    await manifest.replaceAt(at.line, 1, 'concurrency'.length, 'concurrancy');
    await manifest.waitForSaveState('dirty');
    await page.locator('[data-testid="manifest-problems"]:not([data-count="0"])').waitFor();
    expect(await manifest.problemCount()).toBe(1);

    const problem = manifest.problems.locator('li').first();
    const problemText = await problem.innerText();
    expect(problemText).toContain(`${at.line}:1`);
    expect(problemText).toContain('concurrancy');
    expect(problemText).toContain(fill(en['editor.didYouMean'], { suggestion: 'concurrency' }));

    // Monaco's marker: a squiggle under the word, on that line.
    const squiggle = manifest.editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ state: 'attached' });
    const line = manifest.editor.locator('.view-line', { hasText: 'concurrancy' });
    const [sq, ln] = [await squiggle.boundingBox(), await line.boundingBox()];
    expect(sq && ln).toBeTruthy();
    expect(Math.abs(sq!.y + sq!.height / 2 - (ln!.y + ln!.height / 2))).toBeLessThan(ln!.height / 2);
    expect(await manifest.editor.locator('.squiggly-error').count()).toBe(1);
    await app.screenshot('11-manifest-problem');

    await app.showTab('build');
    const build = new BuildPage(page);
    await expect(build.button.isDisabled()).resolves.toBe(true);
    const reason = fill(en['blocked.manifestProblems'], { count: 1 });
    await build.blockers.filter({ hasText: reason }).waitFor();
    expect(await build.button.getAttribute('aria-describedby')).toBe('build-blockers');
    // Ctrl+B does not start it either.
    await page.keyboard.press('Control+b');
    await page.waitForTimeout(500);
    await expect(build.state()).resolves.toBe('idle');
    await app.screenshot('12-build-blocked');

    // Back in the editor the text is still the edited one (nothing lost by switching tabs).
    await app.showTab('manifest');
    await manifest.waitForEditor('concurrancy: 2');
  }, 120_000);

  it('(c) a run without its required input: Run is disabled with the reason, and the shortcut starts nothing', async () => {
    const page = browser.page;
    await app.showTab('run');
    const run = new RunPage(page);
    await run.button.waitFor();
    await expect(run.button.isDisabled()).resolves.toBe(true);
    const reason = fill(en['blocked.input'], { key: 'image' });
    await run.blockers.filter({ hasText: reason }).waitFor();
    expect(await run.button.getAttribute('aria-describedby')).toBe('run-blockers');
    await expect(page.getByTestId('input-image-chosen').count()).resolves.toBe(0);

    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(500);
    await expect(run.status.getAttribute('data-state')).resolves.toBe('idle');
    // Nothing reached Kiln: no job at all for this algorithm.
    const ws = await WsClient.connect(ui);
    try {
      const jobs = await ws.call<Array<{ kind: string }>>('jobs.list', { algorithm: NAME });
      expect(jobs).toEqual([]);
    } finally {
      ws.close();
    }
    await app.screenshot('13-run-blocked');
  }, 60_000);

  it('the UI address without its token answers 401 with the reason, in a browser that has no cookie', async () => {
    const fresh = await launchBrowser();
    try {
      for (const url of [`${ui.origin}/`, `${ui.origin}/?token=not-the-token`]) {
        const res = await fresh.page.goto(url);
        expect(res?.status()).toBe(401);
        const body = await fresh.page.locator('body').innerText();
        // The sign-in page: how to get back in, with this server's port.
        expect(body).toContain('kiln ui --url');
        expect(body).toContain(`kiln ui --url --port ${new URL(ui.origin).port}`);
        expect(await fresh.page.locator('[data-kiln-signin]').count()).toBe(1);
        expect(await fresh.page.getByTestId('algorithm-list').count()).toBe(0);
      }
    } finally {
      await fresh.close();
    }
  }, 60_000);
});

describe('(d) the engine goes away during a build, and comes back', () => {
  const TAG = nonce();
  const NAME = `e2e-slow-${TAG}`;
  let home: ReturnType<typeof tempHome>;
  let work: string;
  let proxy: EngineProxy;
  let ui: RunningUi;
  let browser: LaunchedBrowser;
  let app: KilnApp;

  beforeAll(async () => {
    home = tempHome('kiln-e2e-engine-');
    work = mkdtempSync(path.join(os.tmpdir(), 'kiln-e2e-engine-'));
    proxy = await startEngineProxy(path.join(work, 'proxy.sock'));
    // A build with a real slow step (about 10 s) that no cache can hold: the tag is new each run.
    const folder = path.join(work, NAME);
    mkdirSync(folder);
    writeFileSync(
      path.join(folder, 'kiln.yaml'),
      [
        `name: ${NAME}`,
        'description: A build with a slow step, for the engine to vanish in the middle of it.',
        'base: debian:bookworm-slim',
        'build:',
        `  - "sleep 0 && apt-get --version >/dev/null && echo build ${TAG} && for i in $(seq 1 40); do echo step $i; sleep 0.25; done"`,
        'entry:',
        '  command: cp {inputs.data} {outputs.result}',
        'inputs:',
        '  data: {type: json}',
        'outputs:',
        '  result: {type: json}',
        'timeout: 30',
        '',
      ].join('\n'),
    );
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = proxy.dockerHost;
    try {
      ui = await startUi(home.home);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    browser = await launchBrowser();
    app = new KilnApp(browser.page);
    await app.goto(ui.url);
    await app.waitForEngine(true);
    await app.openFolder(folder, NAME);
  });

  afterAll(async () => {
    await browser?.close();
    const code = ui ? await ui.stop() : 0;
    await proxy?.stop();
    await removeImagesOf(NAME);
    home?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it('fails the build with a clear message, shows the engine unreachable, then recovers and builds', async () => {
    const page = browser.page;
    const build = new BuildPage(page);
    await app.showTab('build');
    // The status bar names the proxy: Kiln really talks through it.
    expect(await app.engineStatus.getAttribute('title')).toContain(proxy.path);

    await build.start();
    // Wait until the slow step is under way (its own output is streaming), then pull the plug.
    await page.waitForFunction(
      () => /^step \d+$/m.test(document.querySelector('.build-panel [data-testid="log-view"]')?.innerText ?? ''),
      undefined,
      {
        timeout: 300_000,
        polling: 100,
      },
    );
    await page.waitForTimeout(1_000);
    expect(await build.state()).toBe('running');
    await proxy.stop();
    const stoppedAt = Date.now();

    expect(await build.waitForEnd(60_000)).toBe('failed');
    const failedAfterMs = Date.now() - stoppedAt;
    const text = await build.failureText();
    const box = build.failure.locator('.error-box');
    await box.waitFor();
    const code = await box.getAttribute('data-error-code');
    const message = (await box.locator('.error-message').innerText()).trim();
    console.log(`build failed ${failedAfterMs} ms after the engine went away: [${code}] ${message}`);
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(/\bat (async )?\w+ \(|node:internal|\.js:\d+:\d+/);
    expect(code).toMatch(/^ENGINE_/);

    // The status bar says the engine is unreachable, by itself.
    await app.waitForEngine(false, 15_000);
    expect(await app.engineStatus.innerText()).toMatch(/unreachable/i);
    await expect(build.button.isDisabled()).resolves.toBe(true);
    await build.blockers.filter({ hasText: en['blocked.engine'] }).waitFor();
    await app.screenshot('14-engine-gone');

    // The engine comes back: the UI notices within the poll interval, and a new build works.
    await proxy.start();
    const back = Date.now();
    await app.waitForEngine(true, 15_000);
    console.log(`engine seen reachable again ${Date.now() - back} ms after it came back`);
    await expect(build.button.isEnabled()).resolves.toBe(true);
    await build.start();
    const end = await build.waitForEnd(300_000);
    if (end !== 'succeeded') throw new Error(`rebuild ${end}: ${await build.failureText()}`);
    await build.versionRows.first().waitFor();
    expect(await build.versionRows.count()).toBe(1);
    await app.screenshot('15-engine-back');
  }, 600_000);
});
