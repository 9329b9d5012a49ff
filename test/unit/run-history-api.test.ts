// runs.delete and files.list through the real handlers on a real catalog and real files:
// a deleted run takes its own stored files along and leaves what another run still uses;
// the host file browser stays inside the allowed folders, symlinks included.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../shared/api.js';
import { parseManifest } from '../../shared/manifest/parse.js';
import { createApiHandlers } from '../../electron/services/api/handlers.js';
import { listHostFolder } from '../../electron/services/host-files.js';
import { JobRegistry } from '../../electron/services/jobs.js';
import { KilnServices } from '../../electron/services/kiln-services.js';
import { currentProcess } from '../../electron/services/process-identity.js';

let tmp: string;
let home: string;
let services: KilnServices;
let api: ApiHandlers;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'kiln-hist-'));
  home = path.join(tmp, 'kiln-home');
  services = new KilnServices({ home });
  api = createApiHandlers(services, new JobRegistry(), { transport: 'websocket' });
});
afterEach(() => {
  services.close();
  rmSync(tmp, { recursive: true, force: true });
});

const manifest = (() => {
  const r = parseManifest(
    'name: demo\nentry: {python: p.py:P}\ninputs: {image: {type: image}}\noutputs: {o: {type: json}}\n',
  );
  if (!r.ok) throw new Error('bad manifest');
  return r.manifest;
})();

function file(p: string, content = p): string {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** A finished run recorded as the runner records one, with real files at the recorded paths. */
function recordRun(
  id: string,
  opts: { inputs: string[]; outputs: string[]; outDir: string; status?: 'succeeded' | 'running' },
): void {
  const c = services.catalog;
  const algo = c.getAlgorithm('demo') ?? c.upsertAlgorithm('demo', path.join(tmp, 'src'));
  const version =
    c.getVersion('demo') ??
    c.addVersion({
      algorithmId: algo.id,
      version: '20260101-000000-aaaaaa',
      tag: 'kiln/demo:aaaaaa',
      imageId: 'sha256:aaaaaa',
      contentHash: 'aaaaaa',
      sizeBytes: 1,
      manifest,
      sourcePath: path.join(tmp, 'src'),
      buildId: null,
      createdAt: new Date().toISOString(),
    });
  const logPath = file(path.join(home, 'logs', 'runs', `${id}.log`));
  c.startRun({
    id,
    algorithmId: algo.id,
    versionId: version.id,
    args: { level: 1 },
    inputs: opts.inputs.map((p, i) => ({ key: i === 0 ? 'image' : `in${i}`, path: p, sha256: 'x' })),
    outDir: opts.outDir,
    gpu: 'none',
    logPath,
    owner: currentProcess(),
  });
  if (opts.status !== 'running') {
    c.finishRun(id, {
      status: 'succeeded',
      outputs: opts.outputs.map((p, i) => ({ key: `out${i}`, path: p, sha256: 'y', size: 1 })),
    });
  }
}

describe('runs.delete', () => {
  it('removes the record, its output folder and its log, and keeps what another run still uses', async () => {
    const upload = file(path.join(home, 'uploads', 'h1', 'photo.png'));
    const ownUpload = file(path.join(home, 'uploads', 'h2', 'mask.png'));
    const outA = path.join(home, 'outputs', 'r20260101-000001-aaaaaa');
    const imageA = file(path.join(outA, 'image.png'));
    const jsonA = file(path.join(outA, 'stats.json'));
    recordRun('r20260101-000001-aaaaaa', { inputs: [upload, ownUpload], outputs: [imageA, jsonA], outDir: outA });
    // Run B reuses the upload, and takes A's image output as its own input (a chained run).
    const outB = path.join(home, 'outputs', 'r20260101-000002-bbbbbb');
    const imageB = file(path.join(outB, 'image.png'));
    recordRun('r20260101-000002-bbbbbb', { inputs: [upload, imageA], outputs: [imageB], outDir: outB });

    const r = await api['runs.delete']({ id: 'r20260101-000001-aaaaaa' });
    expect(r.removed.sort()).toEqual([jsonA, ownUpload].sort());
    expect(r.kept.sort()).toEqual([imageA, upload].sort());
    expect(services.catalog.getRun('r20260101-000001-aaaaaa')).toBeUndefined();
    expect(existsSync(jsonA)).toBe(false);
    expect(existsSync(path.join(home, 'uploads', 'h2'))).toBe(false);
    expect(existsSync(path.join(home, 'logs', 'runs', 'r20260101-000001-aaaaaa.log'))).toBe(false);
    expect(existsSync(imageA)).toBe(true);
    expect(existsSync(upload)).toBe(true);
    expect((await api['runs.list']({ name: 'demo' })).map((x) => x.id)).toEqual(['r20260101-000002-bbbbbb']);
    // What B needs still serves: its input is still there for thumbnails and a re-run.
    expect(await services.inputFile('r20260101-000002-bbbbbb', 'in1')).toMatchObject({ path: imageA });

    // Deleting B now frees everything: nothing refers to the upload or A's image any more.
    const r2 = await api['runs.delete']({ id: 'r20260101-000002-bbbbbb' });
    expect(r2.kept).toEqual([]);
    expect(r2.removed.sort()).toEqual([imageA, imageB, upload].sort());
    expect(existsSync(outA)).toBe(false);
    expect(existsSync(outB)).toBe(false);
    expect(existsSync(path.join(home, 'uploads', 'h1'))).toBe(false);
  });

  it('never touches files outside KILN_HOME (a CLI --out folder, a picked input)', async () => {
    const userIn = file(path.join(tmp, 'mine', 'in.png'));
    const userOut = file(path.join(tmp, 'mine', 'out', 'image.png'));
    recordRun('r20260101-000003-cccccc', { inputs: [userIn], outputs: [userOut], outDir: path.dirname(userOut) });
    const r = await api['runs.delete']({ id: 'r20260101-000003-cccccc' });
    expect(r).toEqual({ id: 'r20260101-000003-cccccc', removed: [], kept: [] });
    expect(existsSync(userIn)).toBe(true);
    expect(existsSync(userOut)).toBe(true);
  });

  it('refuses a run still in progress and an unknown run, in words', async () => {
    recordRun('r20260101-000004-dddddd', {
      inputs: [],
      outputs: [],
      outDir: path.join(home, 'outputs', 'r20260101-000004-dddddd'),
      status: 'running',
    });
    await expect(api['runs.delete']({ id: 'r20260101-000004-dddddd' })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      messageId: 'history.stillRunning',
      message: 'run r20260101-000004-dddddd is still running',
    });
    expect(services.catalog.getRun('r20260101-000004-dddddd')).toBeDefined();
    await expect(api['runs.delete']({ id: 'r20990101-000000-eeeeee' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      messageId: 'history.notFound',
    });
  });
});

describe('files.list (the host file browser)', () => {
  let userHome: string;
  let data: string;
  let outside: string;

  beforeEach(() => {
    userHome = path.join(tmp, 'home', 'me');
    data = path.join(tmp, 'data');
    outside = path.join(tmp, 'outside');
    file(path.join(userHome, 'b.png'), 'png!');
    file(path.join(userHome, 'A folder', 'clip.mp4'));
    file(path.join(userHome, '视频', '片段.mp4'));
    file(path.join(data, 'sub', 'frame.png'));
    file(path.join(outside, 'secret.txt'));
    symlinkSync(outside, path.join(userHome, 'escape'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(userHome, 'secret-link.txt'));
    symlinkSync(path.join(data, 'sub'), path.join(userHome, 'to-data'));
  });

  const roots = (): { home: string; extra: string[] } => ({ home: userHome, extra: [data] });

  it('lists a folder, folders first, with kind, size and mtime; links out are left out, not followed', async () => {
    const l = await listHostFolder(undefined, roots());
    expect(l.path).toBe(userHome);
    expect(l.root).toBe(userHome);
    expect(l.parent).toBeNull();
    expect(l.roots).toEqual([userHome, data]);
    expect(l.entries.map((e) => [e.name, e.kind])).toEqual([
      ['A folder', 'folder'],
      ['to-data', 'folder'],
      ['视频', 'folder'],
      ['b.png', 'file'],
    ]);
    expect(l.entries.find((e) => e.name === 'b.png')).toMatchObject({ size: 4 });
    expect(Number.isNaN(Date.parse(l.entries[0]!.mtime))).toBe(false);
    expect(l.skippedLinks).toBe(2);
    const sub = await listHostFolder(path.join(data, 'sub'), roots());
    expect(sub).toMatchObject({ root: data, parent: data });
    expect(sub.entries.map((e) => e.name)).toEqual(['frame.png']);
  });

  it('refuses a symlink that leads outside, a path outside, and a relative path, with clear errors', async () => {
    await expect(listHostFolder(path.join(userHome, 'escape'), roots())).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      messageId: 'hostFiles.outside',
    });
    await expect(listHostFolder(path.join(userHome, 'escape', 'deeper'), roots())).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    await expect(listHostFolder(path.join(userHome, '..', '..', 'outside'), roots())).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: `${outside} is outside the folders Kiln may browse`,
    });
    // A path outside that does not exist is refused the same way: the browser does not probe the disk.
    await expect(listHostFolder('/nonexistent-kiln-dir', roots())).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(listHostFolder('relative/dir', roots())).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      messageId: 'hostFiles.notAbsolute',
    });
    await expect(listHostFolder(path.join(userHome, 'gone'), roots())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      messageId: 'hostFiles.missing',
    });
    await expect(listHostFolder(path.join(userHome, 'b.png'), roots())).rejects.toMatchObject({
      messageId: 'hostFiles.notFolder',
    });
  });

  it('takes the added folders from Settings (persisted, checked) and the home folder from the OS', async () => {
    await expect(api['settings.set']({ browseRoots: [path.join(tmp, 'nope')] })).rejects.toMatchObject({
      messageId: 'hostFiles.rootMissing',
    });
    expect((await api['settings.set']({ browseRoots: [data, data] })).browseRoots).toEqual([data]);
    const again = createApiHandlers(new KilnServices({ home }), new JobRegistry());
    expect((await again['settings.get']({})).browseRoots).toEqual([data]);
    const savedHome = process.env['HOME'];
    process.env['HOME'] = userHome;
    try {
      const l = await api['files.list']({ path: path.join(data, 'sub') });
      expect(l.roots).toEqual([userHome, data]);
      expect(l.entries.map((e) => e.name)).toEqual(['frame.png']);
      expect((await api['files.list']({})).path).toBe(userHome);
      await expect(api['files.list']({ path: outside })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    } finally {
      process.env['HOME'] = savedHome;
    }
  });
});
