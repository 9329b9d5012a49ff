// The editor's file access: confined to the algorithm folder, text only, size-limited, and
// saves conditional on the content the editor loaded (through the same handlers every
// transport calls, with the same input schemas).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_EDITOR_FILE_BYTES,
  readAlgorithmFile,
  saveAlgorithmFile,
  sha256,
  statAlgorithmFile,
} from '../../electron/services/api/algorithm-files.js';
import { createApiHandlers } from '../../electron/services/api/handlers.js';
import { toEnvelope } from '../../electron/services/api/errors.js';
import { JobRegistry } from '../../electron/services/jobs.js';
import { KilnServices } from '../../electron/services/kiln-services.js';
import { parseInput, type ApiHandlers, type MethodName, type MethodOutput } from '../../shared/api.js';
import type { ErrorEnvelope } from '../../shared/errors.js';

let root: string;
let folder: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'kiln-files-'));
  folder = path.join(root, 'algo');
  mkdirSync(path.join(folder, 'src'), { recursive: true });
  writeFileSync(
    path.join(folder, 'kiln.yaml'),
    'name: demo\nentry: {python: predict.py:P}\noutputs: {o: {type: json}}\n',
  );
  writeFileSync(path.join(folder, 'predict.py'), 'class P:\n    pass\n');
  writeFileSync(path.join(folder, 'src', 'filter.c'), 'int f(void) { return 1; }\n');
  writeFileSync(path.join(root, 'secret.txt'), 'outside\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function errorOf(p: Promise<unknown>): Promise<ErrorEnvelope> {
  try {
    await p;
  } catch (err) {
    return toEnvelope(err);
  }
  throw new Error('expected the call to fail');
}

describe('path containment', () => {
  it('reads files of the folder, nested ones included', async () => {
    const f = await readAlgorithmFile(folder, 'src/filter.c');
    expect(f.text).toBe('int f(void) { return 1; }\n');
    expect(f.path).toBe('src/filter.c');
    expect(f.sha256).toBe(sha256('int f(void) { return 1; }\n'));
  });

  it.each(['../secret.txt', 'src/../../secret.txt', '/etc/passwd', 'C:\\Windows\\win.ini', '.', '', 'a\0b'])(
    'refuses %j as outside the folder',
    async (rel) => {
      const e = await errorOf(readAlgorithmFile(folder, rel));
      expect(e).toMatchObject({ code: 'UNSAFE_PATH', messageId: 'files.outside' });
      expect(e.message).toContain(folder);
    },
  );

  it('refuses a symbolic link that leads out, for reading and for saving', async () => {
    symlinkSync(path.join(root, 'secret.txt'), path.join(folder, 'link.txt'));
    symlinkSync(root, path.join(folder, 'up'));
    expect(await errorOf(readAlgorithmFile(folder, 'link.txt'))).toMatchObject({
      code: 'UNSAFE_PATH',
      messageId: 'files.symlinkEscape',
    });
    expect(await errorOf(readAlgorithmFile(folder, 'up/secret.txt'))).toMatchObject({
      messageId: 'files.symlinkEscape',
    });
    expect(await errorOf(saveAlgorithmFile(folder, 'link.txt', 'x', sha256('outside\n')))).toMatchObject({
      messageId: 'files.symlinkEscape',
    });
    expect(readFileSync(path.join(root, 'secret.txt'), 'utf8')).toBe('outside\n');
  });

  it('follows a link that stays inside, and writes through it', async () => {
    symlinkSync('predict.py', path.join(folder, 'alias.py'));
    const f = await readAlgorithmFile(folder, 'alias.py');
    await saveAlgorithmFile(folder, 'alias.py', 'class P: ...\n', f.sha256);
    expect(readFileSync(path.join(folder, 'predict.py'), 'utf8')).toBe('class P: ...\n');
  });

  it('refuses folders, binary files and files over the size limit', async () => {
    expect(await errorOf(readAlgorithmFile(folder, 'src'))).toMatchObject({ messageId: 'files.notAFile' });
    writeFileSync(path.join(folder, 'model.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    expect(await errorOf(readAlgorithmFile(folder, 'model.bin'))).toMatchObject({ messageId: 'files.notText' });
    writeFileSync(path.join(folder, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(await errorOf(readAlgorithmFile(folder, 'latin1.txt'))).toMatchObject({ messageId: 'files.notText' });
    writeFileSync(path.join(folder, 'big.txt'), 'x'.repeat(MAX_EDITOR_FILE_BYTES + 1));
    expect(await errorOf(readAlgorithmFile(folder, 'big.txt'))).toMatchObject({
      code: 'BAD_INPUT',
      messageId: 'files.tooLarge',
    });
    expect(await errorOf(readAlgorithmFile(folder, 'nope.py'))).toMatchObject({
      code: 'NOT_FOUND',
      messageId: 'files.notFound',
    });
  });
});

describe('conditional save', () => {
  it('writes when the file is still what was loaded, and keeps its mode', async () => {
    const file = path.join(folder, 'run.sh');
    writeFileSync(file, '#!/bin/sh\necho 1\n');
    chmodSync(file, 0o755);
    const loaded = await readAlgorithmFile(folder, 'run.sh');
    const saved = await saveAlgorithmFile(folder, 'run.sh', '#!/bin/sh\necho 2\n', loaded.sha256);
    expect(readFileSync(file, 'utf8')).toBe('#!/bin/sh\necho 2\n');
    expect(saved.sha256).toBe(sha256('#!/bin/sh\necho 2\n'));
    expect(statSync(file).mode & 0o777).toBe(0o755);
    // The new hash is what the next save expects; the old one is now a conflict.
    await saveAlgorithmFile(folder, 'run.sh', '#!/bin/sh\necho 3\n', saved.sha256);
    expect(await errorOf(saveAlgorithmFile(folder, 'run.sh', 'lost\n', loaded.sha256))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(readFileSync(file, 'utf8')).toBe('#!/bin/sh\necho 3\n');
  });

  it('refuses to overwrite a file changed on disk since it was loaded, naming the current hash', async () => {
    const loaded = await readAlgorithmFile(folder, 'predict.py');
    writeFileSync(path.join(folder, 'predict.py'), 'class P:  # edited elsewhere\n    pass\n');
    const e = await errorOf(saveAlgorithmFile(folder, 'predict.py', 'mine\n', loaded.sha256));
    expect(e).toMatchObject({
      code: 'CONFLICT',
      messageId: 'files.conflict',
      details: { currentSha256: sha256('class P:  # edited elsewhere\n    pass\n') },
    });
    expect(e.message).toContain('predict.py');
    expect(readFileSync(path.join(folder, 'predict.py'), 'utf8')).toBe('class P:  # edited elsewhere\n    pass\n');
  });

  it('stat reports the hash of the content on disk, and null for a file that is gone', async () => {
    const before = await statAlgorithmFile(folder, 'predict.py');
    expect(before.sha256).toBe(sha256('class P:\n    pass\n'));
    writeFileSync(path.join(folder, 'predict.py'), 'class P:\n    pass  # same size?\n');
    expect((await statAlgorithmFile(folder, 'predict.py')).sha256).not.toBe(before.sha256);
    rmSync(path.join(folder, 'predict.py'));
    expect(await statAlgorithmFile(folder, 'predict.py')).toMatchObject({ sha256: null });
    await expect(statAlgorithmFile(folder, '../secret.txt')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });
});

describe('through the API handlers (what IPC and the bridge both call)', () => {
  let services: KilnServices;
  let handlers: ApiHandlers;
  beforeEach(() => {
    services = new KilnServices({ home: path.join(root, 'home') });
    handlers = createApiHandlers(services, new JobRegistry());
  });
  afterEach(() => services.close());

  /** Validates the input with the transport's schema, then calls the handler, as a transport does. */
  async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const parsed = parseInput(method, input);
    if (!parsed.ok) throw Object.assign(new Error(parsed.error.message), { envelope: parsed.error });
    return (handlers[method] as (i: unknown) => Promise<MethodOutput<M>>)(parsed.value);
  }

  it('manifest.save needs the loaded hash, writes with it, and is a CONFLICT after an external edit', async () => {
    const detail = await call('algorithms.open', { path: folder });
    expect(detail.manifestSha256).toBe(sha256(readFileSync(path.join(folder, 'kiln.yaml'))));
    expect(parseInput('manifest.save', { name: 'demo', text: 'x' }).ok).toBe(false);

    const mine = detail.manifestText.replace('name: demo', 'name: demo\ndescription: mine');
    const saved = await call('manifest.save', { name: 'demo', text: mine, expected: detail.manifestSha256 });
    expect(saved).toMatchObject({ saved: true, problems: [], sha256: sha256(mine) });

    const theirs = mine.replace('mine', 'theirs');
    writeFileSync(path.join(folder, 'kiln.yaml'), theirs);
    const e = await errorOf(call('manifest.save', { name: 'demo', text: `${mine}# more\n`, expected: saved.sha256 }));
    expect(e).toMatchObject({
      code: 'CONFLICT',
      messageId: 'files.conflict',
      details: { currentSha256: sha256(theirs) },
    });
    expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toBe(theirs);
    expect(await call('files.stat', { name: 'demo', path: 'kiln.yaml' })).toMatchObject({ sha256: sha256(theirs) });
  });

  it('files.read / files.save work on code files and refuse paths outside the folder', async () => {
    await call('algorithms.open', { path: folder });
    const f = await call('files.read', { name: 'demo', path: 'predict.py' });
    expect(f.text).toBe('class P:\n    pass\n');
    await call('files.save', { name: 'demo', path: 'predict.py', text: 'class P: ...\n', expected: f.sha256 });
    expect(readFileSync(path.join(folder, 'predict.py'), 'utf8')).toBe('class P: ...\n');
    expect(await errorOf(call('files.read', { name: 'demo', path: '../secret.txt' }))).toMatchObject({
      code: 'UNSAFE_PATH',
    });
    expect(
      await errorOf(
        call('files.save', { name: 'demo', path: '../secret.txt', text: 'x', expected: sha256('outside\n') }),
      ),
    ).toMatchObject({ code: 'UNSAFE_PATH' });
    expect(readFileSync(path.join(root, 'secret.txt'), 'utf8')).toBe('outside\n');
  });
});
