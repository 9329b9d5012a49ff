// Outputs and history end to end, through `kiln ui`'s bridge on the real engine: a run's
// outputs land in KILN_HOME/outputs/<the run id every front door shows>; the history serves
// recorded inputs for thumbnails; a host path picked with files.list runs like an upload;
// runs.delete takes the run's own files and keeps an upload another run still uses.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostListing, RunRemoval } from '../../shared/api.js';
import type { RunRecord } from '../../shared/records.js';
import { sessionCookie, startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { readPng, writeSolidPng } from '../support/images.js';
import { EXAMPLES, kiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let ui: RunningUi;
let work: string;
let c: WsClient;

beforeAll(async () => {
  home = tempHome();
  work = mkdtempSync(path.join(os.tmpdir(), 'kiln-history-'));
  ui = await startUi(home.home);
  c = await WsClient.connect(ui);
});
afterAll(async () => {
  c?.close();
  expect(await ui.stop()).toBe(0);
  home.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function request(
  method: 'GET' | 'POST',
  pathname: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${ui.origin}${pathname}`,
      { method, headers: { cookie: sessionCookie(ui.token), origin: ui.origin, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function upload(file: string): Promise<string> {
  const r = await request('POST', '/api/uploads', readFileSync(file), { 'x-kiln-filename': path.basename(file) });
  expect(r.status).toBe(200);
  return (JSON.parse(r.body.toString()) as { path: string }).path;
}

async function runWith(input: string, brightness: number): Promise<RunRecord> {
  const { jobId } = await c.call<{ jobId: string }>('run.start', {
    name: 'image-enhance',
    inputs: { image: input },
    args: { brightness },
    gpu: 'none',
  });
  await c.subscribe(jobId, 0);
  const end = await c.waitForEvent((e) => e.jobId === jobId && e.event.type.startsWith('job.'));
  expect(end.event, JSON.stringify(end.event)).toMatchObject({ type: 'job.done' });
  return (end.event as { result: { run: RunRecord } }).result.run;
}

describe('run outputs and history through the bridge', () => {
  it('names output folders after the run id, serves inputs for thumbnails, runs a picked host file, deletes runs', async () => {
    await c.call('algorithms.open', { path: path.join(EXAMPLES, 'image-enhance') });
    const photo = path.join(work, 'photo.png');
    writeSolidPng(photo, 6, 4, [100, 100, 100]);
    // The same file uploaded twice is stored once: two runs share it.
    const uploaded = await upload(photo);
    expect(await upload(photo)).toBe(uploaded);

    const a = await runWith(uploaded, 2);
    const b = await runWith(uploaded, 1.5);
    for (const r of [a, b]) {
      const folder = path.join(home.home, 'outputs', r.id);
      expect(r.outDir).toBe(folder);
      expect(path.basename(r.outDir!)).toBe(r.id);
      expect(r.outputs!.map((o) => path.dirname(o.path))).toEqual(r.outputs!.map(() => folder));
      expect(readdirSync(folder).sort()).toEqual(r.outputs!.map((o) => path.basename(o.path)).sort());
    }
    expect(readPng(path.join(a.outDir!, 'image.png')).pixel(1, 1).slice(0, 3)).toEqual([200, 200, 200]);
    // `kiln runs` shows the same ids as the folder names.
    const cli = await kiln(['runs', 'image-enhance', '--json'], { home: home.home });
    expect(cli.code).toBe(0);
    const listed = (cli.json as { runs: RunRecord[] }).runs;
    expect(listed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(listed.every((r) => path.basename(r.outDir!) === r.id)).toBe(true);

    // The history's thumbnail of an input: the recorded file, nothing else.
    const thumb = await request('GET', `/api/runs/${a.id}/inputs/image`);
    expect(thumb.status).toBe(200);
    expect(thumb.type).toBe('image/png');
    expect(thumb.body.equals(readFileSync(uploaded))).toBe(true);
    expect((await request('GET', `/api/runs/${a.id}/inputs/..%2F..%2Fcatalog.db`)).status).toBe(404);

    // The host file browser: the temp folder is outside the home folder until it is added in Settings.
    await expect(c.call('files.list', { path: work })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await c.call('settings.set', { browseRoots: [work] });
    const listing = await c.call<HostListing>('files.list', { path: work });
    expect(listing.entries).toEqual([expect.objectContaining({ name: 'photo.png', kind: 'file' })]);
    const picked = await runWith(path.join(listing.path, 'photo.png'), 3);
    expect(picked.inputs).toEqual([expect.objectContaining({ key: 'image', path: photo })]);
    expect(readPng(path.join(picked.outDir!, 'image.png')).pixel(1, 1).slice(0, 3)).toEqual([255, 255, 255]);

    // Deleting A: its folder and log go; the upload stays, B still uses it.
    const delA = await c.call<RunRemoval>('runs.delete', { id: a.id });
    expect(delA.kept).toEqual([uploaded]);
    expect(delA.removed.sort()).toEqual(a.outputs!.map((o) => o.path).sort());
    expect(existsSync(a.outDir!)).toBe(false);
    expect(existsSync(a.logPath!)).toBe(false);
    expect(existsSync(uploaded)).toBe(true);
    expect((await request('GET', `/api/runs/${a.id}/outputs/image`)).status).toBe(404);
    await expect(c.call('runs.get', { id: a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(c.call('runs.delete', { id: a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Deleting B with the CLI: now nothing else uses the upload, so it goes too.
    const rm = await kiln(['runs', 'rm', b.id, '--json'], { home: home.home });
    expect(rm.code, rm.stdout + rm.stderr).toBe(0);
    expect(existsSync(uploaded)).toBe(false);
    expect(existsSync(path.dirname(uploaded))).toBe(false);
    expect(existsSync(b.outDir!)).toBe(false);

    // The picked host file is the user's: deleting its run leaves it where it was.
    const delPicked = await c.call<RunRemoval>('runs.delete', { id: picked.id });
    expect(delPicked.kept).toEqual([]);
    expect(existsSync(photo)).toBe(true);
    expect(existsSync(picked.outDir!)).toBe(false);
    expect(await c.call('runs.list', { name: 'image-enhance' })).toEqual([]);
  });
});
