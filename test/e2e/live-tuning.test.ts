// Live tuning, as a user, in chromium against `kiln ui` and the real engine: open a copy of the
// image-enhance example, choose an input, turn on "Keep warm", move the brightness slider
// several times quickly: the output image shown has the pixels of the LAST value, every run
// was warm on one served container whose setup ran once, and the runs did not pile up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/records.js';
import type { ServedInfo } from '../../shared/api.js';
import type { WsClient } from '../support/bridge-client.js';
import type { LaunchedBrowser } from '../support/browser.js';
import { docker } from '../support/docker.js';
import { writeSolidPng } from '../support/images.js';
import type { DomDocument, DomImage } from './pages/dom.js';
import { decodePng, nonce } from './pages/fixtures.js';
import { KeepWarmPage } from './pages/keep-warm-page.js';
import { openSession, type Session } from './pages/session.js';
import { waitForState, type KilnApp } from './pages/kiln-app.js';
import { RunPage } from './pages/run-page.js';

declare const document: DomDocument;

const NAME = `e2e-live-${nonce()}`;
const WIDTH = 16;
const HEIGHT = 12;

let session: Session | undefined;
let work: string;
let folder: string;
let api: WsClient;
let browser: LaunchedBrowser;
let app: KilnApp;
let runPage: RunPage;
let warm: KeepWarmPage;

async function servedContainers(): Promise<string[]> {
  const out = await docker([
    'ps',
    '-a',
    '-q',
    '--no-trunc',
    '--filter',
    `label=kiln.name=${NAME}`,
    '--filter',
    'label=kiln.role=serve',
  ]);
  return out ? out.split('\n') : [];
}

/** The pixels of the output image the page shows, as the page was served them. */
async function shownImage(): Promise<{ src: string; distinct: string[] }> {
  await browser.page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="output-image"] img') as DomImage | null;
    return !!el && el.complete && el.naturalWidth > 0;
  });
  const src = (await runPage.output('image').locator('img').getAttribute('src')) ?? '';
  const base64 = await browser.page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, src);
  const png = decodePng(Buffer.from(base64, 'base64'));
  return { src, distinct: [...new Set(png.pixels.map((p) => p.join(',')))] };
}

beforeAll(async () => {
  session = await openSession({
    prefix: 'live',
    example: { example: 'image-enhance', folder: 'image-enhance', name: NAME },
  });
  ({ work, folder, api, browser, app } = session);
  runPage = new RunPage(browser.page);
  warm = new KeepWarmPage(browser.page);
});

afterAll(async () => {
  for (const id of await servedContainers()) await docker(['rm', '-f', id]).catch(() => undefined);
  expect(session ? await session.close() : 0).toBe(0);
});

describe('live tuning on a warm container, in the browser', () => {
  it('re-runs on the warm container as the slider moves; the output shows the last value', async () => {
    await app.waitForEngine(true);
    await app.openFolder(folder, NAME);
    await app.showTab('run');
    const input = path.join(work, 'grey.png');
    writeSolidPng(input, WIDTH, HEIGHT, [100, 100, 100]);
    await runPage.chooseInput('image', input, 'grey.png');

    // Outputs come first on the Run screen, above the status and its log.
    const order = await browser.page.evaluate(() => {
      const side = document.querySelector('.run-side');
      const outputs = document.querySelector('[data-testid="run-outputs"]');
      const status = document.querySelector('[data-testid="run-status"]');
      const all = side ? Array.from(document.querySelectorAll('.run-side [data-testid]')) : [];
      return [all.indexOf(outputs!), all.indexOf(status!)];
    });
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[0]).toBeLessThan(order[1]!);

    // Keep warm: the version is built (nothing built yet) and served once.
    expect(await warm.state()).toBe('off');
    const state = await warm.turnOn();
    if (state !== 'on') throw new Error(`keep warm: ${await warm.panel.innerText()}`);
    const { served } = await api.call<{ served: ServedInfo }>('serve.status', { name: NAME });
    expect(served).not.toBeNull();
    expect(await servedContainers()).toEqual([served.containerId]);
    // Turned on, it runs the current inputs at once (brightness 1: the grey stays 100).
    await warm.waitForLiveIdle();
    await runPage.waitForEnd(120_000);
    expect((await shownImage()).distinct).toEqual(['100,100,100,255']);

    // Moves of the slider in quick bursts (End = 3, each ArrowLeft one 0.05 step down),
    // the last one ending at 1.5 while earlier calls may still be running.
    const presses: string[][] = [
      ['End', ...Array<string>(10).fill('ArrowLeft')],
      Array<string>(10).fill('ArrowLeft'),
      Array<string>(10).fill('ArrowLeft'),
    ];
    const before = (await api.call<RunRecord[]>('runs.list', { name: NAME })).length;
    for (const [i, keys] of presses.entries()) {
      await runPage.slide('brightness', keys);
      if (i === 0) {
        // A live call is on its way (waiting out the debounce or running).
        await browser.page.waitForFunction(
          () => document.querySelector('[data-testid="keep-warm"]')?.getAttribute('data-live') === 'busy',
        );
      }
    }
    expect(Number(await runPage.arg('brightness').inputValue())).toBeCloseTo(1.5, 6);
    await warm.waitForLiveIdle();
    await runPage.waitForEnd(120_000);

    const runs = await api.call<RunRecord[]>('runs.list', { name: NAME });
    const live = runs.slice(0, runs.length - before);
    const keyPresses = presses.flat().length;
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThan(keyPresses); // debounced: not one run per key press
    // Newest first: the last run has the last value, and it is the one on screen.
    expect(live[0]!.args['brightness']).toBeCloseTo(1.5, 6);
    const shownId = await runPage.page.getByTestId('run-outputs').getAttribute('data-run-id');
    expect(shownId).toBe(live[0]!.id);
    for (const r of runs) {
      expect(r).toMatchObject({ status: 'succeeded', warm: true, containerId: served.containerId });
      expect(r.version).toBe(served.version);
    }
    // contrast 1: (100 - 128) * 1 + 128 = 100; brightness 1.5: 150.
    const image = await shownImage();
    expect(image.src).toContain(live[0]!.id);
    expect(image.distinct).toEqual(['150,150,150,255']);

    // One container answered every call, and its setup ran once.
    expect(await servedContainers()).toEqual([served.containerId]);
    const metrics = await fetch(`${served.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(new RegExp(`^kiln_calls_total ${runs.length}$`, 'm'));
    const ready = readFileSync(served.logPath, 'utf8')
      .split('\n')
      .filter((l) => /"msg": "ready"/.test(l));
    expect(ready).toHaveLength(1);
    await app.screenshot('live-01-warm-output');

    // Off: the served container is stopped and removed.
    await warm.turnOff();
    expect(await servedContainers()).toEqual([]);
    expect(await api.call('serve.status', { name: NAME })).toEqual({ served: null });
  }, 900_000);

  it('the shortcut list (?) and the command palette (Ctrl+K) list the actions; Keep warm from the palette', async () => {
    const page = browser.page;
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus out of any field
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-list').waitFor();
    expect(await page.getByTestId('shortcut-build').innerText()).toContain('Ctrl+B');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-list').waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').waitFor();
    await page.keyboard.type('keep warm');
    expect(await page.locator('[data-testid="command-palette"] [role="option"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('command-palette').waitFor({ state: 'detached' });
    const state = await waitForState(page, 'keep-warm', ['on', 'off'], 300_000);
    if (state !== 'on') throw new Error(`keep warm: ${await warm.panel.innerText()}`);
    expect(await servedContainers()).toHaveLength(1);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('keep warm');
    await page.keyboard.press('Enter');
    await waitForState(page, 'keep-warm', ['off'], 60_000);
    expect(await servedContainers()).toEqual([]);
  }, 600_000);
});
