// The decisions of the code layer swap (packager/code-layer-swap.ts): when it applies, and that
// anything unexpected sends the build down the ordinary path instead of making a doubtful image.
// The engine here is an in-memory record of the calls; test/integration/packager.test.ts makes
// and runs a swapped image on the real engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, ImageInspect, SwapEngine } from '../../electron/services/engine/raw-engine.js';
import {
  historyEntries,
  STEM_LABEL,
  stemHash,
  swapCodeLayer,
} from '../../electron/services/packager/code-layer-swap.js';
import type { ContextFile } from '../../electron/services/packager/context.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-swap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'predict.py'), 'print(1)\n');
const files: ContextFile[] = [
  { rel: 'predict.py', abs: path.join(dir, 'predict.py'), size: 9, mode: 0o644, sha256: 'x', model: false },
];

const HISTORY: HistoryEntry[] = [
  { Created: 2, CreatedBy: '/bin/sh -c #(nop) COPY dir:abc in /kiln/ ', Size: 10 },
  { Created: 2, CreatedBy: '/bin/sh -c #(nop)  LABEL kiln.role=algorithm', Size: 0 },
  { Created: 1, CreatedBy: '/bin/sh -c #(nop)  CMD ["bash"]', Size: 0 },
  { Created: 1, CreatedBy: '/bin/sh -c #(nop) ADD file:base in / ', Size: 100 },
];

function engine(opts: { stem?: string; history?: HistoryEntry[]; loadFails?: boolean } = {}) {
  const calls: string[] = [];
  let loaded: string | undefined;
  const previous: ImageInspect = {
    Id: 'sha256:prev',
    Size: 110,
    Config: { Labels: { [STEM_LABEL]: opts.stem ?? 'stem-1' } },
    RootFS: { Type: 'layers', Layers: ['sha256:base', 'sha256:oldcode'] },
  };
  const e: SwapEngine = {
    inspect: async (ref) => {
      calls.push(`inspect ${ref}`);
      if (ref === 'kiln/a:1') return previous;
      return loaded ? { Id: loaded, Size: 111 } : undefined;
    },
    history: async (ref) => {
      calls.push(`history ${ref}`);
      return opts.history ?? HISTORY;
    },
    load: async (archive) => {
      calls.push('load');
      if (opts.loadFails) throw new Error('refused');
      // The engine names the image after its config: find the config file name in the archive.
      const name = /([0-9a-f]{64})\.json/.exec(archive.toString('latin1'))?.[1];
      loaded = `sha256:${name}`;
    },
  };
  return { e, calls };
}

const input = (e: SwapEngine) => ({
  engine: e,
  previousTag: 'kiln/a:1',
  stem: 'stem-1',
  tag: 'kiln/a:2',
  codeFiles: files,
  versionFile: '{"version":"2"}\n',
});

describe('code layer swap', () => {
  it('replaces the last layer when the stem is the previous image’s and the history matches the layers', async () => {
    const { e, calls } = engine();
    const r = await swapCodeLayer(input(e));
    expect(r?.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r!.codeLayerBytes).toBeGreaterThan(0);
    expect(calls).toEqual(['inspect kiln/a:1', 'history kiln/a:1', 'load', 'inspect kiln/a:2']);
  });

  it('does not apply when anything but the code differs (another stem): no history read, nothing loaded', async () => {
    const { e, calls } = engine({ stem: 'stem-0' });
    expect(await swapCodeLayer(input(e))).toBeUndefined();
    expect(calls).toEqual(['inspect kiln/a:1']);
  });

  it('does not apply when the history does not end with the code copy or does not match the layers', async () => {
    const noCopy = engine({ history: HISTORY.slice(1) });
    expect(await swapCodeLayer(input(noCopy.e))).toBeUndefined();
    const extra = engine({
      history: [
        HISTORY[0]!,
        { Created: 2, CreatedBy: '/bin/sh -c #(nop) COPY file:x in /y ', Size: 5 },
        ...HISTORY.slice(1),
      ],
    });
    expect(await swapCodeLayer(input(extra.e))).toBeUndefined();
    expect([...noCopy.calls, ...extra.calls]).not.toContain('load');
  });

  it('falls back when the engine refuses the archive (Podman, a containerd image store)', async () => {
    const { e, calls } = engine({ loadFails: true });
    expect(await swapCodeLayer(input(e))).toBeUndefined();
    expect(calls).toContain('load');
  });

  it('settles 0-byte WORKDIR and RUN entries by the layer count, and gives up when the count leaves a choice', () => {
    const workdir = { Created: 1, CreatedBy: '/bin/sh -c #(nop) WORKDIR /kiln/app', Size: 0 };
    const run = { Created: 1, CreatedBy: '/bin/sh -c true', Size: 0 };
    const [code, label, , base] = HISTORY as [HistoryEntry, HistoryEntry, HistoryEntry, HistoryEntry];
    // Oldest first: base, WORKDIR, LABEL, code. WORKDIR created its folder: three layers.
    const made = historyEntries([code, label, workdir, base], 3)!;
    expect(made.map((e) => !!e.empty_layer)).toEqual([false, false, true, false]);
    // The folder was there: two layers.
    expect(historyEntries([code, label, workdir, base], 2)!.map((e) => !!e.empty_layer)).toEqual([
      false,
      true,
      true,
      false,
    ]);
    // Two undecided entries and one layer to spare: no single answer.
    expect(historyEntries([code, run, workdir, base], 3)).toBeUndefined();
  });

  it('has a stem that changes with the base image, the models image and any generated file', () => {
    const base = {
      dockerfile: 'FROM x',
      generated: [{ name: 'kiln/manifest.json', content: '{}' }],
      baseImageId: 'sha256:b',
      modelsImageId: null,
    };
    const h = stemHash(base);
    expect(stemHash({ ...base })).toBe(h);
    expect(stemHash({ ...base, baseImageId: 'sha256:c' })).not.toBe(h);
    expect(stemHash({ ...base, modelsImageId: 'sha256:m' })).not.toBe(h);
    expect(stemHash({ ...base, generated: [{ name: 'kiln/manifest.json', content: '{"a":1}' }] })).not.toBe(h);
  });
});
