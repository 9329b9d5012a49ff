import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../electron/services/catalog/catalog.js';
import { MIGRATIONS } from '../../electron/services/catalog/migrations.js';
import { currentProcess } from '../../electron/services/process-identity.js';
import { parseManifest } from '../../shared/manifest/parse.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kiln-cat-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const manifest = (() => {
  const r = parseManifest('name: demo\nentry: {python: p.py:P}\noutputs: {o: {type: json}}\n');
  if (!r.ok) throw new Error('bad');
  return r.manifest;
})();

/** A pid that existed and is gone now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('Catalog', () => {
  it('migrates to the latest version in WAL mode, and re-opening is a no-op', () => {
    const c = Catalog.open(home);
    expect(c.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    c.close();
    const again = Catalog.open(home);
    expect(again.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    again.close();
  });

  it('stores versions newest first and finds them by content hash and version', () => {
    const c = Catalog.open(home);
    const a = c.upsertAlgorithm('demo', '/src/demo');
    for (const [i, hash] of ['aaa', 'bbb'].entries()) {
      c.addVersion({
        algorithmId: a.id,
        version: `2026010${i}-000000-${hash}`,
        tag: `kiln/demo:${hash}`,
        imageId: `sha256:${hash}`,
        contentHash: hash,
        sizeBytes: 100 + i,
        manifest,
        sourcePath: '/src/demo',
        buildId: null,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      });
    }
    expect(c.listVersions('demo').map((v) => v.contentHash)).toEqual(['bbb', 'aaa']);
    expect(c.findVersionByHash(a.id, 'aaa')?.tag).toBe('kiln/demo:aaa');
    expect(c.getVersion('demo')?.contentHash).toBe('bbb');
    expect(c.getVersion('demo', '20260100-000000-aaa')?.contentHash).toBe('aaa');
    expect(c.getVersion('demo', 'aa')?.contentHash).toBe('aaa');
    expect(c.getVersion('demo')?.manifest.name).toBe('demo');
    c.close();
  });

  it('marks builds and runs whose owner died as aborted on the next open, and leaves live ones running', () => {
    const c = Catalog.open(home);
    const a = c.upsertAlgorithm('demo', '/src/demo');
    c.startBuild({
      id: 'dead',
      algorithmId: a.id,
      sourcePath: '/src/demo',
      owner: { pid: deadPid(), start: null },
      logPath: '/tmp/x',
    });
    c.startBuild({
      id: 'live',
      algorithmId: a.id,
      sourcePath: '/src/demo',
      owner: currentProcess(),
      logPath: '/tmp/y',
    });
    // Same pid as us but a different start time: a reused pid, so the owner is gone.
    c.startBuild({
      id: 'reused',
      algorithmId: a.id,
      sourcePath: '/src/demo',
      owner: { pid: process.pid, start: '1' },
      logPath: '/tmp/z',
    });
    c.close();
    const again = Catalog.open(home);
    expect(again.getBuild('dead')?.status).toBe('aborted');
    expect(again.getBuild('live')?.status).toBe('running');
    expect(again.getBuild('reused')?.status).toBe(process.platform === 'linux' ? 'aborted' : 'running');
    expect(again.getBuild('dead')?.errorMessage).toContain('stopped before it finished');
    again.close();
  });
});
