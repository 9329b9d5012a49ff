// What blocks removing a version (catalog/version-references.ts), what removal leaves behind,
// and the kiln.yaml edit behind renaming an algorithm.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameInManifest } from '../../electron/services/algorithm-admin.js';
import { Catalog } from '../../electron/services/catalog/catalog.js';
import { deleteVersionRow, versionReferences } from '../../electron/services/catalog/version-references.js';
import { currentProcess } from '../../electron/services/process-identity.js';
import { formatMessage } from '../../shared/messages/index.js';
import { parseManifest } from '../../shared/manifest/parse.js';
import type { VersionRecord } from '../../shared/records.js';

let home: string;
let catalog: Catalog;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kiln-refs-'));
  catalog = Catalog.open(home);
});
afterEach(() => {
  catalog.close();
  rmSync(home, { recursive: true, force: true });
});

const manifest = (() => {
  const r = parseManifest('name: demo\nentry: {python: p.py:P}\noutputs: {o: {type: json}}\n');
  if (!r.ok) throw new Error('bad');
  return r.manifest;
})();

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function addVersion(algorithmId: number, hash: string): VersionRecord {
  return catalog.addVersion({
    algorithmId,
    version: `20260101-000000-${hash}`,
    tag: `kiln/demo:${hash}`,
    imageId: `sha256:${hash}`,
    contentHash: hash,
    sizeBytes: 1,
    manifest,
    sourcePath: '/src/demo',
    buildId: null,
    createdAt: new Date().toISOString(),
  });
}

function startRun(id: string, algorithmId: number, versionId: number): void {
  catalog.startRun({
    id,
    algorithmId,
    versionId,
    args: {},
    inputs: [],
    outDir: '/tmp/out',
    gpu: 'none',
    logPath: '/tmp/log',
    owner: currentProcess(),
  });
}

const refs = (v: VersionRecord): Array<{ kind: string; id: string }> =>
  versionReferences({ db: catalog.db, containers: catalog.containers }, v).map((r) => ({ kind: r.kind, id: r.id }));

describe('versionReferences', () => {
  it('a running run blocks its version; a finished one does not', () => {
    const a = catalog.upsertAlgorithm('demo', '/src/demo');
    const v = addVersion(a.id, 'aaa');
    startRun('r1', a.id, v.id);
    expect(refs(v)).toEqual([{ kind: 'run', id: 'r1' }]);
    const said = versionReferences({ db: catalog.db, containers: catalog.containers }, v)[0]!;
    expect(formatMessage(said.messageId, said.params, 'en').message).toBe(
      'demo:20260101-000000-aaa is in use: run r1 is still running on it',
    );
    expect(formatMessage(said.messageId, said.params, 'zh-CN').message).toBe(
      'demo:20260101-000000-aaa 正在使用中：运行 r1 仍在其上运行',
    );
    catalog.finishRun('r1', { status: 'succeeded' });
    expect(refs(v)).toEqual([]);
  });

  it('a container serving the version blocks it while its kiln process lives', () => {
    const a = catalog.upsertAlgorithm('demo', '/src/demo');
    const v = addVersion(a.id, 'bbb');
    const other = addVersion(a.id, 'ccc');
    catalog.containers.record({
      name: 'kiln-demo-s1',
      role: 'serve',
      algorithm: 'demo',
      version: v.version,
      owner: currentProcess(),
    });
    catalog.containers.record({
      name: 'kiln-demo-s2',
      role: 'serve',
      algorithm: 'demo',
      version: v.version,
      owner: { pid: deadPid(), start: null },
    });
    expect(refs(v)).toEqual([{ kind: 'serve', id: 'kiln-demo-s1' }]);
    expect(refs(other)).toEqual([]);
    catalog.containers.removed('kiln-demo-s1');
    expect(refs(v)).toEqual([]);
  });
});

describe('deleteVersionRow', () => {
  it('removes the row; runs keep the version name, builds lose only the link', () => {
    const a = catalog.upsertAlgorithm('demo', '/src/demo');
    const v = addVersion(a.id, 'ddd');
    startRun('r2', a.id, v.id);
    catalog.finishRun('r2', { status: 'succeeded' });
    deleteVersionRow(catalog.db, v);
    expect(catalog.listVersions('demo')).toEqual([]);
    expect(catalog.getRun('r2')).toMatchObject({ status: 'succeeded', version: '20260101-000000-ddd' });
  });
});

describe('renameInManifest', () => {
  it('changes only the top-level name: value, keeping quotes and comments', () => {
    expect(renameInManifest('name: old  # mine\nentry: {python: p.py:P}\n', 'new')).toBe(
      'name: new  # mine\nentry: {python: p.py:P}\n',
    );
    expect(renameInManifest('# top\nname: "old"\n', 'new')).toBe('# top\nname: "new"\n');
    expect(renameInManifest('inputs:\n  x: {type: text}\n  name: nested\n', 'new')).toBeNull();
    expect(renameInManifest('{name: old}\n', 'new')).toBeNull();
  });
});
