import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanContext } from '../../electron/services/packager/context.js';
import { KilnError } from '../../shared/errors.js';

let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-ctx-'));
  outside = mkdtempSync(path.join(os.tmpdir(), 'kiln-outside-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function write(rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
}

describe('scanContext', () => {
  it('never includes .git, __pycache__, node_modules and honours .kilnignore and .dockerignore', async () => {
    write('predict.py', 'x');
    write('.git/HEAD', 'ref');
    write('__pycache__/predict.cpython-311.pyc', 'b');
    write('node_modules/a/index.js', 'a');
    write('data/big.csv', 'a,b');
    write('notes/todo.md', 'x');
    write('keep.md', 'x');
    write('.kilnignore', 'data/\n');
    write('.dockerignore', 'notes\n');
    const ctx = await scanContext(dir, { models: [] });
    expect(ctx.files.map((f) => f.rel).sort()).toEqual(['.dockerignore', '.kilnignore', 'keep.md', 'predict.py']);
  });

  it('refuses a symlink that leads out of the folder', async () => {
    write('predict.py', 'x');
    writeFileSync(path.join(outside, 'secret'), 'id_rsa');
    symlinkSync(path.join(outside, 'secret'), path.join(dir, 'secret'));
    const err = await scanContext(dir, { models: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KilnError);
    expect((err as KilnError).code).toBe('UNSAFE_PATH');
    expect((err as KilnError).message).toContain('secret is a symlink that points outside the algorithm folder');
  });

  it('keeps a symlink inside the folder as a link', async () => {
    write('weights/v1.bin', 'w');
    symlinkSync('weights/v1.bin', path.join(dir, 'current.bin'));
    const ctx = await scanContext(dir, { models: [] });
    expect(ctx.files.find((f) => f.rel === 'current.bin')?.linkTarget).toBe('weights/v1.bin');
  });

  it('splits model files by glob into their own hash', async () => {
    write('predict.py', 'code');
    write('models/net.onnx', 'weights');
    const a = await scanContext(dir, { models: ['models/*'] });
    expect(a.modelFiles.map((f) => f.rel)).toEqual(['models/net.onnx']);
    expect(a.codeFiles.map((f) => f.rel)).toEqual(['predict.py']);
    write('predict.py', 'code changed');
    const b = await scanContext(dir, { models: ['models/*'] });
    expect(b.modelsHash).toBe(a.modelsHash);
  });

  it('uses the stat cache for unchanged files and re-hashes changed ones', async () => {
    write('a.py', 'one');
    write('b.py', 'two');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'a.py'), old, old);
    utimesSync(path.join(dir, 'b.py'), old, old);
    const cache = path.join(dir, '..', `${path.basename(dir)}.statcache.json`);
    try {
      const first = await scanContext(dir, { models: [], statCachePath: cache });
      expect(first.stats.cachedFiles).toBe(0);
      const second = await scanContext(dir, { models: [], statCachePath: cache });
      expect(second.stats.cachedFiles).toBe(2);
      expect(second.files.map((f) => f.sha256)).toEqual(first.files.map((f) => f.sha256));
      // Same size, same mtime, different content: the changed ctime/inode still forces a re-hash.
      writeFileSync(path.join(dir, 'a.py'), 'uno');
      utimesSync(path.join(dir, 'a.py'), old, old);
      const third = await scanContext(dir, { models: [], statCachePath: cache });
      expect(third.files.find((f) => f.rel === 'a.py')?.sha256).not.toBe(
        first.files.find((f) => f.rel === 'a.py')?.sha256,
      );
    } finally {
      rmSync(cache, { force: true });
    }
  });
});
