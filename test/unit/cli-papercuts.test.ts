// The CLI's first-use papercuts: names derived from awkward folder names, pasteable "Next:"
// commands, and a python entry whose class does not exist caught at build time (exit 2),
// before any engine is asked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../electron/cli/shell-quote.js';
import { topLevelNames } from '../../electron/services/packager/manifest-loader.js';
import { nameFromFolder } from '../../electron/services/templates.js';
import { pythonAlgorithm } from '../support/fixtures.js';
import { kiln, tempHome } from '../support/kiln-cli.js';

describe('nameFromFolder', () => {
  it('derives a valid name or none at all', () => {
    expect(nameFromFolder('/tmp/My Algo')).toBe('my-algo');
    expect(nameFromFolder('/tmp/测试 enhance')).toBe('enhance');
    expect(nameFromFolder('/tmp/增强-')).toBe('');
    expect(nameFromFolder('/tmp/图像增强')).toBe('');
    expect(nameFromFolder('/tmp/v2 (final)')).toBe('v2-final');
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the rest so a shell reads them back as one word', () => {
    expect(shellQuote('my-algo')).toBe('my-algo');
    expect(shellQuote('out/a.png')).toBe('out/a.png');
    expect(shellQuote('My Algo')).toBe("'My Algo'");
    expect(shellQuote('图像 增强')).toBe("'图像 增强'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
  });
});

describe('topLevelNames', () => {
  it('finds what a module binds at its top level, not what is nested', () => {
    const names = topLevelNames(
      [
        'import os, numpy as np',
        'from .models import (Net as Backbone, Head)',
        'class Predictor(object):',
        '    class Inner: pass',
        'def helper(): pass',
        'Alias = Predictor',
        'x: int = 3',
        'if x == 3:',
        '    class Hidden: pass',
      ].join('\n'),
    )!;
    expect(names.classes).toEqual(['Predictor']);
    for (const n of ['os', 'np', 'Backbone', 'Predictor', 'helper', 'Alias', 'x']) expect(names.all).toContain(n);
    for (const n of ['Inner', 'Hidden', 'Net', 'numpy']) expect(names.all).not.toContain(n);
  });
});

describe('kiln through the CLI process', () => {
  const home = tempHome();
  const parent = mkdtempSync(path.join(os.tmpdir(), 'kiln-papercuts-'));
  afterAll(() => {
    home.cleanup();
    rmSync(parent, { recursive: true, force: true });
  });

  it('kiln init into a folder of Chinese characters asks for --name, in a pasteable form', async () => {
    const folder = path.join(parent, '图像 增强');
    const r = await kiln(['init', folder, '--json'], { home: home.home });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'BAD_ARGUMENT', messageId: 'cli.init.noName' });
    expect(r.json.error.hint).toContain(`kiln init '${folder}' --name my-algo`);
  });

  it('kiln init with a folder name that has spaces derives the name and quotes the Next: commands', async () => {
    const folder = path.join(parent, 'My Algo');
    const r = await kiln(['init', folder], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`kiln build '${folder}'`);
    expect(r.stdout).toContain(`kiln run '${folder}' --input image=photo.png`);
  });

  it('kiln build names a python entry class that does not exist, with exit 2 and the line', async () => {
    const dir = pythonAlgorithm('no-such-class', 'return {}');
    writeFileSync(
      path.join(dir, 'kiln.yaml'),
      `name: no-such-class\nentry:\n  python: predict.py:Predictor\noutputs:\n  result: {type: json}\n`,
    );
    // No engine is needed to find this: point DOCKER_HOST at nothing.
    const r = await kiln(['build', dir, '--json'], {
      home: home.home,
      env: { DOCKER_HOST: `unix://${path.join(parent, 'no-engine.sock')}` },
    });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('MANIFEST_INVALID');
    expect(r.json.error.message).toContain('kiln.yaml:3');
    expect(r.json.error.message).toContain('predict.py defines no class Predictor (top-level classes: Algo)');
    rmSync(dir, { recursive: true, force: true });
  });
});
