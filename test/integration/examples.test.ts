// The shipped examples, built and run through the CLI against the real engine; outputs
// are checked by content (pixel values, JSON fields), not by existence.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kiln, tempHome } from '../support/kiln-cli.js';
import { readPgm, readPng, writePgm, writeSolidPng } from '../support/images.js';
import { kilnContainers } from '../support/docker.js';

let home: ReturnType<typeof tempHome>;
let work: string;
beforeAll(() => {
  home = tempHome();
  work = mkdtempSync(path.join(os.tmpdir(), 'kiln-ex-'));
});
afterAll(() => {
  home.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('example: image-enhance (python entry, numpy + Pillow)', () => {
  it('builds, prints the version, and a second build reuses it without building', async () => {
    const first = await kiln(['build', path.join(EXAMPLES, 'image-enhance'), '--json'], { home: home.home });
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.name).toBe('image-enhance');
    expect(first.json.version).toMatch(/^\d{8}-\d{6}-[0-9a-f]{12}$/);
    expect(first.json.tag).toBe(`kiln/image-enhance:${first.json.version}`);
    expect(first.json.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const second = await kiln(['build', path.join(EXAMPLES, 'image-enhance'), '--json'], { home: home.home });
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.reused).toBe(true);
    expect(second.json.version).toBe(first.json.version);
    expect(second.json.buildId).toBeNull();
  });

  it('lists its versions with image id, tag, size, created and content hash', async () => {
    const r = await kiln(['images', 'image-enhance', '--json'], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.versions).toHaveLength(1);
    const v = r.json.versions[0];
    expect(v.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(v.size).toBeGreaterThan(10_000_000);
    expect(Date.parse(v.created)).not.toBeNaN();
    expect(v.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs with args and writes the enhanced image and stats', async () => {
    const input = path.join(work, 'photo.png');
    writeSolidPng(input, 12, 8, [100, 150, 200]);
    const out = path.join(work, 'enhance-out');
    const r = await kiln(
      [
        'run',
        'image-enhance',
        '--input',
        `image=${input}`,
        '--arg',
        'brightness=1.2',
        '--arg',
        'contrast=1',
        '--out',
        out,
        '--gpu',
        'auto',
        '--json',
      ],
      { home: home.home },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.status).toBe('succeeded');
    expect(r.json.args).toEqual({ brightness: 1.2, contrast: 1, sharpen: false, mode: 'rgb' });
    const png = readPng(path.join(out, 'image.png'));
    expect([png.width, png.height]).toEqual([12, 8]);
    expect(png.pixel(5, 5).slice(0, 3)).toEqual([120, 180, 240]);
    const stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8'));
    expect(stats).toMatchObject({ width: 12, height: 8, mean_in: 150, mean_out: 180 });
    expect(r.json.gpu).toMatch(/CPU/);
    expect(await kilnContainers()).toEqual([]);
  });

  it('applies contrast and gray mode', async () => {
    const input = path.join(work, 'photo2.png');
    writeSolidPng(input, 4, 4, [100, 150, 200]);
    const out = path.join(work, 'enhance-gray');
    const r = await kiln(
      [
        'run',
        'image-enhance',
        '--input',
        `image=${input}`,
        '--arg',
        'contrast=1.5',
        '--arg',
        'mode=gray',
        '--out',
        out,
        '--json',
      ],
      {
        home: home.home,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    // (v - 128) * 1.5 + 128 per channel: 86, 161, 236; then Pillow's L = (299 R + 587 G + 114 B) / 1000.
    const expected = Math.round((86 * 299 + 161 * 587 + 236 * 114) / 1000);
    const px = readPng(path.join(out, 'image.png')).pixel(1, 1);
    expect(Math.abs(px[0] - expected)).toBeLessThanOrEqual(1);
  });
});

describe('example: image-convert (command entry, ImageMagick)', () => {
  it('resizes and rotates through the real convert tool', async () => {
    const input = path.join(work, 'wide.png');
    writeSolidPng(input, 40, 20, [10, 200, 30]);
    const out = path.join(work, 'convert-out');
    const r = await kiln(
      [
        'run',
        path.join(EXAMPLES, 'image-convert'),
        '--input',
        `image=${input}`,
        '--arg',
        'width=16',
        '--arg',
        'height=8',
        '--arg',
        'rotate=90',
        '--out',
        out,
        '--json',
      ],
      { home: home.home },
    );
    expect(r.code, r.stderr).toBe(0);
    const png = readPng(path.join(out, 'image.png'));
    expect([png.width, png.height]).toEqual([8, 16]);
    const [red, green, blue] = png.pixel(4, 8);
    expect(Math.abs(red - 10)).toBeLessThanOrEqual(1);
    expect(Math.abs(green - 200)).toBeLessThanOrEqual(1);
    expect(Math.abs(blue - 30)).toBeLessThanOrEqual(1);
  });

  it('refuses a value outside the enum before starting anything', async () => {
    const input = path.join(work, 'wide.png');
    const r = await kiln(['run', 'image-convert', '--input', `image=${input}`, '--arg', 'rotate=45', '--json'], {
      home: home.home,
    });
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('BAD_ARGUMENT');
    expect(r.json.error.message).toBe('rotate=45 is not one of 0, 90, 180, 270');
  });
});

describe('example: native-threshold (C function built in the image)', () => {
  it('thresholds a PGM through the native entry', async () => {
    const input = path.join(work, 'gray.pgm');
    writePgm(input, 4, 2, [0, 50, 127, 128, 129, 200, 255, 10]);
    const out = path.join(work, 'native-out');
    const r = await kiln(
      ['run', path.join(EXAMPLES, 'native-threshold'), '--input', `image=${input}`, '--out', out, '--json'],
      { home: home.home },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readPgm(path.join(out, 'mask.pgm'))).toEqual({
      width: 4,
      height: 2,
      values: [0, 0, 0, 255, 255, 255, 255, 0],
    });
    const strict = await kiln(
      ['run', 'native-threshold', '--input', `image=${input}`, '--arg', 'threshold=200', '--out', out, '--json'],
      { home: home.home },
    );
    expect(strict.code, strict.stderr).toBe(0);
    expect(readPgm(path.join(out, 'mask.pgm')).values).toEqual([0, 0, 0, 0, 0, 255, 255, 0]);
  });
});

describe('kiln init', () => {
  it('creates a working algorithm folder from a template', async () => {
    const folder = path.join(work, 'my-algo');
    const r = await kiln(['init', folder, '--template', 'python', '--json'], { home: home.home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.name).toBe('my-algo');
    expect(readFileSync(path.join(folder, 'kiln.yaml'), 'utf8')).toMatch(/^name: my-algo$/m);
    const input = path.join(work, 'photo3.png');
    writeSolidPng(input, 2, 2, [50, 60, 70]);
    const run = await kiln(
      [
        'run',
        folder,
        '--input',
        `image=${input}`,
        '--arg',
        'brightness=2',
        '--out',
        path.join(folder, 'out'),
        '--json',
      ],
      {
        home: home.home,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.algorithm).toBe('my-algo');
    expect(
      readPng(path.join(folder, 'out', 'image.png'))
        .pixel(0, 0)
        .slice(0, 3),
    ).toEqual([100, 120, 140]);
    const again = await kiln(['init', folder, '--json'], { home: home.home });
    expect(again.code).toBe(2);
    expect(existsSync(path.join(folder, 'predict.py'))).toBe(true);
  });
});
