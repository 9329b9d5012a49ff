import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../electron/services/catalog/catalog.js';
import { DOMAINS, MIGRATIONS, sequence } from '../../electron/services/catalog/domains.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe('catalog domains', () => {
  it('form one gap-free migration sequence, each version once', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(DOMAINS.map((d) => d.name)).size).toBe(DOMAINS.length);
  });

  it('refuse a gap or a repeated version', () => {
    const m = (version: number) => ({ version, name: `m${version}`, sql: '' });
    expect(() => sequence([{ name: 'a', migrations: [m(1), m(3)] }])).toThrow(/expected version 2, found 3/);
    expect(() =>
      sequence([
        { name: 'a', migrations: [m(1)] },
        { name: 'b', migrations: [m(1)] },
      ]),
    ).toThrow(/expected version 2, found 1/);
  });

  it('forget an algorithm in every domain, the stores and the old method names agreeing', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'kiln-domains-'));
    homes.push(home);
    const c = Catalog.open(home);
    const algo = c.upsertAlgorithm('demo', '/tmp/demo');
    expect(c.algorithms.getAlgorithm('demo')).toEqual(algo);
    c.builds.startBuild({
      id: 'b1',
      algorithmId: algo.id,
      sourcePath: '/tmp/demo',
      owner: { pid: 1, start: null },
      logPath: '/x',
    });
    expect(c.getBuild('b1')?.status).toBe('running');
    expect(c.removeAlgorithm('demo')).toBe(true);
    expect(c.getBuild('b1')).toBeUndefined();
    expect(c.listAlgorithms()).toEqual([]);
    c.close();
  });
});
