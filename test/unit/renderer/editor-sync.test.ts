// The editor against a file that changes on disk: unedited -> reloaded quietly; edited on both
// sides -> a conflict the user resolves; saves carry the hash of what was loaded. The fake
// transport plays a disk and answers as the back end does (a CONFLICT when the hash differs).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlgorithmDetail } from '../../../shared/api';
import { reconcile } from '../../../renderer/src/lib/disk-sync';
import { useAlgorithmDetailStore } from '../../../renderer/src/stores/algorithm-detail';
import { codeKey, useCodeFilesStore } from '../../../renderer/src/stores/code-files';
import { useEngineStore } from '../../../renderer/src/stores/engine';
import { build } from '../../../renderer/src/stores/flows';
import { initStores, resetStores } from '../../../renderer/src/stores/init';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { KilnCallError } from '../../../renderer/src/transport/errors';
import { FakeTransport } from './fake-transport';
import { detail, ENGINE_OK, textSha256 } from './fixtures';

const NAME = 'image-enhance';
let disk: Record<string, string>;
let fake: FakeTransport;
let stop: () => void;

function writeConditionally(file: string, text: string, expected: string): string {
  const now = disk[file] ?? '';
  if (textSha256(now) !== expected) throw new KilnCallError('CONFLICT', `${file} changed on disk`);
  disk[file] = text;
  return textSha256(text);
}

beforeEach(() => {
  const base = detail(NAME);
  disk = { 'kiln.yaml': base.manifestText, 'predict.py': 'class Enhancer:\n    pass\n' };
  const detailNow = (): AlgorithmDetail => ({
    ...base,
    manifestText: disk['kiln.yaml']!,
    manifestSha256: textSha256(disk['kiln.yaml']!),
  });
  fake = new FakeTransport({
    'algorithms.get': detailNow,
    'files.stat': ({ path }) => ({ path, sha256: textSha256(disk[path]!), size: disk[path]!.length, mtimeMs: 1 }),
    'files.read': ({ path }) => ({
      path,
      text: disk[path]!,
      sha256: textSha256(disk[path]!),
      size: disk[path]!.length,
      mtimeMs: 1,
    }),
    'manifest.save': ({ text, expected }) => ({
      saved: true,
      problems: [],
      sha256: writeConditionally('kiln.yaml', text, expected),
    }),
    'files.save': ({ path, text, expected }) => {
      const sha = writeConditionally(path, text, expected);
      return { saved: true, path, sha256: sha, size: text.length, mtimeMs: 2 };
    },
  });
  stop = initStores(fake, { load: false });
});

afterEach(() => {
  stop();
  resetStores();
});

const doc = () => useAlgorithmDetailStore.getState().docs[NAME]!;

describe('reconcile', () => {
  it('says same, reload or conflict', () => {
    const theirs = { text: 'b', sha256: 'B' };
    expect(reconcile({ dirty: true, text: 'x', savedSha256: 'B' }, theirs)).toEqual({ kind: 'same' });
    expect(reconcile({ dirty: false, text: 'a', savedSha256: 'A' }, theirs)).toEqual({ kind: 'reload' });
    expect(reconcile({ dirty: true, text: 'b', savedSha256: 'A' }, theirs)).toEqual({ kind: 'reload' });
    expect(reconcile({ dirty: true, text: 'x', savedSha256: 'A' }, theirs)).toEqual({ kind: 'conflict', theirs });
  });
});

describe('kiln.yaml changed on disk', () => {
  beforeEach(async () => {
    await useAlgorithmDetailStore.getState().load(NAME);
  });

  it('reloads quietly when nothing was edited here', async () => {
    disk['kiln.yaml'] += 'description: from git\n';
    await useAlgorithmDetailStore.getState().checkDisk(NAME);
    expect(doc().text).toBe(disk['kiln.yaml']);
    expect(doc().savedSha256).toBe(textSha256(disk['kiln.yaml']!));
    expect(doc().conflict).toBeNull();
  });

  it('asks when edited on both sides; keep mine then saves over the disk version deliberately', async () => {
    useAlgorithmDetailStore.getState().setText(NAME, `${doc().text}description: mine\n`);
    disk['kiln.yaml'] += 'description: theirs\n';
    await useAlgorithmDetailStore.getState().checkDisk(NAME);
    expect(doc().conflict?.text).toContain('theirs');
    expect(doc().text).toContain('mine');
    // While the choice is open, Save writes nothing.
    expect(await useAlgorithmDetailStore.getState().save(NAME)).toBe(false);
    expect(disk['kiln.yaml']).toContain('theirs');

    useAlgorithmDetailStore.getState().keepMine(NAME);
    expect(await useAlgorithmDetailStore.getState().save(NAME)).toBe(true);
    expect(disk['kiln.yaml']).toContain('mine');
    expect(disk['kiln.yaml']).not.toContain('theirs');
  });

  it('take theirs drops the edits', async () => {
    useAlgorithmDetailStore.getState().setText(NAME, `${doc().text}description: mine\n`);
    disk['kiln.yaml'] += 'description: theirs\n';
    await useAlgorithmDetailStore.getState().checkDisk(NAME);
    useAlgorithmDetailStore.getState().takeTheirs(NAME);
    expect(doc().text).toBe(disk['kiln.yaml']);
    expect(doc().conflict).toBeNull();
  });

  it('a save refused as a CONFLICT (changed between two polls) shows the choice and writes nothing', async () => {
    useAlgorithmDetailStore.getState().setText(NAME, `${doc().text}description: mine\n`);
    disk['kiln.yaml'] += 'description: theirs\n';
    expect(await useAlgorithmDetailStore.getState().save(NAME)).toBe(false);
    expect(fake.callsOf('manifest.save')[0]).toMatchObject({ expected: textSha256(detail(NAME).manifestText) });
    expect(doc().conflict?.text).toContain('theirs');
    expect(doc().saveState).not.toBe('error');
    expect(disk['kiln.yaml']).not.toContain('mine');
  });

  it('a reload of the detail (a reconnect) never moves the base under unsaved edits', async () => {
    useAlgorithmDetailStore.getState().setText(NAME, `${doc().text}description: mine\n`);
    disk['kiln.yaml'] += 'description: theirs\n';
    await useAlgorithmDetailStore.getState().load(NAME);
    expect(doc().text).toContain('mine');
    expect(doc().savedSha256).toBe(textSha256(detail(NAME).manifestText));
    expect(doc().conflict?.text).toContain('theirs');
  });
});

describe('code files', () => {
  const key = codeKey(NAME, 'predict.py');
  const code = () => useCodeFilesStore.getState().docs[key]!;

  it('open, edit and save with the loaded hash; a change on disk reloads or asks', async () => {
    const store = useCodeFilesStore.getState();
    await store.openFile(NAME, 'predict.py');
    expect(useCodeFilesStore.getState().open[NAME]).toBe('predict.py');
    expect(code().text).toBe('class Enhancer:\n    pass\n');

    disk['predict.py'] = 'class Enhancer:\n    x = 1\n';
    await store.checkDisk(NAME, 'predict.py');
    expect(code().text).toBe('class Enhancer:\n    x = 1\n');

    store.setText(NAME, 'predict.py', 'class Enhancer:\n    x = 2\n');
    expect(await store.save(NAME, 'predict.py')).toBe(true);
    expect(disk['predict.py']).toBe('class Enhancer:\n    x = 2\n');

    store.setText(NAME, 'predict.py', 'mine\n');
    disk['predict.py'] = 'theirs\n';
    await store.checkDisk(NAME, 'predict.py');
    expect(code().conflict?.text).toBe('theirs\n');
    store.takeTheirs(NAME, 'predict.py');
    expect(code().text).toBe('theirs\n');
    expect(disk['predict.py']).toBe('theirs\n');
  });

  it('saveAll (what Build does first) saves edited code files, and stops at a conflict', async () => {
    const store = useCodeFilesStore.getState();
    await store.openFile(NAME, 'predict.py');
    store.setText(NAME, 'predict.py', 'edited\n');
    expect(await store.saveAll(NAME)).toBe(true);
    expect(disk['predict.py']).toBe('edited\n');
    expect(await store.saveAll(NAME)).toBe(true); // nothing left to save

    store.setText(NAME, 'predict.py', 'mine\n');
    disk['predict.py'] = 'theirs\n';
    expect(await store.saveAll(NAME)).toBe(false);
    expect(disk['predict.py']).toBe('theirs\n');
    expect(code().conflict?.text).toBe('theirs\n');
  });

  it('Build stops at a file changed on disk and shows the choice, starting nothing', async () => {
    fake.handlers['build.start'] = () => ({ jobId: 'j-build-0001' });
    useEngineStore.setState({ status: ENGINE_OK });
    await useAlgorithmDetailStore.getState().load(NAME);
    const store = useCodeFilesStore.getState();
    await store.openFile(NAME, 'predict.py');
    store.closeFile(NAME); // back on kiln.yaml; predict.py keeps its edits
    store.setText(NAME, 'predict.py', 'mine\n');
    disk['predict.py'] = 'theirs\n';
    useUiStore.getState().select(NAME, 'build');
    await build(NAME);
    expect(fake.callsOf('build.start')).toEqual([]);
    expect(useUiStore.getState().tab).toBe('manifest');
    expect(useCodeFilesStore.getState().open[NAME]).toBe('predict.py');
    expect(code().conflict?.text).toBe('theirs\n');
  });
});
