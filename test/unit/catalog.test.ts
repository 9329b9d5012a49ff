import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../electron/services/catalog/catalog.js';
import { MIGRATIONS } from '../../electron/services/catalog/domains.js';
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
    expect(again.getBuild('dead')).toMatchObject({ errorMessageId: 'catalog.aborted', errorParams: null });
    expect(again.getBuild('live')?.errorMessageId).toBeNull();
    again.close();
  });

  it("keeps a failed build's and run's message id and parameters beside the English text", () => {
    const c = Catalog.open(home);
    const a = c.upsertAlgorithm('demo', '/src/demo');
    const owner = currentProcess();
    c.startBuild({ id: 'b1', algorithmId: a.id, sourcePath: '/src/demo', owner, logPath: '/tmp/b1' });
    c.finishBuild('b1', {
      status: 'failed',
      durationMs: 5,
      errorCode: 'BUILD_FAILED',
      errorMessage: 'english text',
      errorMessageId: 'build.notListed',
      errorParams: { tag: 'kiln/demo:x', nested: { id: 'catalog.aborted' } },
    });
    c.startBuild({ id: 'b2', algorithmId: a.id, sourcePath: '/src/demo', owner, logPath: '/tmp/b2' });
    c.finishBuild('b2', { status: 'failed', durationMs: 5, errorCode: 'INTERNAL', errorMessage: 'no id' });
    const v = c.addVersion({
      algorithmId: a.id,
      version: '20260101-000000-aaa',
      tag: 'kiln/demo:aaa',
      imageId: 'sha256:aaa',
      contentHash: 'aaa',
      sizeBytes: 1,
      manifest,
      sourcePath: '/src/demo',
      buildId: null,
      createdAt: new Date().toISOString(),
    });
    const run = { algorithmId: a.id, versionId: v.id, args: {}, inputs: [], outDir: '/tmp/o', gpu: 'none', owner };
    c.startRun({ ...run, id: 'r1', logPath: '/tmp/r1' });
    c.finishRun('r1', {
      status: 'failed',
      errorCode: 3,
      errorMessage: 'algorithm failed',
      errorMessageId: 'run.algorithmFailed',
      errorParams: { code: 3, detail: 'boom', log: '/tmp/r1' },
    });
    c.startRun({ ...run, id: 'r2', logPath: '/tmp/r2' });
    c.finishRun('r2', { status: 'succeeded' });
    c.close();

    const again = Catalog.open(home);
    expect(again.getBuild('b1')).toMatchObject({
      errorMessage: 'english text',
      errorMessageId: 'build.notListed',
      errorParams: { tag: 'kiln/demo:x', nested: { id: 'catalog.aborted' } },
    });
    expect(again.getBuild('b2')).toMatchObject({ errorMessage: 'no id', errorMessageId: null, errorParams: null });
    expect(again.listRuns('demo').find((r) => r.id === 'r1')).toMatchObject({
      errorMessageId: 'run.algorithmFailed',
      errorParams: { code: 3, detail: 'boom', log: '/tmp/r1' },
    });
    expect(again.getRun('r2')).toMatchObject({ errorMessage: null, errorMessageId: null, errorParams: null });
    again.close();
  });
});
