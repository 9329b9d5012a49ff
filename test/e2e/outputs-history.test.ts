// Outputs and history as a user, in chromium against `kiln ui` and the real engine: the folder
// and the input are picked on the host with the file browser (no upload), the run's outputs
// folder is named after the run id and "Copy path" puts it on the clipboard (loopback http is a
// secure context), the history shows a thumbnail of the input, and Delete removes the run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/records.js';
import type { RunningUi, WsClient } from '../support/bridge-client.js';
import type { LaunchedBrowser } from '../support/browser.js';
import { writeSolidPng } from '../support/images.js';
import type { DomDocument, DomImage } from './pages/dom.js';
import { nonce } from './pages/fixtures.js';
import { openSession, type Session } from './pages/session.js';
import type { KilnApp } from './pages/kiln-app.js';
import { RunPage } from './pages/run-page.js';

declare const document: DomDocument;
declare const navigator: { clipboard: { readText(): Promise<string> } };

const NAME = `e2e-hist-${nonce()}`;

let session: Session | undefined;
let home: string;
let work: string;
let folder: string;
let ui: RunningUi;
let api: WsClient;
let browser: LaunchedBrowser;
let app: KilnApp;
let runPage: RunPage;

beforeAll(async () => {
  session = await openSession({
    prefix: 'hist',
    example: { example: 'image-enhance', folder: 'algo', name: NAME },
    browseWork: true,
  });
  ({ home, work, folder, ui, api, browser, app } = session);
  writeSolidPng(path.join(work, 'grey.png'), 8, 6, [100, 100, 100]);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.origin });
  runPage = new RunPage(browser.page);
});

afterAll(async () => {
  expect(session ? await session.close() : 0).toBe(0);
});

describe('outputs and history in the browser', () => {
  it('picks host files, shows and copies the output folder, thumbnails the input, deletes the run', async () => {
    const page = browser.page;
    await app.waitForEngine(true);

    // Open folder -> Browse… -> the added folder -> "algo" -> Choose this folder -> Open.
    await page.getByTestId('open-folder').click();
    await page.getByTestId('open-folder-browse').click();
    const picker = page.getByTestId('host-file-picker');
    await picker.getByRole('button', { name: path.basename(work) }).click();
    await picker.locator('[data-name="algo"]').waitFor();
    await picker.locator('[data-name="algo"]').click();
    await page.getByTestId('picker-choose').click();
    await picker.waitFor({ state: 'detached' });
    expect(await page.getByTestId('open-folder-path').inputValue()).toBe(folder);
    await page.getByTestId('open-folder-submit').click();
    await app.algorithmItem(NAME).waitFor();
    await app.showTab('run');

    // The input: Browse the host… -> keyboard only: the added folder, down to grey.png, Enter.
    await page.getByTestId('browse-image').click();
    await picker.getByRole('button', { name: path.basename(work) }).click();
    await picker.locator('[data-name="grey.png"]').waitFor();
    const list = page.getByTestId('picker-list');
    await list.focus();
    await page.keyboard.press('End'); // folders first: the one image file is last
    await app.screenshot('history-00-picker');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await page.getByTestId('input-image-chosen').filter({ hasText: 'grey.png' }).waitFor();

    await runPage.start();
    expect(await runPage.waitForEnd(600_000)).toBe('succeeded');
    const outputs = page.getByTestId('run-outputs');
    const runId = (await outputs.getAttribute('data-run-id'))!;
    const [run] = await api.call<RunRecord[]>('runs.list', { name: NAME });
    expect(run).toMatchObject({ id: runId, inputs: [expect.objectContaining({ path: path.join(work, 'grey.png') })] });
    const shownDir = await page.getByTestId('output-dir').inputValue();
    expect(shownDir).toBe(path.join(home, 'outputs', runId));
    expect(existsSync(path.join(shownDir, 'image.png'))).toBe(true);
    // Browser mode: no "Show in folder" (there is no file manager to show it in from here).
    expect(await page.getByTestId('show-output-folder').count()).toBe(0);
    await page.getByTestId('copy-output-path').click();
    await page.getByText('Path copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shownDir);

    // The history row: the input's name and a thumbnail the bridge served from the recorded path.
    const row = page.locator(`[data-testid="runs-history"] tr[data-run-id="${runId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('run-inputs').innerText()).toContain('image: grey.png');
    await page.waitForFunction((id) => {
      const img = document.querySelector(`tr[data-run-id="${id}"] [data-testid="run-inputs"] img`) as DomImage | null;
      return !!img && img.complete && img.naturalWidth === 8;
    }, runId);
    await row.scrollIntoViewIfNeeded();
    await app.screenshot('history-01-run');

    await row.getByTestId('run-delete').click();
    await row.getByTestId('run-delete-confirm').click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('history-notice').filter({ hasText: runId }).waitFor();
    expect(existsSync(shownDir)).toBe(false);
    expect(existsSync(path.join(work, 'grey.png'))).toBe(true); // the user's own file stays
    expect(await api.call('runs.list', { name: NAME })).toEqual([]);
  }, 900_000);
});
