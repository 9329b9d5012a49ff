import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { violations } from '../../scripts/check-layers.mjs';

const check = violations as (rel: string, source: string) => string[];

describe('import layering', () => {
  it('allows electron only in the shell files', () => {
    expect(check('electron/main.ts', "import { app } from 'electron';")).toEqual([]);
    expect(check('electron/services/runner/runner.ts', "import { app } from 'electron';")).toEqual([
      "electron/services/runner/runner.ts: imports 'electron' (only electron/main.ts, electron/preload.ts, electron/ipc.ts may)",
    ]);
  });
  it('keeps shared/ free of Node built-ins and outside code', () => {
    expect(
      check('shared/a.ts', "import fs from 'node:fs';\nimport { x } from '../electron/services/paths.js';"),
    ).toHaveLength(2);
    expect(
      check(
        'shared/manifest/parse.ts',
        "import { parseDocument } from 'yaml';\nimport type { z } from 'zod';\nimport { n } from '../text/nearest.js';",
      ),
    ).toEqual([]);
  });
  it('keeps renderer/src away from Node and electron/ (its build config may use Node)', () => {
    expect(check('renderer/vite.config.ts', "import { fileURLToPath } from 'node:url';")).toEqual([]);
    expect(check('renderer/src/app.tsx', "const m = await import('node:path');")).toHaveLength(1);
    expect(
      check('renderer/src/app.tsx', "import { Catalog } from '../../electron/services/catalog/catalog.js';"),
    ).toHaveLength(1);
  });
});
