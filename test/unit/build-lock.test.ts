import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireBuildLock } from '../../electron/services/packager/build-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireBuildLock', () => {
  it('makes a second holder wait until the first releases', async () => {
    const first = await acquireBuildLock(dir, 'k');
    expect(first.waited).toBe(false);
    let waitedFor = false;
    const second = acquireBuildLock(dir, 'k', { pollMs: 10, onWait: () => (waitedFor = true) });
    await new Promise((r) => setTimeout(r, 60));
    expect(waitedFor).toBe(true);
    await first.release();
    const held = await second;
    expect(held.waited).toBe(true);
    await held.release();
    expect(existsSync(path.join(dir, 'k.lock'))).toBe(false);
  });

  it('takes over a lock whose owner process is gone', async () => {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(dir, 'k.lock'), JSON.stringify({ pid: Number(r.stdout), start: null }));
    const lock = await acquireBuildLock(dir, 'k', { pollMs: 10 });
    expect(lock.waited).toBe(false);
    await lock.release();
  });
});
