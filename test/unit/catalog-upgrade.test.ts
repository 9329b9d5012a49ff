// A catalog written by an earlier Kiln (a real file, test/unit/fixtures/catalog/README.md says
// how it was made) opens with today's Catalog: migrated to the latest schema, every record read
// back as it was written, and writable afterwards.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../electron/services/catalog/catalog.js';
import { MIGRATIONS } from '../../electron/services/catalog/domains.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'catalog');

let home: string;
let catalog: Catalog | undefined;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kiln-upgrade-'));
});
afterEach(() => {
  catalog?.close();
  catalog = undefined;
  rmSync(home, { recursive: true, force: true });
});

/** Copies a fixture in as KILN_HOME/catalog.db (the fixture itself is never opened for writing). */
function openFixture(file: string): Catalog {
  copyFileSync(path.join(FIXTURES, file), path.join(home, 'catalog.db'));
  catalog = Catalog.open(home);
  return catalog;
}

describe('a catalog written by main at 82be6a1 (schema 1)', () => {
  it('migrates to the latest schema', () => {
    const c = openFixture('main-82be6a1.db');
    expect(c.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('reads its algorithm, build, version and run as they were written', () => {
    const c = openFixture('main-82be6a1.db');
    expect(c.listAlgorithms().map((a) => [a.name, a.path])).toEqual([
      ['fixture-enhance', '/tmp/kiln-fixture/algos/fixture-enhance'],
    ]);

    const versions = c.listVersions('fixture-enhance');
    expect(versions).toHaveLength(1);
    const v = versions[0]!;
    expect(v).toMatchObject({
      algorithm: 'fixture-enhance',
      version: '20261202-184821-0730bd7c63b5',
      tag: 'kiln/fixture-enhance:20261202-184821-0730bd7c63b5',
      contentHash: '0730bd7c63b58644afa48f3e2a3d62dba58be457f4aa5c252948cd95b0219064',
      sizeBytes: 241436279,
      buildId: '0b55da57-5d84-41ed-a272-f7df0686c60a',
    });
    // The manifest stored with the version parses back into the schema's shape.
    expect(v.manifest.name).toBe('fixture-enhance');
    expect(Object.keys(v.manifest.args).sort()).toEqual(['brightness', 'contrast', 'mode', 'sharpen']);
    expect(c.getVersion('fixture-enhance', '20261202-184821-0730bd7c63b5')?.id).toBe(v.id);

    const builds = c.listBuildsFor('fixture-enhance');
    expect(builds.map((b) => [b.id, b.status, b.durationMs])).toEqual([
      ['0b55da57-5d84-41ed-a272-f7df0686c60a', 'succeeded', 2823],
    ]);

    const runs = c.listRuns('fixture-enhance');
    expect(runs.map((r) => r.id)).toEqual(['r20261202-184835-1f0637']);
    const run = c.getRun('r20261202-184835-1f0637')!;
    expect(run).toMatchObject({
      algorithm: 'fixture-enhance',
      version: '20261202-184821-0730bd7c63b5',
      status: 'succeeded',
      args: { brightness: 1.2, sharpen: true, contrast: 1, mode: 'rgb' },
      inputs: [{ key: 'image', path: '/tmp/kiln-fixture/in.png' }],
      outDir: '/tmp/kiln-fixture/out',
    });
    // Written before schema 3: no stored message id, so the UI shows the English text as it was.
    expect(run).toMatchObject({ errorMessageId: null, errorParams: null });
    expect(builds[0]).toMatchObject({ errorMessageId: null, errorParams: null });
    expect((run.outputs ?? []).map((o) => [o.key, o.size, o.sha256])).toEqual([
      ['image', 77, '485e9a0aca01a9c1e4d7589b2ea262367c84c487e3b76103eb8e10ec37d0e86f'],
      ['stats', 62, '8bd7c229deece8e82f439fdab271d79e3be0a1f55d1724bca7a3b73704016afd'],
    ]);
    expect(c.lastRunStatus('fixture-enhance')).toBe('succeeded');
  });

  it('takes new records after the upgrade, and reopens without migrating again', () => {
    const c = openFixture('main-82be6a1.db');
    c.upsertAlgorithm('after-upgrade', '/tmp/after-upgrade');
    c.close();
    catalog = Catalog.open(home);
    expect(catalog.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(
      catalog
        .listAlgorithms()
        .map((a) => a.name)
        .sort(),
    ).toEqual(['after-upgrade', 'fixture-enhance']);
    expect(catalog.listRuns('fixture-enhance')).toHaveLength(1);
  });
});
