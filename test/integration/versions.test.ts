// Versions as things to manage, through the CLI on the real engine: `kiln images rm` and
// `kiln prune` remove images and rows but never a version something still uses (saying which),
// an image removed behind Kiln's back shows as missing and is rebuilt, and a folder that
// disappeared is "folder not found".
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker.js';
import { OK_PREDICT, pythonAlgorithm } from '../support/fixtures.js';
import { kiln, startKiln, tempHome } from '../support/kiln-cli.js';

let home: ReturnType<typeof tempHome>;
const dirs: string[] = [];
beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  home.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function imageExists(tag: string): Promise<boolean> {
  return docker(['image', 'inspect', tag]).then(
    () => true,
    () => false,
  );
}

async function buildChanged(dir: string, note: string): Promise<{ version: string; tag: string }> {
  appendFileSync(path.join(dir, 'predict.py'), `\n# ${note}\n`);
  const r = await kiln(['build', dir, '--json'], { home: home.home });
  expect(r.code, r.stderr).toBe(0);
  expect(r.json.reused).toBe(false);
  return { version: r.json.version, tag: r.json.tag };
}

describe('kiln images rm and kiln prune', () => {
  it('remove versions with their images, never one in use, and runs keep the removed version name', async () => {
    const dir = pythonAlgorithm('vers-a', OK_PREDICT);
    dirs.push(dir);
    const v1 = await buildChanged(dir, 'one');
    const v2 = await buildChanged(dir, 'two');
    const v3 = await buildChanged(dir, 'three');

    const listed = await kiln(['images', 'vers-a', '--json'], { home: home.home });
    expect(listed.json.versions.map((v: { version: string; image: string }) => [v.version, v.image])).toEqual([
      [v3.version, 'present'],
      [v2.version, 'present'],
      [v1.version, 'present'],
    ]);

    // Wrong references are refused before anything is removed.
    const noVersion = await kiln(['images', 'rm', 'vers-a', '--json'], { home: home.home });
    expect(noVersion.code).toBe(2);
    expect(noVersion.json.error.message).toBe('say which version of vers-a to remove');
    const wrong = await kiln(['images', 'rm', `vers-a:${v1.version}`, 'vers-a:nope', '--json'], { home: home.home });
    expect(wrong.code).toBe(2);
    expect(wrong.json.error).toMatchObject({ code: 'NOT_FOUND', message: 'vers-a has no version "nope"' });
    expect(await imageExists(v1.tag)).toBe(true);

    // A finished run on v1 does not block it; the run keeps the version's name afterwards.
    const ran = await kiln(['run', `vers-a:${v1.version}`, '--json'], { home: home.home });
    expect(ran.code, ran.stderr).toBe(0);
    const rm1 = await kiln(['images', 'rm', `vers-a:${v1.version}`, '--json'], { home: home.home });
    expect(rm1.code, rm1.stderr).toBe(0);
    expect(rm1.json.removed).toEqual([{ name: 'vers-a', version: v1.version, tag: v1.tag, image: 'removed' }]);
    expect(await imageExists(v1.tag)).toBe(false);
    const runs = await kiln(['runs', 'vers-a', '--json'], { home: home.home });
    expect(runs.json.runs[0]).toMatchObject({ status: 'succeeded', version: v1.version });

    // A served version is in use: refused, naming the container; prune skips it and says why.
    const serve = startKiln(['serve', `vers-a:${v2.version}`], { home: home.home });
    let served = '';
    serve.stdout!.on('data', (c: Buffer) => (served += c.toString()));
    const serveExit = new Promise((resolve) => serve.on('close', resolve));
    const deadline = Date.now() + 60_000;
    while (!served.includes('Serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(served).toContain('Serving');
    try {
      const inUse = await kiln(['images', 'rm', `vers-a:${v2.version}`, '--json'], { home: home.home });
      expect(inUse.code).toBe(2);
      expect(inUse.json.error.code).toBe('IN_USE');
      expect(inUse.json.error.message).toMatch(
        new RegExp(
          `^vers-a:${v2.version} is in use: container kiln-vers-a-s[0-9a-f-]+ serves it \\(kiln process \\d+\\)$`,
        ),
      );
      expect(await imageExists(v2.tag)).toBe(true);

      const pruned = await kiln(['prune', 'vers-a', '--keep', '0', '--json'], { home: home.home });
      expect(pruned.code, pruned.stderr).toBe(0);
      expect(pruned.json.removed.map((r: { version: string }) => r.version)).toEqual([v3.version]);
      expect(pruned.json.kept).toEqual([
        {
          name: 'vers-a',
          version: v2.version,
          reason: 'in use',
          references: [{ kind: 'serve', id: expect.any(String) }],
        },
      ]);
      expect(await imageExists(v3.tag)).toBe(false);
    } finally {
      serve.kill('SIGINT');
      await serveExit;
    }
    const last = await kiln(['prune', 'vers-a', '--keep', '0'], { home: home.home });
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain(`Removed vers-a:${v2.version}`);
    expect((await kiln(['images', 'vers-a', '--json'], { home: home.home })).json.versions).toEqual([]);
    expect(await imageExists(v2.tag)).toBe(false);

    const badKeep = await kiln(['prune', '--keep', 'all', '--json'], { home: home.home });
    expect(badKeep.code).toBe(2);
    expect(badKeep.json.error.message).toBe('--keep all is not a whole number of 0 or more');
  });

  it('prune keeps the newest n of each algorithm', async () => {
    const dir = pythonAlgorithm('vers-keep', OK_PREDICT);
    dirs.push(dir);
    const a = await buildChanged(dir, 'a');
    const b = await buildChanged(dir, 'b');
    const c = await buildChanged(dir, 'c');
    const r = await kiln(['prune', '--keep', '2', '--json'], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.removed.filter((x: { name: string }) => x.name === 'vers-keep')).toEqual([
      { name: 'vers-keep', version: a.version, tag: a.tag, image: 'removed' },
    ]);
    const left = await kiln(['images', 'vers-keep', '--json'], { home: home.home });
    expect(left.json.versions.map((v: { version: string }) => v.version)).toEqual([c.version, b.version]);
    expect(await imageExists(a.tag)).toBe(false);
    expect(await imageExists(b.tag)).toBe(true);
  });
});

describe('an image removed behind Kiln’s back (docker rmi)', () => {
  it('shows as "image missing", and the next build rebuilds it instead of answering reused', async () => {
    const dir = pythonAlgorithm('vers-gone', OK_PREDICT);
    dirs.push(dir);
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    await docker(['rmi', built.json.tag]);

    const listed = await kiln(['images', 'vers-gone'], { home: home.home });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${built.json.version} .* image missing\\n`));
    expect(listed.stdout).toContain('1 image(s) missing from the engine');
    const json = await kiln(['images', 'vers-gone', '--json'], { home: home.home });
    expect(json.json.versions[0]).toMatchObject({ version: built.json.version, image: 'missing' });

    const rebuilt = await kiln(['build', dir, '--json'], { home: home.home });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.json.reused).toBe(false);
    expect(rebuilt.json.contentHash).toBe(built.json.contentHash);
    expect(await imageExists(rebuilt.json.tag)).toBe(true);
    const after = await kiln(['images', 'vers-gone', '--json'], { home: home.home });
    expect(after.json.versions).toEqual([expect.objectContaining({ version: rebuilt.json.version, image: 'present' })]);

    // Removing a version whose image is already gone forgets the row and says so.
    await docker(['rmi', rebuilt.json.tag]);
    const rm = await kiln(['images', 'rm', `vers-gone:${rebuilt.json.version}`, '--json'], { home: home.home });
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.json.removed[0].image).toBe('missing');
  });
});

describe('a folder that disappeared', () => {
  it('is "folder not found" in kiln images and kiln build, never a manifest error', async () => {
    const dir = pythonAlgorithm('vers-moved', OK_PREDICT);
    const built = await kiln(['build', dir, '--json'], { home: home.home });
    expect(built.code, built.stderr).toBe(0);
    rmSync(dir, { recursive: true, force: true });

    const listed = await kiln(['images'], { home: home.home });
    expect(listed.stdout).toMatch(
      new RegExp(`vers-moved .*${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(folder not found\\)`),
    );
    const r = await kiln(['build', dir, '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({
      code: 'NOT_FOUND',
      message: `folder not found: ${dir} (the folder of vers-moved)`,
      messageId: 'algorithms.folderNotFound',
    });
    // Its built version still runs from the image.
    const ran = await kiln(['run', 'vers-moved', '--json'], { home: home.home });
    expect(ran.code, ran.stderr).toBe(0);
  });
});
