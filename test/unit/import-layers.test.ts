// The import layers are lint rules (eslint.config.mjs + scripts/lint/import-layers.mjs): this lints sample
// sources under the paths they would have, with the project's own config, and checks the rule fires (or not).
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  // The samples are not in a tsconfig: lint them with the real config, without type information.
  eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

/** The messages of `rule` for `source` linted as the file `rel`. */
async function layers(rel: string, source: string, rule = 'kiln/import-layers'): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, rel) });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('import layers (lint)', () => {
  it("allows 'electron' only in the shell files", async () => {
    for (const shell of ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'])
      expect(await layers(shell, "import { app } from 'electron';\nexport { app };\n")).toEqual([]);
    expect(
      await layers('electron/services/runner/runner.ts', "import { app } from 'electron';\nexport { app };\n"),
    ).toEqual([
      "electron/ must not import 'electron': only electron/main.ts, electron/preload.ts and electron/ipc.ts do",
    ]);
    expect(await layers('electron/cli/main.ts', "export type { App } from 'electron';\n")).toHaveLength(1);
    expect(await layers('electron/bridge/server.ts', "export const m = await import('electron');\n")).toHaveLength(1);
  });

  it('keeps shared/ to shared/, zod and yaml, with no Node built-in', async () => {
    const ok = [
      "import { parseDocument } from 'yaml';",
      "import type { z } from 'zod';",
      "import { nearest } from '../text/nearest.js';",
      'export { parseDocument, nearest };',
      'export type Z = z.ZodType;',
    ].join('\n');
    expect(await layers('shared/manifest/parse.ts', ok)).toEqual([]);
    const bad = [
      "import fs from 'node:fs';",
      "import path from 'path';",
      "import { paths } from '../electron/services/paths.js';",
      "import { app } from '../../renderer/src/app';",
      "import Docker from 'dockerode';",
      'export { fs, path, paths, app, Docker };',
    ].join('\n');
    expect(await layers('shared/errors.ts', bad)).toEqual([
      'shared/ must not import the Node built-in node:fs: it runs where Node does not',
      'shared/ must not import the Node built-in path: it runs where Node does not',
      'shared/ must not import ../electron/services/paths.js: it resolves to electron/services/paths.js, outside shared/',
      'shared/ must not import ../../renderer/src/app: it resolves to ../renderer/src/app, outside shared/',
      'shared/ must not import the package dockerode (allowed here: zod, yaml)',
    ]);
    // Node's globals too: shared/ is type-checked with the Node program, whose types declare them.
    const globals = "export const cwd = process.cwd();\nexport const b = Buffer.from('x');\n";
    expect(await layers('shared/log-format.ts', globals, 'no-restricted-globals')).toEqual([
      "Unexpected use of 'process'. shared/ runs in the page too: no Node globals",
      "Unexpected use of 'Buffer'. shared/ runs in the page too: no Node globals",
    ]);
    expect(await layers('electron/services/paths.ts', globals, 'no-restricted-globals')).toEqual([]);
  });

  it('keeps renderer/src away from Node and electron/ (its build config may use Node)', async () => {
    expect(
      await layers('renderer/vite.config.ts', "import { fileURLToPath } from 'node:url';\nexport { fileURLToPath };\n"),
    ).toEqual([]);
    expect(await layers('renderer/src/app.tsx', "export const m = await import('node:path');\n")).toHaveLength(1);
    expect(
      await layers(
        'renderer/src/components/run/run-tab.tsx',
        "import type { Catalog } from '../../../../electron/services/catalog/catalog.js';\nexport type C = Catalog;\n",
      ),
    ).toEqual([
      'renderer/src/ must not import ../../../../electron/services/catalog/catalog.js: it resolves into electron/',
    ]);
    expect(
      await layers(
        'renderer/src/stores/runs.ts',
        "import type { RunRecord } from '../../../shared/records';\nexport type R = RunRecord;\n",
      ),
    ).toEqual([]);
  });

  it('keeps electron/ from importing the renderer', async () => {
    expect(
      await layers('electron/services/api/handlers.ts', "export { en } from '../../../renderer/src/i18n/en';\n"),
    ).toEqual(['electron/ must not import ../../../renderer/src/i18n/en: it resolves into renderer/']);
    expect(
      await layers('electron/main.ts', "const r = require('../renderer/src/main');\nexport { r };\n"),
    ).toHaveLength(1);
  });
});
