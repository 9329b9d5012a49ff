// Managing algorithms through the bridge (`kiln ui`, the app's API) on the real engine:
// rename edits kiln.yaml's name: line (conditionally) and keeps the history, remove forgets
// (optionally with images), versions.list notices an image removed behind Kiln's back, and a
// folder that disappeared is "folder not found".
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, WsClient, type RunningUi } from '../support/bridge-client.js';
import { docker } from '../support/docker.js';
import { OK_PREDICT, pythonAlgorithm } from '../support/fixtures.js';
import { kiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
let ui: RunningUi;
let c: WsClient;
const dirs: string[] = [];
beforeAll(async () => {
  home = tempHome();
  ui = await startUi(home.home);
  c = await WsClient.connect(ui);
});
afterAll(async () => {
  c.close();
  await ui.stop();
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const imageExists = (tag: string): Promise<boolean> =>
  docker(['image', 'inspect', tag]).then(
    () => true,
    () => false,
  );

describe('algorithms.rename', () => {
  it('changes the name: line, keeps comments, versions and runs, and refuses a stale expectation', async () => {
    const dir = pythonAlgorithm('adm-old', OK_PREDICT);
    dirs.push(dir);
    const file = path.join(dir, 'kiln.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: adm-old', 'name: adm-old  # the team name'));
    const opened = await c.call('algorithms.open', { path: dir });
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    const ran = await kiln(['run', 'adm-old', '--json'], { home: home.home });
    expect(ran.code, ran.stderr).toBe(0);

    // Someone else edited kiln.yaml since the app loaded it: a conflict, nothing written.
    writeFileSync(file, `${readFileSync(file, 'utf8')}# edited elsewhere\n`);
    await expect(
      c.call('algorithms.rename', { name: 'adm-old', to: 'adm-new', expected: opened.manifestSha256 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(file, 'utf8')).toContain('name: adm-old  # the team name');

    await expect(c.call('algorithms.rename', { name: 'adm-old', to: 'Bad Name' })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'cannot rename adm-old to "Bad Name": not an algorithm name',
    });

    const renamed = await c.call('algorithms.rename', { name: 'adm-old', to: 'adm-new' });
    expect(renamed.name).toBe('adm-new');
    expect(readFileSync(file, 'utf8')).toContain('name: adm-new  # the team name\n');
    const list = await c.call('algorithms.list', {});
    expect(list.map((a: { name: string }) => a.name)).toEqual(['adm-new']);
    const versions = await c.call('versions.list', { name: 'adm-new' });
    expect(versions.map((v: { version: string }) => v.version)).toEqual([built.json.version]);
    const runs = await c.call('runs.list', { name: 'adm-new' });
    expect(runs.map((r: { id: string }) => r.id)).toEqual([ran.json.run]);
    // The next build of the folder goes on under the new name.
    const next = await kiln(['build', dir, '--json'], { home: home.home });
    expect(next.code, next.stderr).toBe(0);
    expect(next.json.name).toBe('adm-new');

    // A name another algorithm has is refused, naming it.
    const other = pythonAlgorithm('adm-other', OK_PREDICT);
    dirs.push(other);
    await c.call('algorithms.open', { path: other });
    await expect(c.call('algorithms.rename', { name: 'adm-other', to: 'adm-new' })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: `cannot rename adm-other to adm-new: an algorithm named adm-new already exists (${dir})`,
    });
  });
});

describe('algorithms.remove and versions', () => {
  it('versions.list says "missing" after docker rmi; remove with images removes them, the folder stays', async () => {
    const dir = pythonAlgorithm('adm-rm', OK_PREDICT);
    dirs.push(dir);
    await c.call('algorithms.open', { path: dir });
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    writeFileSync(path.join(dir, 'extra.txt'), 'second version');
    const second = await kiln(['build', dir, '--json'], { home: home.home });
    expect(second.code, second.stderr).toBe(0);

    expect((await c.call('versions.list', { name: 'adm-rm' })).map((v: { image: string }) => v.image)).toEqual([
      'present',
      'present',
    ]);
    await docker(['rmi', built.json.tag]);
    expect((await c.call('versions.list', { name: 'adm-rm' })).map((v: { image: string }) => v.image)).toEqual([
      'present',
      'missing',
    ]);

    const removed = await c.call('algorithms.remove', { name: 'adm-rm', removeImages: true });
    expect(removed.removed).toBe(true);
    expect(removed.images.map((r: { version: string; image: string }) => [r.version, r.image])).toEqual([
      [second.json.version, 'removed'],
      [built.json.version, 'missing'],
    ]);
    expect(await imageExists(second.json.tag)).toBe(false);
    expect(readFileSync(path.join(dir, 'kiln.yaml'), 'utf8')).toContain('name: adm-rm');
    expect((await c.call('algorithms.list', {})).some((a: { name: string }) => a.name === 'adm-rm')).toBe(false);
  });

  it('versions.remove refuses an unknown version and removes a known one', async () => {
    const dir = pythonAlgorithm('adm-ver', OK_PREDICT);
    dirs.push(dir);
    await c.call('algorithms.open', { path: dir });
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    await expect(c.call('versions.remove', { name: 'adm-ver', version: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'adm-ver has no version "nope"',
    });
    const r = await c.call('versions.remove', { name: 'adm-ver', version: built.json.version });
    expect(r).toEqual({ name: 'adm-ver', version: built.json.version, tag: built.json.tag, image: 'removed' });
    expect(await c.call('versions.list', { name: 'adm-ver' })).toEqual([]);
  });
});

describe('a folder that disappeared', () => {
  it('is listed with problemKind folder-not-found, and algorithms.get and build.start say "folder not found"', async () => {
    const dir = pythonAlgorithm('adm-gone', OK_PREDICT);
    await c.call('algorithms.open', { path: dir });
    rmSync(dir, { recursive: true, force: true });
    const list = await c.call('algorithms.list', {});
    expect(list.find((a: { name: string }) => a.name === 'adm-gone')).toMatchObject({
      problem: 'folder not found',
      problemKind: 'folder-not-found',
    });
    const expected = {
      code: 'NOT_FOUND',
      message: `folder not found: ${dir} (the folder of adm-gone)`,
    };
    await expect(c.call('algorithms.get', { name: 'adm-gone' })).rejects.toMatchObject(expected);
    await expect(c.call('build.start', { name: 'adm-gone' })).rejects.toMatchObject(expected);
    expect((await c.call('algorithms.remove', { name: 'adm-gone' })).removed).toBe(true);
  });
});
