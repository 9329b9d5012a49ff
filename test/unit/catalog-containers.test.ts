// The catalog's container rows: what the orphan sweep asks before it would call the engine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../electron/services/catalog/catalog.js';
import { ContainerLedger, containerName } from '../../electron/services/catalog/containers.js';
import { currentProcess } from '../../electron/services/process-identity.js';
import { sweepDeadOwners } from '../../electron/services/runner/orphan-sweep.js';

let home: string;
let catalog: Catalog;
beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kiln-ledger-'));
  catalog = Catalog.open(home);
});
afterEach(() => {
  catalog.close();
  rmSync(home, { recursive: true, force: true });
});

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('containerName', () => {
  it('is kiln-<algorithm>-<id>, within Docker name rules', () => {
    expect(containerName('demo', 'r20261202-101010-abcdef')).toBe('kiln-demo-r20261202-101010-abcdef');
    expect(containerName('a b/ç', 's1')).toBe('kiln-a-b-s1');
    expect(containerName('x', 'y')).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
  });
});

describe('ContainerLedger', () => {
  it('names as orphans only open rows of this host whose owner is gone', () => {
    const ledger = catalog.containers;
    const dead = { pid: deadPid(), start: null };
    ledger.record({ name: 'kiln-a-r1', role: 'run', algorithm: 'a', runId: 'r1', owner: dead });
    ledger.record({ name: 'kiln-a-r2', role: 'run', algorithm: 'a', runId: 'r2', owner: currentProcess() });
    ledger.record({ name: 'kiln-a-s3', role: 'serve', algorithm: 'a', owner: dead });
    ledger.removed('kiln-a-s3');
    // The same catalog seen from another host: its rows are not this host's to judge.
    new ContainerLedger(catalog.db, 'elsewhere').record({
      name: 'kiln-a-r4',
      role: 'run',
      algorithm: 'a',
      owner: dead,
    });
    expect(ledger.orphans().map((r) => r.name)).toEqual(['kiln-a-r1']);
    expect(
      ledger
        .live()
        .map((r) => r.name)
        .sort(),
    ).toEqual(['kiln-a-r1', 'kiln-a-r2']);
  });

  it('a live process whose pid was reused is still an orphan owner (start time differs)', () => {
    const me = currentProcess();
    if (me.start === null) return; // no /proc: pid alone decides, covered above
    catalog.containers.record({
      name: 'kiln-a-r5',
      role: 'run',
      algorithm: 'a',
      owner: { pid: me.pid, start: String(Number(me.start) + 1) },
    });
    expect(catalog.containers.orphans().map((r) => r.name)).toEqual(['kiln-a-r5']);
  });
});

describe('sweepDeadOwners', () => {
  it('does not touch the engine when no row has a dead owner', async () => {
    catalog.containers.record({ name: 'kiln-a-r1', role: 'run', algorithm: 'a', owner: currentProcess() });
    let asked = 0;
    const result = await sweepDeadOwners(catalog.containers, async () => {
      asked++;
      throw new Error('the engine must not be asked');
    });
    expect(result).toEqual({ removed: [], engineCalled: false });
    expect(asked).toBe(0);
  });

  it('asks the engine as soon as one row has a dead owner', async () => {
    catalog.containers.record({
      name: 'kiln-a-r1',
      role: 'run',
      algorithm: 'a',
      owner: { pid: deadPid(), start: null },
    });
    await expect(
      sweepDeadOwners(catalog.containers, async () => {
        throw new Error('engine asked');
      }),
    ).rejects.toThrow('engine asked');
    // Not swept (the engine was away): the row stays for the next command.
    expect(catalog.containers.orphans()).toHaveLength(1);
  });
});
